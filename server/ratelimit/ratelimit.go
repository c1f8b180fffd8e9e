// Package ratelimit holds the token buckets that throttle clients: one
// bucket per websocket, and a bounded table of buckets per client address
// for sign-in. Time is always passed in, so tests move it by hand.
package ratelimit

import (
	"cmp"
	"maps"
	"net/netip"
	"slices"
	"sync"
	"time"
)

// Limit is the rule of a token bucket: Burst events at once, then one more
// every Every.
type Limit struct {
	Burst int
	Every time.Duration
}

// PerMinute returns the limit of n events a minute, n of them at once.
func PerMinute(n int) Limit { return Limit{Burst: n, Every: time.Minute / time.Duration(n)} }

// Bucket is the state of one token bucket. The zero value is full. A Bucket
// is not safe for concurrent use.
type Bucket struct {
	used float64 // tokens taken and not yet back
	at   time.Time
}

func (b *Bucket) refill(l Limit, now time.Time) {
	if !b.at.IsZero() && now.After(b.at) {
		b.used = max(0, b.used-float64(now.Sub(b.at))/float64(l.Every))
	}
	if b.at.IsZero() || now.After(b.at) {
		b.at = now
	}
}

// Take spends one token. When none is left it returns false and how long
// until one is back.
func (b *Bucket) Take(l Limit, now time.Time) (wait time.Duration, ok bool) {
	b.refill(l, now)
	if b.used+1 <= float64(l.Burst) {
		b.used++
		return 0, true
	}
	return time.Duration((b.used + 1 - float64(l.Burst)) * float64(l.Every)), false
}

// Give returns a token taken for an event that turned out not to count.
func (b *Bucket) Give(l Limit, now time.Time) {
	b.refill(l, now)
	b.used = max(0, b.used-1)
}

// full reports whether the bucket has refilled completely: it then holds
// nothing a fresh bucket would not.
func (b *Bucket) full(l Limit, now time.Time) bool {
	b.refill(l, now)
	return b.used == 0
}

// Table keeps one Bucket per key (a client address), at most max of them,
// so a client with many addresses costs bounded memory. When full, buckets
// that have refilled go first, then the tenth that is fullest: forgetting
// them gives the least back. It is safe for concurrent use.
type Table struct {
	limit Limit
	max   int

	mu sync.Mutex
	m  map[string]*Bucket
}

// NewTable returns a table of at most max buckets with limit l.
func NewTable(l Limit, max int) *Table {
	return &Table{limit: l, max: max, m: make(map[string]*Bucket)}
}

// Take spends a token of key's bucket (see Bucket.Take).
func (t *Table) Take(key string, now time.Time) (wait time.Duration, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.m[key]
	if b == nil {
		if len(t.m) >= t.max {
			t.evict(now)
		}
		b = &Bucket{}
		t.m[key] = b
	}
	return b.Take(t.limit, now)
}

// Give returns a token to key's bucket (see Bucket.Give).
func (t *Table) Give(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if b := t.m[key]; b != nil {
		b.Give(t.limit, now)
	}
}

// Evict makes room in m, a table of at most max entries under keys that
// clients choose: it drops the entries that are spent, and if max or more
// are left, the tenth that sorts first by order.
func Evict[V any](m map[string]V, max int, spent func(V) bool, order func(a, b V) int) {
	for k, v := range m {
		if spent(v) {
			delete(m, k)
		}
	}
	if len(m) < max {
		return
	}
	keys := slices.SortedFunc(maps.Keys(m), func(a, b string) int { return order(m[a], m[b]) })
	for _, k := range keys[:len(keys)/10+1] {
		delete(m, k)
	}
}

func (t *Table) evict(now time.Time) {
	Evict(t.m, t.max, func(b *Bucket) bool { return b.full(t.limit, now) },
		func(a, b *Bucket) int { return cmp.Compare(a.used, b.used) })
}

// Len returns how many buckets the table holds.
func (t *Table) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.m)
}

// AddrKey is the key of a client address: an IPv4 address itself, an IPv6
// address its /64, because one subscriber usually holds a whole /64 and
// could otherwise take a fresh bucket for every request. Anything that is
// not an IP address is its own key.
func AddrKey(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	ip = ip.Unmap()
	if ip.Is4() {
		return ip.String()
	}
	p, _ := ip.WithZone("").Prefix(64)
	return p.String()
}
