package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"webtool/server/api"
)

// Sign-in attempts from one address beyond -login-rate are answered 429
// rate_limited with Retry-After, before any password is checked.
func TestLoginRateLimitOverHTTP(t *testing.T) {
	ts := mustServer(t, func(c *Config) { c.LoginRate = 3 })
	for i := range 3 {
		c := ts.client(t)
		if resp, e := ts.post(t, c, api.PathLogin, ts.http.URL, api.LoginRequest{Login: fmt.Sprintf("name%d", i), Password: "wrong"}); resp.StatusCode != 401 {
			t.Fatalf("attempt %d: %d %+v", i, resp.StatusCode, e)
		}
	}
	_, resp, e := ts.login(t, adminPassword)
	if resp.StatusCode != http.StatusTooManyRequests || e.Code != api.CodeRateLimited || e.Until == nil {
		t.Fatalf("4th attempt: %d %+v, want 429 rate_limited with until", resp.StatusCode, e)
	}
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || s < 1 || s > 20 {
		t.Errorf("Retry-After = %q, want the ~20 s until the next attempt", resp.Header.Get("Retry-After"))
	}
}

// A socket flooded with messages is answered rate_limited beyond its rate,
// then closed as a policy violation; a well-behaved one is not touched.
func TestSocketFloodIsLimitedThenClosed(t *testing.T) {
	ts := mustServer(t, nil)
	c, _, _ := ts.login(t, adminPassword)
	ws := ts.mustDial(t, c)
	type result struct {
		pongs, limited int
		err            error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		ws.SetReadDeadline(time.Now().Add(20 * time.Second))
		for {
			var env api.Envelope
			if r.err = ws.ReadJSON(&env); r.err != nil {
				done <- r
				return
			}
			switch {
			case env.Type == api.TypePong:
				r.pongs++
			case errCode(env) == api.CodeRateLimited && env.ID != 0:
				r.limited++
			}
		}
	}()
	const sent = 2000
	for i := range sent {
		if err := ws.WriteMessage(websocket.TextMessage, fmt.Appendf(nil, `{"id":%d,"type":"ping"}`, i+1)); err != nil {
			break // closed under the flood
		}
	}
	r := <-done
	var ce *websocket.CloseError
	if !errors.As(r.err, &ce) || ce.Code != api.ClosePolicyViolation {
		t.Fatalf("flood ended with %v, want close %d", r.err, api.ClosePolicyViolation)
	}
	if r.limited == 0 || r.pongs >= sent/2 {
		t.Fatalf("%d pongs and %d rate_limited replies for %d pings, want most refused", r.pongs, r.limited, sent)
	}
	// The session is fine: a new socket works.
	if env := roundTrip(t, ts.mustDial(t, c), []byte(`{"id":1,"type":"ping"}`)); env.Type != api.TypePong {
		t.Fatalf("after the flood: %+v", env)
	}
}

// A session at the socket cap loses its least recently used socket to a
// new one, with a close code that tells that tab not to reconnect.
func TestSocketsPerSessionCapped(t *testing.T) {
	ts := mustServer(t, nil)
	c, _, _ := ts.login(t, adminPassword)
	var socks []*websocket.Conn
	for range maxSocketsPerSession {
		ws := ts.mustDial(t, c)
		roundTrip(t, ws, []byte(`{"id":1,"type":"ping"}`))
		socks = append(socks, ws)
	}
	// The first tab is in use again; the second is now the least recent.
	roundTrip(t, socks[0], []byte(`{"id":2,"type":"ping"}`))
	if env := roundTrip(t, ts.mustDial(t, c), []byte(`{"id":1,"type":"ping"}`)); env.Type != api.TypePong {
		t.Fatalf("new socket over the cap: %+v", env)
	}
	_, err := readUntilClosed(t, socks[1])
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != api.CloseTooManyTabs {
		t.Fatalf("least recently used socket: %v, want close %d", err, api.CloseTooManyTabs)
	}
	for i, s := range socks {
		if i == 1 {
			continue
		}
		if env := roundTrip(t, s, []byte(`{"id":3,"type":"ping"}`)); env.Type != api.TypePong {
			t.Fatalf("socket %d after the eviction: %+v", i, env)
		}
	}
}
