package mobile

import (
	"testing"
	"time"
)

func TestTokenBucketFreesAtItsRate(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	b := tokenBucket{capacity: 30, perSecond: 0.5, tokens: 30, at: t0}
	for i := range 30 {
		if _, ok := b.take(t0); !ok {
			t.Fatalf("guess %d refused under the limit", i+1)
		}
	}
	until, ok := b.take(t0)
	if ok || !until.Equal(t0.Add(2*time.Second)) {
		t.Fatalf("over the limit: ok %v until %v, want refused until +2s", ok, until)
	}
	if _, ok := b.take(t0.Add(time.Second)); ok {
		t.Fatal("a token appeared before its time")
	}
	if _, ok := b.take(t0.Add(2 * time.Second)); !ok {
		t.Fatal("the limit did not free after 2s")
	}
	b.give(t0.Add(2 * time.Second))
	if _, ok := b.take(t0.Add(2 * time.Second)); !ok {
		t.Fatal("a token given back cannot be taken")
	}
	// Idle for an hour: full again, never above capacity.
	b.refill(t0.Add(time.Hour))
	if b.tokens != 30 {
		t.Fatalf("tokens after an hour = %v, want 30", b.tokens)
	}
}

func TestValidInput(t *testing.T) {
	for _, tt := range []struct {
		device string
		ok     bool
	}{{"phone-1", true}, {"Телефон 1", true}, {"", false}, {"a\nb", false}, {string(make([]byte, 129)), false}, {"\xff", false}} {
		if got := validDevice(tt.device); got != tt.ok {
			t.Errorf("validDevice(%q) = %v", tt.device, got)
		}
	}
	if !validPin("012345", 6) || validPin("01234", 6) || validPin("01234a", 6) || validPin("０12345", 6) {
		t.Error("validPin")
	}
}
