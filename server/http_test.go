package server

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"webtool/server/api"
)

// Every code the server may send has its HTTP status: a new code must say
// which.
func TestEveryCodeHasAnHTTPStatus(t *testing.T) {
	for _, code := range api.Codes {
		if _, ok := httpStatus[code]; !ok {
			t.Errorf("code %q has no HTTP status", code)
		}
	}
}

func TestWriteError(t *testing.T) {
	var logs syncBuffer
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	s := &Server{log: slog.New(slog.NewTextHandler(&logs, nil)), now: func() time.Time { return now }}
	soon := now.Add(1500 * time.Millisecond)
	tests := []struct {
		name       string
		err        error
		status     int
		code       api.Code
		retryAfter string
	}{
		{"a code", api.Errorf(api.CodeConflict, "changed"), http.StatusConflict, api.CodeConflict, ""},
		{"wrapped", errors.Join(errors.New("context"), api.Errorf(api.CodeNotFound, "gone")), http.StatusNotFound, api.CodeNotFound, ""},
		{"until, rounded up", &api.Error{Code: api.CodeLocked, Until: &soon}, http.StatusTooManyRequests, api.CodeLocked, "2"},
		{"until passed", &api.Error{Code: api.CodeBusy, Until: &now}, http.StatusServiceUnavailable, api.CodeBusy, "1"},
		{"an unknown code", api.Errorf("from_the_future", ""), http.StatusInternalServerError, "from_the_future", ""},
		{"a fault", errors.New("disk on fire at /var/lib"), http.StatusInternalServerError, api.CodeInternal, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			s.writeError(w, httptest.NewRequest("POST", "/api/x", nil), tt.err)
			var e api.Error
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
				t.Fatal(err)
			}
			if w.Code != tt.status || e.Code != tt.code || w.Header().Get("Retry-After") != tt.retryAfter {
				t.Errorf("got %d %q Retry-After %q, want %d %q %q", w.Code, e.Code, w.Header().Get("Retry-After"), tt.status, tt.code, tt.retryAfter)
			}
			if strings.Contains(w.Body.String(), "disk") {
				t.Errorf("the cause of a fault reached the client: %s", w.Body)
			}
		})
	}
	if !strings.Contains(logs.String(), "disk on fire") {
		t.Error("a fault was not logged")
	}
}

// Every endpoint that acts with the session cookie answers a page of
// another site 403 bad_origin, before it reads the session or the body.
func TestCookieEndpointsAnswerOnlyOurSite(t *testing.T) {
	ts := mustServer(t, nil)
	c, _, _ := ts.login(t, adminPassword)
	tests := []struct {
		method, path, origin string
		websocket            bool
	}{
		{"POST", api.PathLogin, "https://evil.example", false},
		{"POST", api.PathLogout, "https://evil.example", false},
		{"POST", api.PathExport, "https://evil.example", false},
		{"GET", api.PathBackup, "https://evil.example", false},
		{"GET", api.PathSocket, "https://evil.example", true},
		{"GET", api.PathSocket, "", true}, // a browser always says where an upgrade comes from
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path+" from "+tt.origin, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, ts.http.URL+tt.path, strings.NewReader("{}"))
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			if tt.websocket {
				req.Header.Set("Connection", "Upgrade")
				req.Header.Set("Upgrade", "websocket")
				req.Header.Set("Sec-WebSocket-Version", "13")
				req.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var e api.Error
			json.NewDecoder(resp.Body).Decode(&e)
			if resp.StatusCode != http.StatusForbidden || e.Code != api.CodeBadOrigin {
				t.Errorf("got %d %q, want 403 bad_origin", resp.StatusCode, e.Code)
			}
		})
	}
	// The sign-in the refused sign-out did not end still works.
	if ws, _, err := ts.dial(t, c, ts.http.URL); err != nil {
		t.Errorf("the session ended: %v", err)
	} else {
		ws.Close()
	}
}
