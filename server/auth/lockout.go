package auth

import (
	"strings"
	"sync"
	"time"
	"unicode"

	"webtool/server/ratelimit"
)

// Lockout is the rule for refusing logins after repeated failures: after
// Attempts failed attempts for one login name, every attempt (even with the
// right password) is refused until Window has passed since the last failure
// that counted. Attempts refused while locked do not count, so a stranger
// cannot keep a victim locked forever by trying every few minutes.
type Lockout struct {
	Attempts int
	Window   time.Duration
}

// Counter is the failed-attempt state of one login name.
type Counter struct {
	Failures    int       `json:"failures"`
	LastFailure time.Time `json:"lastFailure"`
}

// Begin decides whether an attempt made at now may go on to check the
// password. If it may, next counts the attempt as a failure in advance —
// the caller stores it in the same transaction as the check and clears it
// once the password proves right — so that parallel attempts can never
// check more passwords than the limit allows. If it may not, until says when
// the login opens again and next is c unchanged.
func (l Lockout) Begin(c Counter, now time.Time) (next Counter, until time.Time, ok bool) {
	if !c.LastFailure.IsZero() && !now.Before(c.LastFailure.Add(l.Window)) {
		// The window since the last failure has passed: old failures no
		// longer count.
		c = Counter{}
	}
	if c.Failures >= l.Attempts {
		return c, c.LastFailure.Add(l.Window), false
	}
	return Counter{Failures: c.Failures + 1, LastFailure: now}, time.Time{}, true
}

// LockedUntil returns when c's lock ends, or the zero time if c is not
// locked at now.
func (l Lockout) LockedUntil(c Counter, now time.Time) time.Time {
	until := c.LastFailure.Add(l.Window)
	if c.Failures >= l.Attempts && now.Before(until) {
		return until
	}
	return time.Time{}
}

// NormalizeLogin folds a login name so that "Admin", " admin " and "ad min"
// name the same account.
func NormalizeLogin(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// Counters keeps failure counters in memory, bounded: login names that
// are not accounts (so spraying names cannot grow the store) and the mobile
// check's devices. When full, counters whose window has passed go first,
// then the oldest tenth. It is safe for concurrent use.
type Counters struct {
	mu  sync.Mutex
	max int
	m   map[string]Counter
}

// NewCounters returns a table of at most max counters.
func NewCounters(max int) *Counters {
	return &Counters{max: max, m: make(map[string]Counter)}
}

// Begin is Lockout.Begin over the counter of key, atomically: if the
// attempt may go on it is counted in advance. prev is the counter before
// (and whether there was one), for Restore.
func (u *Counters) Begin(l Lockout, key string, now time.Time) (until time.Time, ok bool, prev Counter, had bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	prev, had = u.m[key]
	next, until, ok := l.Begin(prev, now)
	if ok {
		if !had && len(u.m) >= u.max {
			u.evict(l, now)
		}
		u.m[key] = next
	}
	return until, ok, prev, had
}

// Restore puts back the counter an attempt started from (see Begin): the
// attempt turned out not to be a guess.
func (u *Counters) Restore(key string, prev Counter, had bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if had {
		u.m[key] = prev
	} else {
		delete(u.m, key)
	}
}

// Undo takes back one failure Begin counted for key, for an attempt that
// was never checked. Unlike Restore it keeps what parallel attempts
// counted meanwhile.
func (u *Counters) Undo(key string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	c, ok := u.m[key]
	if !ok {
		return
	}
	if c.Failures--; c.Failures <= 0 {
		delete(u.m, key)
	} else {
		u.m[key] = c
	}
}

// Forget drops the counter of key (a right password or PIN).
func (u *Counters) Forget(key string) { u.Restore(key, Counter{}, false) }

// evict drops counters whose window has passed, and if that frees too
// little, the oldest tenth.
func (u *Counters) evict(l Lockout, now time.Time) {
	ratelimit.Evict(u.m, u.max, func(c Counter) bool { return !now.Before(c.LastFailure.Add(l.Window)) },
		func(a, b Counter) int { return a.LastFailure.Compare(b.LastFailure) })
}

// Get returns the counter of key.
func (u *Counters) Get(key string) Counter {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.m[key]
}

func (u *Counters) len() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.m)
}

// Refusals remembers which locks already have their refusal in the audit
// trail. A locked name or device is refused on every attempt; writing each
// refusal would let anyone, without signing in, fill the disk and keep the
// store's one writer busy. One line per lock says it all: who, from where,
// until when.
type Refusals struct {
	mu   sync.Mutex
	seen map[string]time.Time // key → the end of the lock already audited
}

// maxRefusals bounds Refusals; ended locks are dropped first.
const maxRefusals = 100_000

// First reports whether the refusal of key, locked until until, is the
// first of that lock (and so should be audited).
func (r *Refusals) First(key string, until, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = map[string]time.Time{}
	}
	if r.seen[key].Equal(until) {
		return false
	}
	if len(r.seen) >= maxRefusals {
		for k, u := range r.seen {
			if !now.Before(u) {
				delete(r.seen, k)
			}
		}
		if len(r.seen) >= maxRefusals {
			clear(r.seen) // all locks live: at worst some are audited again
		}
	}
	r.seen[key] = until
	return true
}
