package state

import (
	"errors"
	"testing"
	"time"

	"webtool/server/api"
)

func TestBackoff(t *testing.T) {
	tests := []struct {
		name string
		rand float64
		want []time.Duration
	}{
		{"lowest jitter", 0, []time.Duration{250, 500, 1000, 2000, 4000, 7500, 7500} /* ms */},
		{"highest jitter", 0.999999, []time.Duration{500, 1000, 2000, 4000, 8000, 15000, 15000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Backoff{Rand: func() float64 { return tt.rand }}
			for i, want := range tt.want {
				got := b.Next().Round(time.Millisecond)
				if want := want * time.Millisecond; got != want {
					t.Errorf("attempt %d: got %v, want %v", i, got, want)
				}
			}
			b.Reset()
			if got, want := b.Next().Round(time.Millisecond), map[bool]time.Duration{true: 250, false: 500}[tt.rand == 0]*time.Millisecond; got != want {
				t.Errorf("after Reset: got %v, want %v", got, want)
			}
		})
	}
}

func TestBackoffStaysInBounds(t *testing.T) {
	b := Backoff{Min: time.Second, Max: 4 * time.Second}
	for i := 0; i < 100; i++ {
		if d := b.Next(); d < 500*time.Millisecond || d > 4*time.Second {
			t.Fatalf("attempt %d: %v out of bounds", i, d)
		}
	}
}

func TestIDsNeverZero(t *testing.T) {
	var g IDs
	g.n.Store(^uint64(0) - 1)
	seen := map[uint64]bool{}
	for i := 0; i < 4; i++ {
		id := g.Next()
		if id == 0 {
			t.Fatal("got id 0")
		}
		if seen[id] {
			t.Fatalf("id %d repeated", id)
		}
		seen[id] = true
	}
}

