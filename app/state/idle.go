package state

import (
	"strconv"
	"time"
)

// The server ends a session after its idle limit without a request
// (server/dispatch.go touches the session on each one). Typing, scrolling
// through rows already loaded or reading a card send none, so the client
// speaks for the user: after an action it pings, at most once per
// IdlePing, and before the limit is reached without any action it warns.

// IdleWarnLead is how long before the idle limit the warning shows.
const IdleWarnLead = 2 * time.Minute

// IdleWarnFloor is the least inactivity the warning waits for when the
// limit is too short to warn IdleWarnLead ahead: it must not flash up
// right after every request.
const IdleWarnFloor = 10 * time.Second

// IdleWarnAfter is how long without requests or user actions the warning
// waits: IdleWarnLead before the limit, but never sooner than
// IdleWarnFloor (or a third of the limit, for limits under 30 s). With the
// default 30 minutes it shows after 28; with 2m10s after 10 s.
func IdleWarnAfter(limit time.Duration) time.Duration {
	return max(limit-IdleWarnLead, min(limit/3, IdleWarnFloor))
}

// IdlePing is the least time between two pings sent for user actions: a
// minute, or a tenth of the limit, or half the warning's wait, whichever
// is least — so that an action is always reported before the warning
// would show.
func IdlePing(limit time.Duration) time.Duration {
	return min(time.Minute, limit/10, IdleWarnAfter(limit)/2)
}

// Idle follows one session's idleness. It is driven by the UI: Touched for
// each request the server has heard, Acted for each user action, and Step
// on a timer (about once a second) and after an action. The zero Idle
// (no limit) never pings or warns. Not safe for concurrent use.
type Idle struct {
	// Limit is the server's idle limit (LoginReply.IdleTimeoutSeconds).
	Limit time.Duration

	touched time.Time // the last request the server heard
	acted   time.Time // the last user action
	pinged  time.Time // the last ping asked for (its reply may be pending)
}

// NewIdle starts following a session whose last request was at now (the
// sign-in or session check that brought the limit).
func NewIdle(limit time.Duration, now time.Time) Idle {
	return Idle{Limit: limit, touched: now}
}

// Touched records a request that reached the server, sent at at. An older
// one than already known changes nothing.
func (t *Idle) Touched(at time.Time) {
	if at.After(t.touched) {
		t.touched = at
	}
}

// Acted records a user action at now.
func (t *Idle) Acted(now time.Time) {
	if now.After(t.acted) {
		t.acted = now
	}
}

// Stay is the warning's "stay signed in": an action that must reach the
// server at once, whatever the interval since the last ping. Step then
// asks for the ping.
func (t *Idle) Stay(now time.Time) {
	t.Acted(now)
	t.pinged = time.Time{}
}

// IdleStep is what the UI does now.
type IdleStep struct {
	// Ping: send a ping now (an action has not been reported yet).
	Ping bool
	// Warn: show the warning; Left is the time until the session ends.
	Warn bool
	Left time.Duration
	// Ended: the limit has passed without a request; the server has ended
	// the session (the UI checks it).
	Ended bool
	// WarnAt is when the warning will show if nothing happens meanwhile;
	// EndsAt is when the session ends then.
	WarnAt, EndsAt time.Time
}

// Step decides what to do at now. Asking to ping marks the ping as sent:
// the next one waits IdlePing, even if this one's reply never comes.
func (t *Idle) Step(now time.Time) IdleStep {
	if t.Limit <= 0 {
		return IdleStep{}
	}
	// An action not yet reported will be by a ping within IdlePing, so the
	// deadlines run from the later of the two.
	last := t.touched
	unreported := t.acted.After(t.touched)
	if unreported {
		last = t.acted
	}
	every := IdlePing(t.Limit)
	s := IdleStep{WarnAt: last.Add(IdleWarnAfter(t.Limit)), EndsAt: last.Add(t.Limit)}
	if unreported && now.Sub(t.touched) >= every && (t.pinged.IsZero() || now.Sub(t.pinged) >= every) {
		s.Ping = true
		t.pinged = now
	}
	switch {
	case !now.Before(s.EndsAt):
		s.Ended = true
	case !now.Before(s.WarnAt):
		s.Warn = true
		s.Left = s.EndsAt.Sub(now)
	}
	return s
}

// FormatLeft words the time left before a session ends, as the warning's
// countdown shows it: "1:05", "0:09" (minutes and seconds, rounded up so
// that it never shows 0:00 while time remains).
func FormatLeft(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	if secs < 0 {
		secs = 0
	}
	s := secs % 60
	out := strconv.Itoa(secs/60) + ":"
	if s < 10 {
		out += "0"
	}
	return out + strconv.Itoa(s)
}
