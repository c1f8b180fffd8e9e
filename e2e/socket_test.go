package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"webtool/server/api"
)

// signInHTTP signs in as user over HTTP, as the login page does, and
// returns the session cookie ("name=value").
func signInHTTP(t testing.TB, srv *server, user string) string {
	t.Helper()
	body, _ := json.Marshal(api.LoginRequest{Login: user, Password: srv.password(t, user)})
	req, _ := http.NewRequest("POST", srv.URL+api.PathLogin, bytes.NewReader(body))
	req.Header.Set("Origin", srv.URL)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "webtool_session" && resp.StatusCode == http.StatusOK {
			return c.Name + "=" + c.Value
		}
	}
	t.Fatalf("sign in as %s: HTTP %d, no session cookie", user, resp.StatusCode)
	return ""
}

// socketURL is the websocket's address on srv.
func socketURL(srv *server) string {
	return "ws" + strings.TrimPrefix(srv.URL, "http") + api.PathSocket
}

// wsSession is a websocket of a signed-in user, opened as a tab opens it:
// the test asks the server directly for what it needs to know (a count),
// instead of assuming what the demo's data holds.
type wsSession struct {
	ws   *websocket.Conn
	next uint64
}

// dialAs signs in as user and opens a websocket; it closes with the test.
func dialAs(t testing.TB, srv *server, user string) *wsSession {
	t.Helper()
	h := http.Header{"Origin": {srv.URL}, "Cookie": {signInHTTP(t, srv, user)}}
	ws, _, err := websocket.DefaultDialer.Dial(socketURL(srv), h)
	if err != nil {
		t.Fatalf("open a socket as %s: %v", user, err)
	}
	t.Cleanup(func() { ws.Close() })
	return &wsSession{ws: ws}
}

// ask sends one request and decodes its reply into reply, skipping pushes.
func (s *wsSession) ask(t testing.TB, typ string, req, reply any) {
	t.Helper()
	s.next++
	data, _ := json.Marshal(req)
	if err := s.ws.WriteJSON(api.Envelope{ID: s.next, Type: typ, Data: data}); err != nil {
		t.Fatalf("send %s: %v", typ, err)
	}
	for {
		var env api.Envelope
		if err := s.ws.ReadJSON(&env); err != nil {
			t.Fatalf("reply to %s: %v", typ, err)
		}
		if env.ID != s.next {
			continue
		}
		if env.Type == api.TypeError {
			t.Fatalf("%s %s: %s", typ, data, env.Data)
		}
		if err := json.Unmarshal(env.Data, reply); err != nil {
			t.Fatalf("decode the reply to %s: %v", typ, err)
		}
		return
	}
}

// count is how many records of catalog match filter, as s may see them.
func (s *wsSession) count(t testing.TB, catalog string, filter api.Filter) int {
	t.Helper()
	var reply api.QueryReply
	s.ask(t, api.TypeQuery, api.QueryRequest{Catalog: catalog, Filter: filter}, &reply)
	return reply.Total
}

// The real binary refuses a websocket from a foreign Origin (even with a
// valid session cookie), with no Origin, or without a session.
func TestSocketRefusedWithoutOriginOrSession(t *testing.T) {
	srv := startServer(t)
	cookie := signInHTTP(t, srv, "admin")
	tests := []struct {
		name           string
		origin, cookie string
		want           int
	}{
		{"foreign origin", "https://attacker.example", cookie, 403},
		{"no origin", "", cookie, 403},
		{"no session", srv.URL, "", 401},
		{"forged session", srv.URL, "webtool_session=forged", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.origin != "" {
				h.Set("Origin", tt.origin)
			}
			if tt.cookie != "" {
				h.Set("Cookie", tt.cookie)
			}
			ws, resp, err := websocket.DefaultDialer.Dial(socketURL(srv), h)
			if err == nil {
				ws.Close()
				t.Fatal("upgraded")
			}
			if resp == nil || resp.StatusCode != tt.want {
				t.Fatalf("got %v, want %d", resp, tt.want)
			}
		})
	}
	// The same cookie with our own Origin is accepted: the refusals above
	// are about the origin and the session, not a broken socket.
	ws, _, err := websocket.DefaultDialer.Dial(socketURL(srv), http.Header{"Origin": {srv.URL}, "Cookie": {cookie}})
	if err != nil {
		t.Fatalf("own origin refused: %v", err)
	}
	ws.Close()
}
