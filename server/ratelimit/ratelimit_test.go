package ratelimit

import (
	"fmt"
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
