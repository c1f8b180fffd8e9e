package state

import (
	"slices"
	"time"
	"unicode/utf8"
)

// How long a toast stays: longer for a long text.
const (
	ToastLife = 6 * time.Second
	ToastLong = 12 * time.Second
	// MaxToasts is how many toasts show at once; older ones go.
	MaxToasts = 4
)

// Toast is one notification of a screen.
type Toast struct {
	ID   int
	Code string
	Text string
	OK   bool
}

// Toasts are the notifications a screen shows. The zero Toasts is ready.
type Toasts struct {
	List []Toast
	seq  int
}

// Add shows a toast and returns its id and how long it should stay.
func (t *Toasts) Add(code, text string, ok bool) (id int, life time.Duration) {
	t.seq++
	t.List = append(t.List, Toast{ID: t.seq, Code: code, Text: text, OK: ok})
	if len(t.List) > MaxToasts {
		t.List = t.List[len(t.List)-MaxToasts:]
	}
	life = ToastLife
	if utf8.RuneCountInString(text) > 80 { // characters: a Russian letter is two bytes
		life = ToastLong
	}
	return t.seq, life
}

// Dismiss removes the toast id (gone already is fine).
func (t *Toasts) Dismiss(id int) {
	t.List = slices.DeleteFunc(t.List, func(x Toast) bool { return x.ID == id })
}
