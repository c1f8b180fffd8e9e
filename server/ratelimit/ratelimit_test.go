package ratelimit

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func TestBucket(t *testing.T) {
	l := Limit{Burst: 3, Every: time.Second}
	var b Bucket
	for i := range 3 {
		if _, ok := b.Take(l, t0); !ok {
			t.Fatalf("take %d of the burst refused", i+1)
		}
	}
	wait, ok := b.Take(l, t0)
	if ok || wait != time.Second {
		t.Fatalf("4th take at once: ok %v wait %v, want refused for 1s", ok, wait)
	}
	if _, ok := b.Take(l, t0.Add(500*time.Millisecond)); ok {
		t.Fatal("half a token was enough")
	}
	if _, ok := b.Take(l, t0.Add(time.Second)); !ok {
		t.Fatal("a token did not come back after Every")
	}
	b.Give(l, t0.Add(time.Second))
	if _, ok := b.Take(l, t0.Add(time.Second)); !ok {
		t.Fatal("a token given back cannot be taken")
	}
	// A clock that goes back does not mint tokens.
	if _, ok := b.Take(l, t0); ok {
		t.Fatal("going back in time refilled the bucket")
	}
	// A long pause refills to Burst, not beyond.
	later := t0.Add(time.Hour)
	for i := range 3 {
		if _, ok := b.Take(l, later); !ok {
			t.Fatalf("take %d after an hour refused", i+1)
		}
	}
	if _, ok := b.Take(l, later); ok {
		t.Fatal("an hour's pause gave more than Burst")
	}
}

func TestPerMinute(t *testing.T) {
	l := PerMinute(30)
	var b Bucket
	n := 0
	for now := t0; now.Before(t0.Add(time.Minute)); now = now.Add(100 * time.Millisecond) {
		if _, ok := b.Take(l, now); ok {
			n++
		}
	}
	// 30 at once, then one every 2 s for the rest of the minute.
	if n != 59 {
		t.Fatalf("%d events in the first minute of a flood, want 59", n)
	}
}

// A client with more addresses than the table holds costs bounded memory,
// and buckets that are busy survive the eviction of idle ones.
func TestTableIsBounded(t *testing.T) {
	l := Limit{Burst: 2, Every: time.Hour}
	tab := NewTable(l, 100)
	tab.Take("busy", t0)
	tab.Take("busy", t0)
	for i := range 10_000 {
		tab.Take(fmt.Sprintf("10.0.%d.%d", i/256, i%256), t0.Add(time.Duration(i)*time.Millisecond))
		if n := tab.Len(); n > 100 {
			t.Fatalf("table holds %d buckets, want at most 100", n)
		}
	}
	if _, ok := tab.Take("busy", t0.Add(30*time.Second)); ok {
		t.Fatal("the busy bucket was forgotten while idle ones were kept")
	}
}

// Evict drops what is spent first and the tenth that sorts first only when
// that is not enough, so a full table always has room for one more.
func TestEvict(t *testing.T) {
	table := func(n int) map[string]int {
		m := make(map[string]int, n)
		for i := range n {
			m[fmt.Sprint(i)] = i
		}
		return m
	}
	byValue := func(a, b int) int { return cmp.Compare(a, b) }
	for _, tt := range []struct {
		name  string
		max   int
		spent func(int) bool
		left  []int // what stays of 0..19
	}{
		{"spent entries free enough", 20, func(v int) bool { return v%2 == 0 }, []int{1, 3, 5, 7, 9, 11, 13, 15, 17, 19}},
		{"one spent is room for one", 20, func(v int) bool { return v == 0 }, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}},
		{"nothing spent: the first tenth and one go", 20, func(int) bool { return false }, []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}},
		{"too few spent: then the first tenth of the rest", 18, func(v int) bool { return v == 0 }, []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := table(20)
			Evict(m, tt.max, tt.spent, byValue)
			if got := slices.Sorted(maps.Values(m)); !slices.Equal(got, tt.left) {
				t.Errorf("left %v, want %v", got, tt.left)
			}
		})
	}
}

func TestAddrKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"192.0.2.7", "192.0.2.7"},
		{"::ffff:192.0.2.7", "192.0.2.7"},
		{"2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"},
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"fe80::1%eth0", "fe80::/64"},
		{"pipe", "pipe"},
	}
	for _, tt := range tests {
		if got := AddrKey(tt.in); got != tt.want {
			t.Errorf("AddrKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
