package auth

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"webtool/server/store"
)

// attemptLog decides which failed or refused sign-ins get an audit record
// of their own, so that guessing — however many names or addresses it
// uses — cannot grow the store faster than a fixed rate:
//
//   - an address gets at most one record a minute; its further attempts in
//     that minute are counted and written as one login.failures record when
//     the minute is over;
//   - a name gets at most one record per lock window; attempts on it from
//     other addresses are counted the same way;
//   - at most perMinute addresses a minute, all together, get a record;
//     attempts from more addresses are counted in one server-wide
//     login.failures record a minute.
//
// So at most 3·perMinute+1 records a minute are written, and the memory
// is bounded by perMinute·(window/minute) slots. It is safe for concurrent
// use.
type attemptLog struct {
	window    time.Duration
	perMinute int

	mu     sync.Mutex
	addrs  map[string]*slot
	names  map[string]*slot
	global *slot
	// budget: addresses given a slot since budgetStart.
	budgetStart time.Time
	budgetUsed  int
}

// attemptKind is how an attempt ended.
type attemptKind int

const (
	attemptFailed    attemptKind = iota // the password was checked and was wrong
	attemptRefused                      // refused because the name is locked
	attemptThrottled                    // refused by the address's rate limit; never a record of its own
)

// slot counts the attempts of one address, name or the whole server that
// were not written as records of their own.
type slot struct {
	key        string // the address or name; "" for the server-wide slot
	byAddr     bool
	start, end time.Time
	counts     [3]int // by attemptKind
	samples    []string
}

// maxSamples is how many names (of an address) or addresses (of a name) a
// summary lists.
const maxSamples = 5

func newAttemptLog(window time.Duration, perMinute int) *attemptLog {
	return &attemptLog{window: window, perMinute: perMinute, addrs: map[string]*slot{}, names: map[string]*slot{}}
}

// note records one attempt by name (an actor, already cut to MaxLoginLen)
// from addr. It returns the records to write now, in the transaction that
// records the attempt: the attempt's own record when it gets one, and the
// summaries of slots that are over.
func (l *attemptLog) note(kind attemptKind, rec store.AuditRecord, addrKey string) []store.AuditRecord {
	now := rec.At
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.due(now, false)
	if a := l.addrs[addrKey]; a != nil {
		a.add(kind, rec.Actor)
		return out
	}
	if !now.Before(l.budgetStart.Add(time.Minute)) {
		l.budgetStart, l.budgetUsed = now, 0
	}
	if l.budgetUsed >= l.perMinute {
		if l.global == nil {
			l.global = &slot{start: now, end: now.Add(time.Minute)}
		}
		l.global.add(kind, addrKey)
		return out
	}
	l.budgetUsed++
	l.addrs[addrKey] = &slot{key: addrKey, byAddr: true, start: now, end: now.Add(time.Minute)}
	if kind == attemptThrottled {
		l.addrs[addrKey].add(kind, rec.Actor)
		return out
	}
	if n := l.names[rec.Actor]; n != nil {
		n.add(kind, addrKey)
		return out
	}
	l.names[rec.Actor] = &slot{key: rec.Actor, start: now, end: now.Add(l.window)}
	return append(out, rec)
}

// flush returns the summaries of the slots that are over at now, or of
// every slot when all is set (at shutdown).
func (l *attemptLog) flush(now time.Time, all bool) []store.AuditRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.due(now, all)
}

// due removes the slots that are over and returns the summaries of those
// that counted anything; l.mu must be held.
func (l *attemptLog) due(now time.Time, all bool) []store.AuditRecord {
	var out []store.AuditRecord
	for _, m := range []map[string]*slot{l.addrs, l.names} {
		for k, s := range m {
			if all || !now.Before(s.end) {
				delete(m, k)
				out = s.summary(now, out)
			}
		}
	}
	if l.global != nil && (all || !now.Before(l.global.end)) {
		out = l.global.summary(now, out)
		l.global = nil
	}
	// Map order is random; the trail reads better in a stable order.
	sort.Slice(out, func(i, j int) bool { return out[i].Addr+out[i].Actor < out[j].Addr+out[j].Actor })
	return out
}

func (s *slot) add(kind attemptKind, sample string) {
	s.counts[kind]++
	if len(s.samples) < maxSamples && sample != s.key {
		for _, have := range s.samples {
			if have == sample {
				return
			}
		}
		s.samples = append(s.samples, sample)
	}
}

// summary appends s's login.failures record to out, if it counted anything.
func (s *slot) summary(now time.Time, out []store.AuditRecord) []store.AuditRecord {
	if s.counts == [3]int{} {
		return out
	}
	var parts []string
	for kind, what := range []string{"failed", "refused while locked", "over the address's rate limit"} {
		if n := s.counts[kind]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	r := store.AuditRecord{At: now, Action: "login.failures", Result: "failed"}
	var scope, listed string
	switch {
	case s.byAddr:
		r.Addr, scope, listed = s.key, "from this address", "names"
	case s.key != "":
		r.Actor, scope, listed = s.key, "for this name", "addresses"
	default:
		scope, listed = "from addresses over the audit budget", "addresses"
	}
	r.Detail = fmt.Sprintf("%s sign-in attempts %s not logged one by one between %s and %s",
		strings.Join(parts, ", "), scope, s.start.UTC().Format(time.RFC3339), minTime(now, s.end).UTC().Format(time.RFC3339))
	if len(s.samples) > 0 {
		r.Detail += "; " + listed + ": " + strings.Join(s.samples, ", ")
		if len(s.samples) == maxSamples {
			r.Detail += ", …"
		}
	}
	return append(out, r)
}
