package state

import (
	"math/rand/v2"
	"time"
)

// Backoff spaces reconnection attempts: the delay doubles from Min up to Max
// after each failure and goes back to Min after a good connection. Each
// delay is drawn from the upper half of its step ("equal jitter"), so a
// restarted server is not hit by every tab at the same instant while no tab
// retries sooner than half the step.
//
// The zero value uses DefaultMinBackoff and DefaultMaxBackoff. A Backoff is
// not safe for concurrent use.
type Backoff struct {
	Min, Max time.Duration
	// Rand returns a number in [0, 1); nil means math/rand. Tests set it to
	// get repeatable delays.
	Rand func() float64

	step time.Duration
}

// Defaults for the zero Backoff: quick enough that a server restart is
// barely noticed, slow enough that a long outage costs little.
const (
	DefaultMinBackoff = 500 * time.Millisecond
	DefaultMaxBackoff = 15 * time.Second
)

// Next returns how long to wait before the next attempt and advances.
func (b *Backoff) Next() time.Duration {
	lo, hi := b.Min, b.Max
	if lo <= 0 {
		lo = DefaultMinBackoff
	}
	if hi < lo {
		hi = max(DefaultMaxBackoff, lo)
	}
	if b.step < lo {
		b.step = lo
	}
	step := b.step
	b.step = min(step*2, hi)

	r := rand.Float64
	if b.Rand != nil {
		r = b.Rand
	}
	half := step / 2
	return half + time.Duration(r()*float64(step-half))
}

// Reset makes the next delay short again; call it after a connection that
// worked.
func (b *Backoff) Reset() { b.step = 0 }