func TestFormatUntil(t *testing.T) {
	novosibirsk := time.FixedZone("NOVT", 7*3600)
	now := time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC) // 12:00 in Novosibirsk
	tests := []struct {
		name  string
		until time.Time
		lang  string
		loc   *time.Location
		want  string
	}{
		{"today ru", time.Date(2026, 11, 23, 7, 35, 0, 0, time.UTC), "ru", novosibirsk, "14:35"},
		{"today en", time.Date(2026, 11, 23, 7, 35, 0, 0, time.UTC), "en", novosibirsk, "14:35"},
		{"tomorrow ru", time.Date(2026, 11, 23, 17, 5, 0, 0, time.UTC), "ru", novosibirsk, "00:05 24.11.2026"},
		{"tomorrow en", time.Date(2026, 11, 23, 17, 5, 0, 0, time.UTC), "en", novosibirsk, "00:05, 24 Nov 2026"},
		{"utc is another day", time.Date(2026, 11, 22, 23, 0, 0, 0, time.UTC), "ru", time.UTC, "23:00 22.11.2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatUntil(tt.until, tt.lang, tt.loc, now); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

var (
	errNet  = errors.New("fetch failed")
	reply   = api.LoginReply{User: api.User{Login: "ann", Name: "Ann Lee"}}
	unauth  = func(r api.EndReason) error { return &api.Error{Code: api.CodeUnauthorized, Reason: r} }
	lockEnd = time.Date(2026, 11, 23, 14, 35, 0, 0, time.UTC)
)

// step is one event applied to a Model, with what must hold afterwards.
type step struct {
	do         func(m *Model) Effect
	screen     Screen
	notice     string // "" means none; end reasons are prefixed "end:"
	conn       ConnState
	connect    bool
	disconnect bool
	check      bool
}

func noticeOf(m *Model) string {
	switch {
	case m.Notice == nil:
		return ""
	case m.Notice.Ended:
		return "end:" + m.Notice.Code
	default:
		return m.Notice.Code
	}
}

func TestModel(t *testing.T) {
	start := func(m *Model) Effect { return m.Start() }
	checked := func(r api.LoginReply, err error) func(*Model) Effect {
		return func(m *Model) Effect { return m.SessionChecked(r, err) }
	}
	login := func(r api.LoginReply, err error) func(*Model) Effect {
		return func(m *Model) Effect {
			if !m.LoginStarted() {
				t.Fatal("LoginStarted refused")
			}
			return m.LoginDone(r, err)
		}
	}
	ended := func(r api.EndReason) func(*Model) Effect {
		return func(m *Model) Effect { return m.SessionEnded(r) }
	}
	socketFailed := func(m *Model) Effect { return m.SocketFailed() }
	online := func(m *Model) Effect { m.ConnChanged(Online); return Effect{} }
	offline := func(m *Model) Effect { m.ConnChanged(Offline); return Effect{} }
	logout := func(m *Model) Effect {
		if !m.LogoutStarted() {
			t.Fatal("LogoutStarted refused")
		}
		return m.LogoutDone(nil)
	}

	tests := []struct {
		name  string
		steps []step
	}{
		{"session exists", []step{
			{do: start, screen: Checking, conn: Connecting, check: true},
			{do: checked(reply, nil), screen: Shell, conn: Connecting, connect: true},
			{do: online, screen: Shell, conn: Online},
		}},
		{"no session", []step{
			{do: start, screen: Checking, conn: Connecting, check: true},
			{do: checked(api.LoginReply{}, unauth("")), screen: Login, conn: Online},
		}},
		{"session ended while away", []step{
			{do: start, screen: Checking, conn: Connecting, check: true},
			{do: checked(api.LoginReply{}, unauth(api.EndIdle)), screen: Login, notice: "end:idle", conn: Online},
			{do: login(reply, nil), screen: Shell, conn: Connecting, connect: true},
		}},
		{"network down at start, then back", []step{
			{do: start, screen: Checking, conn: Connecting, check: true},
			{do: checked(api.LoginReply{}, errNet), screen: Login, conn: Offline, check: true},
			{do: checked(api.LoginReply{}, errNet), screen: Login, conn: Offline, check: true},
			{do: checked(api.LoginReply{}, unauth("")), screen: Login, conn: Online},
		}},
		{"bad credentials then lockout", []step{
			{do: start, screen: Checking, conn: Connecting, check: true},
			{do: checked(api.LoginReply{}, unauth("")), screen: Login, conn: Online},
			{do: login(api.LoginReply{}, &api.Error{Code: api.CodeBadCredentials}), screen: Login, notice: "bad_credentials", conn: Online},
			{do: login(api.LoginReply{}, &api.Error{Code: api.CodeLocked, Until: &lockEnd}), screen: Login, notice: "locked", conn: Online},
		}},
		{"login without network", []step{
			{do: start, screen: Checking, conn: Connecting, check: true},
			{do: checked(api.LoginReply{}, unauth("")), screen: Login, conn: Online},
			{do: login(api.LoginReply{}, errNet), screen: Login, notice: "network", conn: Offline, check: true},
			{do: checked(api.LoginReply{}, unauth("")), screen: Login, conn: Online},
		}},
		{"pushed session end", []step{
			{do: start, screen: Checking, conn: Connecting, check: true},
			{do: checked(reply, nil), screen: Shell, conn: Connecting, connect: true},
			{do: online, screen: Shell, conn: Online},
			{do: ended(api.EndExpired), screen: Login, notice: "end:expired", conn: Online, disconnect: true},
			{do: ended(api.EndIdle), screen: Login, notice: "end:expired", conn: Online},
		}},
		{"socket lost, session gone", []step{
			{do: start, screen: Checking, conn: Connecting, check: true},
			{do: checked(reply, nil), screen: Shell, conn: Connecting, connect: true},
			{do: offline, screen: Shell, conn: Offline},
			{do: socketFailed, screen: Shell, conn: Offline, check: true},
			{do: checked(api.LoginReply{}, unauth(api.EndRevoked)), screen: Login, notice: "end:revoked", conn: Online, disconnect: true},
		}},
		{"socket lost, network down", []step{
			{do: start, screen: Checking, conn: Connecting, check: true},
			{do: checked(reply, nil), screen: Shell, conn: Connecting, connect: true},
			{do: offline, screen: Shell, conn: Offline},
			{do: socketFailed, screen: Shell, conn: Offline, check: true},
			{do: checked(api.LoginReply{}, errNet), screen: Shell, conn: Offline},
			{do: online, screen: Shell, conn: Online},
		}},
		{"logout", []step{
			{do: start, screen: Checking, conn: Connecting, check: true},
			{do: checked(reply, nil), screen: Shell, conn: Connecting, connect: true},
			{do: logout, screen: Login, notice: "end:logout", conn: Online, disconnect: true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Model{retry: Backoff{Rand: func() float64 { return 0 }}}
			for i, s := range tt.steps {
				eff := s.do(&m)
				if got, want := m.Screen, s.screen; got != want {
					t.Errorf("step %d: screen %v, want %v", i, got, want)
				}
				if got, want := noticeOf(&m), s.notice; got != want {
					t.Errorf("step %d: notice %q, want %q", i, got, want)
				}
				if got, want := m.Conn, s.conn; got != want {
					t.Errorf("step %d: conn %q, want %q", i, got, want)
				}
				if got, want := eff.Connect, s.connect; got != want {
					t.Errorf("step %d: connect %v, want %v", i, got, want)
				}
				if got, want := eff.Disconnect, s.disconnect; got != want {
					t.Errorf("step %d: disconnect %v, want %v", i, got, want)
				}
				if got, want := eff.CheckSession, s.check; got != want {
					t.Errorf("step %d: check %v, want %v", i, got, want)
				}
			}
		})
	}
}

func TestRetryDelayGrowsAndResets(t *testing.T) {
	m := Model{retry: Backoff{Rand: func() float64 { return 0 }}}
	m.Start()
	var delays []time.Duration
	for i := 0; i < 3; i++ {
		delays = append(delays, m.SessionChecked(api.LoginReply{}, errNet).After)
	}
	if !(delays[0] < delays[1] && delays[1] < delays[2]) {
		t.Errorf("delays do not grow: %v", delays)
	}
	m.SessionChecked(api.LoginReply{}, unauth(""))
	m.LoginStarted()
	if got := m.LoginDone(api.LoginReply{}, errNet).After; got != delays[0] {
		t.Errorf("delay after reset: got %v, want %v", got, delays[0])
	}
}

func TestLockoutKeepsUntilAndCountsFailures(t *testing.T) {
	var m Model
	m.Start()
	m.SessionChecked(api.LoginReply{}, unauth(""))
	m.LoginStarted()
	m.LoginDone(api.LoginReply{}, &api.Error{Code: api.CodeLocked, Until: &lockEnd})
	if m.Notice == nil || m.Notice.Until == nil || !m.Notice.Until.Equal(lockEnd) {
		t.Fatalf("notice %+v: want Until %v", m.Notice, lockEnd)
	}
	if got, want := m.Failures, 1; got != want {
		t.Errorf("failures %d, want %d", got, want)
	}
	if !m.LoginStarted() || m.LoginStarted() {
		t.Error("a second LoginStarted while busy must be refused")
	}
}

func TestLastLoginSurvivesSessionEnd(t *testing.T) {
	var m Model
	m.Start()
	m.SessionChecked(reply, nil)
	m.SessionEnded(api.EndIdle)
	if got, want := m.LastLogin, "ann"; got != want {
		t.Errorf("LastLogin %q, want %q", got, want)
	}
}
