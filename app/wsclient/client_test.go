package wsclient

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"webtool/app/state"
	"webtool/server/api"
)

// fakeServer stands in for the browser's WebSocket and the server behind it.
// refuse makes dials fail the way a refused upgrade does: a close without
// an open.
type fakeServer struct {
	mu     sync.Mutex
	refuse bool
	conns  []*fakeConn
	dials  chan *fakeConn
}

type fakeConn struct {
	ev     Events
	sent   chan api.Envelope
	closed sync.Once
}

func newFakeServer() *fakeServer { return &fakeServer{dials: make(chan *fakeConn, 16)} }

func (s *fakeServer) dial(_ string, ev Events) (Conn, error) {
	c := &fakeConn{ev: ev, sent: make(chan api.Envelope, 16)}
	s.mu.Lock()
	refuse := s.refuse
	s.conns = append(s.conns, c)
	s.mu.Unlock()
	go func() {
		if refuse {
			c.drop()
			return
		}
		ev.Open()
		s.dials <- c
	}()
	return c, nil
}

func (s *fakeServer) setRefuse(v bool) {
	s.mu.Lock()
	s.refuse = v
	s.mu.Unlock()
}

func (c *fakeConn) Send(data []byte) error {
	var env api.Envelope
	if err := json.Unmarshal(data, &env); err != nil {
		return err
	}
	c.sent <- env
	return nil
}

func (c *fakeConn) Close() { c.drop() }

// drop closes the socket from the server's side without a close frame.
func (c *fakeConn) drop() { c.closeWith(1006) }

// closeWith closes the socket from the server's side with code.
func (c *fakeConn) closeWith(code int) { c.closed.Do(func() { go c.ev.Close(code) }) }

func (c *fakeConn) push(t *testing.T, env api.Envelope) {
	t.Helper()
	b, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	c.ev.Message(b)
}

// recorder collects a client's callbacks.
type recorder struct {
	status chan state.ConnState
	pushes chan api.Envelope
	opens  chan struct{}
	fails  chan struct{}
}

func newRecorder() *recorder {
	return &recorder{
		status: make(chan state.ConnState, 64),
		pushes: make(chan api.Envelope, 64),
		opens:  make(chan struct{}, 64),
		fails:  make(chan struct{}, 64),
	}
}

func mustStart(t *testing.T, s *fakeServer, r *recorder) *Client {
	t.Helper()
	c := New(Config{
		URL:      "ws://test/ws",
		Dial:     s.dial,
		Backoff:  state.Backoff{Min: time.Millisecond, Max: 4 * time.Millisecond},
		OnStatus: func(st state.ConnState) { r.status <- st },
		OnOpen:   func() { r.opens <- struct{}{} },
		OnPush:   func(env api.Envelope) { r.pushes <- env },
		OnFailed: func() { r.fails <- struct{}{} },
	})
	c.Start()
	t.Cleanup(c.Close)
	return c
}

