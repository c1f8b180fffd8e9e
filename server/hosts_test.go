package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"webtool/server/api"
)

// A page on another site that rebinds its name to our address still sends
// its own name in Host: every path answers 421 before anything runs.
func TestForeignHostIsMisdirected(t *testing.T) {
	ts := mustServer(t, func(c *Config) {
		c.PublicURL = "https://webtool.example.com"
		c.AllowedHosts = "intranet-webtool, 10.1.2.3"
	})
	tests := []struct {
		host string
		ok   bool
	}{
		{"127.0.0.1:8080", true},
		{"localhost:41234", true},
		{"LocalHost.", true},
		{"[::1]:8080", true},
		{"[0:0:0:0:0:0:0:1]", true},
		{"webtool.example.com", true},
		{"webtool.example.com:443", true},
		{"intranet-webtool:8080", true},
		{"10.1.2.3", true},
		{"evil.example", false},
		{"evil.example:8080", false},
		{"127.0.0.1.nip.io", false},
		{"example.com", false},
		{"", false},
	}
	for _, tt := range tests {
		for _, path := range []string{"/", api.PathLogin, api.PathSocket, api.PathMobileBind, "/web/app.wasm"} {
			method := "GET"
			if path == api.PathLogin || path == api.PathMobileBind {
				method = "POST"
			}
			req := httptest.NewRequest(method, path, bytes.NewReader([]byte(`{"login":"admin","password":"x"}`)))
			req.Host = tt.host
			req.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			ts.Handler().ServeHTTP(w, req)
			if got := w.Code == http.StatusMisdirectedRequest; got == tt.ok {
				t.Errorf("%s %s with Host %q: %d, want misdirected %v", method, path, tt.host, w.Code, !tt.ok)
			}
		}
	}
}

// Behind a proxy that ends TLS, the page's origin is the -public-url's:
// sign-in from it is accepted and the cookie is Secure.
func TestPublicURLOriginBehindAProxy(t *testing.T) {
	ts := mustServer(t, func(c *Config) { c.PublicURL = "https://webtool.example.com" })
	login := func(origin string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", api.PathLogin, strings.NewReader(`{"login":"admin","password":"`+adminPassword+`"}`))
		req.Host = "webtool.example.com"
		req.Header.Set("Origin", origin)
		w := httptest.NewRecorder()
		ts.Handler().ServeHTTP(w, req)
		return w
	}
	w := login("https://webtool.example.com")
	if w.Code != http.StatusOK {
		t.Fatalf("sign-in from the public origin: %d %s", w.Code, w.Body)
	}
	if c := w.Result().Cookies(); len(c) != 1 || !c[0].Secure {
		t.Errorf("cookie behind an https proxy = %+v, want Secure", c)
	}
	if w := login("https://evil.example"); w.Code != http.StatusForbidden {
		t.Errorf("sign-in from another origin: %d, want 403", w.Code)
	}
}
