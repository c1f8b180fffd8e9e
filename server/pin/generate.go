package pin

import (
	"crypto/rand"
	"fmt"
	"io"

	"webtool/server/api"
)

// Length limits of a PIN.
const (
	MinLength = 4
	MaxLength = 12
)

// MaxAttempts bounds the candidates Generate draws before it gives up: with
// a PIN space f full, all of them are taken with probability f^200 (below
// one in a billion at 90 %), so hitting the bound means the space really
// is nearly used up.
const MaxAttempts = 200

// ErrExhausted is returned when no free PIN was found in MaxAttempts.
var ErrExhausted = &api.Error{Code: api.CodePinExhausted,
	Message: "no free PIN found: the PIN space is nearly used up; raise -pin-length"}

// Generate returns a random PIN of length digits that is not weak and for
// which taken reports false. Digits come from r (crypto/rand.Reader when
// nil) by rejection sampling, so each is uniform. After MaxAttempts
// candidates it returns ErrExhausted rather than loop forever.
func Generate(r io.Reader, length int, taken func(pin string) bool) (string, error) {
	if length < MinLength || length > MaxLength {
		return "", fmt.Errorf("PIN length %d outside %d..%d", length, MinLength, MaxLength)
	}
	if r == nil {
		r = rand.Reader
	}
	d := digits{r: r}
	buf := make([]byte, length)
	for range MaxAttempts {
		for i := range buf {
			c, err := d.next()
			if err != nil {
				return "", fmt.Errorf("read random digits: %w", err)
			}
			buf[i] = c
		}
		pin := string(buf)
		if !Weak(pin) && (taken == nil || !taken(pin)) {
			return pin, nil
		}
	}
	return "", ErrExhausted
}

// digits draws uniform decimal digits from random bytes: bytes 250..255
// are dropped, so that byte % 10 favours no digit.
type digits struct {
	r   io.Reader
	buf [64]byte
	n   int // unread bytes at the end of buf
}

func (d *digits) next() (byte, error) {
	for {
		if d.n == 0 {
			if _, err := io.ReadFull(d.r, d.buf[:]); err != nil {
				return 0, err
			}
			d.n = len(d.buf)
		}
		b := d.buf[len(d.buf)-d.n]
		d.n--
		if b < 250 {
			return '0' + b%10, nil
		}
	}
}

// Weak reports whether a PIN is one a person would guess first: at most two
// distinct digits (0000, 1212, 1000), an ascending or descending run, with
// wrap-around (1234, 890123, 3210, 210987), or two equal halves (123123).
func Weak(pin string) bool {
	seen := map[byte]bool{}
	for i := 0; i < len(pin); i++ {
		seen[pin[i]] = true
	}
	if len(seen) <= 2 {
		return true
	}
	up, down := true, true
	for i := 1; i < len(pin); i++ {
		step := (int(pin[i]) - int(pin[i-1]) + 10) % 10
		up = up && step == 1
		down = down && step == 9
	}
	if up || down {
		return true
	}
	h := len(pin) / 2
	return len(pin)%2 == 0 && pin[:h] == pin[h:]
}