func wait[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(2 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// noRedial fails if the client dials again within 50 ms, more than ten of
// the test backoff's longest waits.
func noRedial(t *testing.T, s *fakeServer, after string) {
	t.Helper()
	select {
	case <-s.dials:
		t.Errorf("redialled after %s", after)
	case <-time.After(50 * time.Millisecond):
	}
}

func waitStatus(t *testing.T, r *recorder, want state.ConnState) {
	t.Helper()
	for {
		if got := wait(t, r.status, string(want)); got == want {
			return
		}
	}
}

func TestRequestReplyAndError(t *testing.T) {
	s, r := newFakeServer(), newRecorder()
	c := mustStart(t, s, r)
	conn := wait(t, s.dials, "dial")
	waitStatus(t, r, state.Online)

	// The server answers out of order: correlation is by id, not arrival.
	type result struct {
		hello api.Hello
		err   error
	}
	helloDone := make(chan result, 1)
	go func() {
		var h api.Hello
		err := c.Request(context.Background(), api.TypeHello, nil, &h)
		helloDone <- result{h, err}
	}()
	pingDone := make(chan error, 1)
	go func() { pingDone <- c.Request(context.Background(), "forbidden_thing", nil, nil) }()

	reqs := map[string]api.Envelope{}
	for i := 0; i < 2; i++ {
		env := wait(t, conn.sent, "request")
		if env.ID == 0 {
			t.Fatalf("request %q sent with id 0", env.Type)
		}
		reqs[env.Type] = env
	}
	errData, _ := json.Marshal(api.Error{Code: api.CodeForbidden})
	conn.push(t, api.Envelope{ID: reqs["forbidden_thing"].ID, Type: api.TypeError, Data: errData})
	helloData, _ := json.Marshal(api.Hello{User: api.User{Login: "ann"}})
	conn.push(t, api.Envelope{ID: reqs[api.TypeHello].ID, Type: api.TypeHello, Data: helloData})

	if err := wait(t, pingDone, "error reply"); api.ErrorCode(err) != api.CodeForbidden {
		t.Errorf("error reply: got %v, want code %q", err, api.CodeForbidden)
	}
	got := wait(t, helloDone, "hello reply")
	if got.err != nil || got.hello.User.Login != "ann" {
		t.Errorf("hello: got %+v, %v", got.hello, got.err)
	}
}

func TestPushesGoToHandler(t *testing.T) {
	s, r := newFakeServer(), newRecorder()
	mustStart(t, s, r)
	conn := wait(t, s.dials, "dial")
	conn.push(t, api.Envelope{Type: "record_changed", Data: json.RawMessage(`{"x":1}`)})
	if got := wait(t, r.pushes, "push"); got.Type != "record_changed" {
		t.Errorf("push type %q", got.Type)
	}
}

func TestOfflineRequestFailsFast(t *testing.T) {
	s, r := newFakeServer(), newRecorder()
	s.setRefuse(true)
	c := mustStart(t, s, r)
	wait(t, r.fails, "failed attempt")
	start := time.Now()
	if err := c.Request(context.Background(), api.TypePing, nil, nil); !errors.Is(err, ErrOffline) {
		t.Errorf("got %v, want ErrOffline", err)
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("offline request took %v", d)
	}
}

func TestReconnectsAfterDropAndFailsPending(t *testing.T) {
	s, r := newFakeServer(), newRecorder()
	c := mustStart(t, s, r)
	conn := wait(t, s.dials, "dial")
	waitStatus(t, r, state.Online)
	wait(t, r.opens, "first open")

	pending := make(chan error, 1)
	go func() { pending <- c.Request(context.Background(), api.TypePing, nil, nil) }()
	wait(t, conn.sent, "ping")

	s.setRefuse(true)
	conn.drop()
	if err := wait(t, pending, "pending request"); !errors.Is(err, ErrConnectionLost) {
		t.Errorf("pending request: got %v, want ErrConnectionLost", err)
	}
	waitStatus(t, r, state.Offline)
	wait(t, r.fails, "failed reconnect")

	s.setRefuse(false)
	wait(t, s.dials, "redial")
	waitStatus(t, r, state.Online)
	wait(t, r.opens, "second open")
}

// A server that goes away (1001) is restarting: the banner says so while
// the client reconnects, and the next open is online again.
func TestGoingAwayIsARestart(t *testing.T) {
	s, r := newFakeServer(), newRecorder()
	mustStart(t, s, r)
	conn := wait(t, s.dials, "dial")
	waitStatus(t, r, state.Online)
	s.setRefuse(true)
	conn.closeWith(api.CloseGoingAway)
	if got := wait(t, r.status, "status after going away"); got != state.Restarting {
		t.Fatalf("status %q, want restarting", got)
	}
	wait(t, r.fails, "failed reconnect")
	s.setRefuse(false)
	wait(t, s.dials, "redial")
	waitStatus(t, r, state.Online)
	// A drop without a close frame is offline, as before.
	conn = s.conns[len(s.conns)-1]
	conn.drop()
	if got := wait(t, r.status, "status after a drop"); got != state.Offline {
		t.Fatalf("status %q after a drop, want offline", got)
	}
}

// A tab closed because its session has too many is parked: it does not
// come back by itself, or it would evict another tab in turn.
func TestTooManyTabsParks(t *testing.T) {
	s, r := newFakeServer(), newRecorder()
	mustStart(t, s, r)
	conn := wait(t, s.dials, "dial")
	waitStatus(t, r, state.Online)
	conn.closeWith(api.CloseTooManyTabs)
	waitStatus(t, r, state.Parked)
	noRedial(t, s, "too_many_tabs")
}

func TestSessionEndedStopsReconnecting(t *testing.T) {
	s, r := newFakeServer(), newRecorder()
	mustStart(t, s, r)
	conn := wait(t, s.dials, "dial")
	data, _ := json.Marshal(api.SessionEnded{Reason: api.EndIdle})
	conn.push(t, api.Envelope{Type: api.TypeSessionEnded, Data: data})
	if got := wait(t, r.pushes, "push"); got.Type != api.TypeSessionEnded {
		t.Fatalf("push %q", got.Type)
	}
	conn.drop()
	noRedial(t, s, "session_ended")
}

func TestCloseStopsEverything(t *testing.T) {
	s, r := newFakeServer(), newRecorder()
	c := mustStart(t, s, r)
	wait(t, s.dials, "dial")
	c.Close()
	if err := c.Request(context.Background(), api.TypePing, nil, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: got %v, want ErrClosed", err)
	}
	noRedial(t, s, "Close")
}

func TestDecode(t *testing.T) {
	until := time.Date(2026, 11, 23, 14, 35, 0, 0, time.UTC)
	lockedBody, _ := json.Marshal(api.Error{Code: api.CodeLocked, Until: &until})
	tests := []struct {
		name     string
		resp     Response
		wantCode api.Code // "" means success
		wantName string
	}{
		{"ok", Response{Status: 200, Body: []byte(`{"user":{"login":"ann","name":"Ann"}}`)}, "", "Ann"},
		{"no content", Response{Status: 204, Body: nil}, "", ""},
		{"locked", Response{Status: 423, Body: lockedBody}, api.CodeLocked, ""},
		{"unauthorized with reason", Response{Status: 401, Body: []byte(`{"code":"unauthorized","reason":"idle"}`)}, api.CodeUnauthorized, ""},
		{"proxy html", Response{Status: 502, Body: []byte(`<html>Bad gateway</html>`)}, api.CodeUnavailable, ""},
		{"empty 401", Response{Status: 401, Body: nil}, api.CodeUnauthorized, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reply api.LoginReply
			err := decode(tt.resp, &reply)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				if got := reply.User.Name; got != tt.wantName {
					t.Errorf("name %q, want %q", got, tt.wantName)
				}
				return
			}
			var apiErr *api.Error
			if !errors.As(err, &apiErr) || apiErr.Code != tt.wantCode {
				t.Fatalf("got %v, want code %q", err, tt.wantCode)
			}
			if tt.wantCode == api.CodeLocked && (apiErr.Until == nil || !apiErr.Until.Equal(until)) {
				t.Errorf("until %v, want %v", apiErr.Until, until)
			}
		})
	}
}

func TestSocketURL(t *testing.T) {
	if got, want := SocketURL("https:", "example.com:8443", "/ws"), "wss://example.com:8443/ws"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := SocketURL("http:", "localhost:8080", "/ws"), "ws://localhost:8080/ws"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNativeFetchIsNetworkError(t *testing.T) {
	_, err := Session(context.Background())
	if !IsNetwork(err) {
		t.Errorf("native Session: got %v, want a network error", err)
	}
}
