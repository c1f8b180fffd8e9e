package state

import (
	"testing"
	"time"
)

func TestIdleTimings(t *testing.T) {
	for _, tt := range []struct {
		limit, warnAfter, ping time.Duration
	}{
		{30 * time.Minute, 28 * time.Minute, time.Minute},
		{6 * time.Minute, 4 * time.Minute, 36 * time.Second},
		{130 * time.Second, 10 * time.Second, 5 * time.Second},
		{2 * time.Minute, 10 * time.Second, 5 * time.Second},
		{15 * time.Second, 5 * time.Second, 1500 * time.Millisecond},
	} {
		if got := IdleWarnAfter(tt.limit); got != tt.warnAfter {
			t.Errorf("IdleWarnAfter(%v) = %v, want %v", tt.limit, got, tt.warnAfter)
		}
		if got := IdlePing(tt.limit); got != tt.ping {
			t.Errorf("IdlePing(%v) = %v, want %v", tt.limit, got, tt.ping)
		}
		// A ping for an action always comes before the warning would.
		if IdlePing(tt.limit) >= IdleWarnAfter(tt.limit) {
			t.Errorf("limit %v: ping every %v, warning after %v", tt.limit, IdlePing(tt.limit), IdleWarnAfter(tt.limit))
		}
	}
}

func TestIdleWarnsWithoutActivity(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	idle := NewIdle(30*time.Minute, t0)
	if s := idle.Step(t0.Add(27 * time.Minute)); s.Warn || s.Ping || s.Ended {
		t.Fatalf("at 27 min: %+v", s)
	}
	s := idle.Step(t0.Add(28*time.Minute + 5*time.Second))
	if !s.Warn || s.Ping || s.Left != 115*time.Second {
		t.Fatalf("at 28:05: %+v, want a warning with 1:55 left", s)
	}
	if got := FormatLeft(s.Left); got != "1:55" {
		t.Errorf("countdown %q", got)
	}
	if s := idle.Step(t0.Add(30 * time.Minute)); !s.Ended || s.Warn {
		t.Fatalf("at 30 min: %+v, want ended", s)
	}
}

func TestIdleRequestsMoveTheDeadline(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	idle := NewIdle(30*time.Minute, t0)
	idle.Touched(t0.Add(10 * time.Minute))
	idle.Touched(t0.Add(5 * time.Minute)) // an older reply changes nothing
	s := idle.Step(t0.Add(29 * time.Minute))
	if s.Warn || s.Ping {
		t.Fatalf("%+v", s)
	}
	if want := t0.Add(38 * time.Minute); !s.WarnAt.Equal(want) {
		t.Errorf("warn at %v, want %v", s.WarnAt, want)
	}
}

func TestIdleActionsPing(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	idle := NewIdle(30*time.Minute, t0)
	at := func(d time.Duration) time.Time { return t0.Add(d) }

	// Typing soon after a request: no ping yet, but the warning moves.
	idle.Acted(at(20 * time.Second))
	s := idle.Step(at(20 * time.Second))
	if s.Ping {
		t.Fatal("pinged 20 s after a request")
	}
	if want := at(20*time.Second + 28*time.Minute); !s.WarnAt.Equal(want) {
		t.Errorf("warn at %v, want %v", s.WarnAt, want)
	}
	// The timer reports it once a minute has passed since the request,
	// even though the user has stopped typing.
	if s := idle.Step(at(59 * time.Second)); s.Ping {
		t.Fatal("pinged before a minute")
	}
	if s := idle.Step(at(60 * time.Second)); !s.Ping {
		t.Fatal("no ping a minute after the request for an action since")
	}
	// Its reply pending, the next step does not ping again.
	if s := idle.Step(at(61 * time.Second)); s.Ping {
		t.Fatal("pinged twice")
	}
	idle.Touched(at(60 * time.Second))
	// Nothing done since the ping: no ping, however long it is.
	if s := idle.Step(at(10 * time.Minute)); s.Ping {
		t.Fatal("pinged without an action")
	}
	// A lost reply: another action is reported a minute after the ping.
	idle.Acted(at(11 * time.Minute))
	if s := idle.Step(at(11 * time.Minute)); !s.Ping {
		t.Fatal("no ping for an action ten minutes after the last request")
	}
	idle.Acted(at(11*time.Minute + 30*time.Second))
	if s := idle.Step(at(11*time.Minute + 30*time.Second)); s.Ping {
		t.Fatal("pinged again within a minute of a ping")
	}
	if s := idle.Step(at(12 * time.Minute)); !s.Ping {
		t.Fatal("the unanswered ping is not retried a minute later")
	}
}

func TestIdleActionClosesTheWarning(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	limit := 130 * time.Second
	idle := NewIdle(limit, t0)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	if s := idle.Step(at(11 * time.Second)); !s.Warn || s.Left != 119*time.Second {
		t.Fatalf("at 11 s: %+v", s)
	}
	idle.Acted(at(12 * time.Second))
	s := idle.Step(at(12 * time.Second))
	if s.Warn || !s.Ping {
		t.Fatalf("after an action: %+v, want no warning and a ping", s)
	}
	idle.Touched(at(12 * time.Second))

	// "Stay" pings at once, even right after another ping.
	idle.Step(at(30 * time.Second))
	idle.Stay(at(31 * time.Second))
	if s := idle.Step(at(31 * time.Second)); !s.Ping || s.Warn {
		t.Fatalf("after stay: %+v", s)
	}
}

func TestIdleWithoutLimit(t *testing.T) {
	var idle Idle
	idle.Acted(time.Now())
	if s := idle.Step(time.Now().Add(time.Hour)); s != (IdleStep{}) {
		t.Fatalf("%+v", s)
	}
}

func TestFormatLeft(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0:00"},
		{-time.Second, "0:00"},
		{300 * time.Millisecond, "0:01"},
		{9 * time.Second, "0:09"},
		{65 * time.Second, "1:05"},
		{119*time.Second + 100*time.Millisecond, "2:00"},
		{10 * time.Minute, "10:00"},
	} {
		if got := FormatLeft(tt.d); got != tt.want {
			t.Errorf("FormatLeft(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
