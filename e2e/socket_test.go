package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// The real binary refuses a websocket from a foreign Origin (even with a
// valid session cookie), with no Origin, or without a session.
func TestSocketRefusedWithoutOriginOrSession(t *testing.T) {
	srv := startServer(t)
	body, _ := json.Marshal(map[string]string{"login": "admin", "password": adminPassword})
	req, _ := http.NewRequest("POST", srv.URL+"/api/login", bytes.NewReader(body))
	req.Header.Set("Origin", srv.URL)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var cookie string
	for _, c := range resp.Cookies() {
		if c.Name == "webtool_session" {
			cookie = c.Name + "=" + c.Value
		}
	}
	if resp.StatusCode != 200 || cookie == "" {
		t.Fatalf("login: %d, cookie %q", resp.StatusCode, cookie)
	}
	wsURL := "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws"
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
			ws, resp, err := websocket.DefaultDialer.Dial(wsURL, h)
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
	h := http.Header{"Origin": {srv.URL}, "Cookie": {cookie}}
	ws, _, err := websocket.DefaultDialer.Dial(wsURL, h)
	if err != nil {
		t.Fatalf("own origin refused: %v", err)
	}
	ws.Close()
}
