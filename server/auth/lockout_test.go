package auth

import (
	"fmt"
	"testing"
	"time"
)

func TestLockoutBegin(t *testing.T) {
	l := Lockout{Attempts: 3, Window: 15 * time.Minute}
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	locked := Counter{Failures: 3, LastFailure: t0}
	tests := []struct {
		name      string
		c         Counter
		now       time.Time
		wantOK    bool
		wantNext  Counter
		wantUntil time.Time
	}{
		{"first attempt is counted in advance", Counter{}, t0, true, Counter{1, t0}, time.Time{}},
		{"third attempt still allowed", Counter{2, t0}, t0.Add(time.Minute), true, Counter{3, t0.Add(time.Minute)}, time.Time{}},
		{"fourth refused", locked, t0.Add(time.Second), false, locked, t0.Add(15 * time.Minute)},
		{"refused a millisecond before the end", locked, t0.Add(15*time.Minute - time.Millisecond), false, locked, t0.Add(15 * time.Minute)},
		{"open exactly at the end, counting from zero", locked, t0.Add(15 * time.Minute), true, Counter{1, t0.Add(15 * time.Minute)}, time.Time{}},
		{"old failures forgotten after the window", Counter{2, t0}, t0.Add(16 * time.Minute), true, Counter{1, t0.Add(16 * time.Minute)}, time.Time{}},
		{"failures inside the window add up", Counter{2, t0}, t0.Add(14 * time.Minute), true, Counter{3, t0.Add(14 * time.Minute)}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, until, ok := l.Begin(tt.c, tt.now)
			if ok != tt.wantOK || next != tt.wantNext || !until.Equal(tt.wantUntil) {
				t.Fatalf("Begin(%+v, %v) = %+v, %v, %v; want %+v, %v, %v", tt.c, tt.now, next, until, ok, tt.wantNext, tt.wantUntil, tt.wantOK)
			}
		})
	}
}

// Attempts made while locked must not push the end of the lock further out.
func TestLockoutRefusedAttemptsDoNotExtend(t *testing.T) {
	l := Lockout{Attempts: 3, Window: 15 * time.Minute}
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	c := Counter{}
	for i := range 3 {
		c, _, _ = l.Begin(c, t0.Add(time.Duration(i)*time.Second))
	}
	lastFailure := t0.Add(2 * time.Second)
	for m := 1; m < 15; m++ {
		var ok bool
		c, _, ok = l.Begin(c, lastFailure.Add(time.Duration(m)*time.Minute))
		if ok {
			t.Fatalf("attempt %d minutes after the lock was let through", m)
		}
	}
	if _, _, ok := l.Begin(c, lastFailure.Add(15*time.Minute)); !ok {
		t.Fatal("lock extended by attempts made while locked")
	}
}

func TestNormalizeLogin(t *testing.T) {
	for in, want := range map[string]string{
		"admin": "admin", " Admin ": "admin", "AD MIN": "admin", "Иванова\t": "иванова", "": "",
	} {
		if got := NormalizeLogin(in); got != want {
			t.Errorf("NormalizeLogin(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnknownCountersBounded(t *testing.T) {
	l := Lockout{Attempts: 3, Window: time.Hour}
	u := NewCounters(100)
	t0 := time.Now()
	for i := range 10_000 {
		u.Begin(l, fmt.Sprintf("name%d", i), t0.Add(time.Duration(i)*time.Millisecond))
	}
	if n := u.len(); n > 100 {
		t.Fatalf("%d counters kept, want at most 100", n)
	}
	// The newest names are still counted, so they lock like real ones.
	for range 3 {
		u.Begin(l, "name9999", t0.Add(10*time.Second))
	}
	if _, ok, _, _ := u.Begin(l, "name9999", t0.Add(11*time.Second)); ok {
		t.Fatal("unknown name not locked after its attempts")
	}
}
