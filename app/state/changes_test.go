package state

import (
	"slices"
	"testing"
)

// changesRun plays the screen's side of Changes over a script and counts
// the refreshes it makes: one per pause that is due, one per own save.
type changesRun struct {
	c         Changes
	pauses    []int // seqs waiting for their pause to end
	refreshes int
	heard     []string // ids the refreshes said changed
}

func (r *changesRun) push(ids ...string) {
	if seq, ok := r.c.Push(ids); ok {
		r.pauses = append(r.pauses, seq)
	}
}

// pause ends every running pause.
func (r *changesRun) pause() {
	for _, seq := range r.pauses {
		if ids, ok := r.c.Due(seq); ok {
			r.refreshes++
			r.heard = append(r.heard, ids...)
		}
	}
	r.pauses = nil
}

func (r *changesRun) saved() {
	others, _, _ := r.c.SaveDone(true)
	r.refreshes++ // the screen refreshes after its own save
	r.heard = append(r.heard, others...)
}

func (r *changesRun) failed() {
	if _, seq, ok := r.c.SaveDone(false); ok {
		r.pauses = append(r.pauses, seq)
	}
}

func TestChanges(t *testing.T) {
	tests := []struct {
		name      string
		script    func(r *changesRun)
		refreshes int
		heard     []string
	}{
		{"a burst refreshes once", func(r *changesRun) {
			r.push("a")
			r.push("b")
			r.push("c")
			r.pause()
		}, 1, []string{"a", "b", "c"}},
		{"own save: one refresh", func(r *changesRun) {
			r.c.SaveStarted()
			r.saved()
			r.pause()
		}, 1, nil},
		{"a change of the saved record during the save reaches the card", func(r *changesRun) {
			r.c.SaveStarted()
			r.push("o3") // another tab saved it after us: never our echo
			r.saved()
			r.pause()
		}, 1, []string{"o3"}},
		{"after the save a push of the saved record is a change", func(r *changesRun) {
			r.c.SaveStarted()
			r.saved()
			r.push("o3")
			r.pause()
		}, 2, []string{"o3"}},
		{"another record changed during the save rides on the save's refresh", func(r *changesRun) {
			r.c.SaveStarted()
			r.push("o9")
			r.saved()
			r.pause()
		}, 1, []string{"o9"}},
		{"a failed save refreshes for what was heard meanwhile", func(r *changesRun) {
			r.c.SaveStarted()
			r.push("o9")
			r.failed()
			r.pause()
		}, 1, []string{"o9"}},
		{"a failed save with nothing heard refreshes nothing", func(r *changesRun) {
			r.c.SaveStarted()
			r.failed()
			r.pause()
		}, 0, nil},
		{"a pause running when the save's refresh goes out is covered by it", func(r *changesRun) {
			r.push("o9") // someone else, just before our save
			r.c.SaveStarted()
			r.saved()
			r.pause()
		}, 1, []string{"o9"}},
		{"an own refresh covers the pushes before it", func(r *changesRun) {
			r.push("a")
			r.heard = append(r.heard, r.c.Refreshed()...)
			r.refreshes++
			r.pause()
		}, 1, []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r changesRun
			tt.script(&r)
			if r.refreshes != tt.refreshes {
				t.Errorf("refreshes = %d, want %d", r.refreshes, tt.refreshes)
			}
			if !slices.Equal(r.heard, tt.heard) {
				t.Errorf("heard %v, want %v", r.heard, tt.heard)
			}
		})
	}
}

func TestChangesResetForgetsASaveInFlight(t *testing.T) {
	var c Changes
	c.SaveStarted()
	c.Reset() // another catalog: the save's reply is dropped
	if _, ok := c.Push([]string{"x"}); !ok {
		t.Error("a push after Reset is held as if a save were still out")
	}
}
