package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/gorilla/websocket"

	"webtool/server/api"
)

const adminPassword = "admin-password-1"

// fakeWasm is what the test server embeds in place of the real UI.
var fakeWasm = bytes.Repeat([]byte("\x00asm fake module "), 1000)

func testFiles(tb testing.TB) fstest.MapFS {
	var gz, br bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(fakeWasm)
	zw.Close()
	bw := brotli.NewWriter(&br)
	bw.Write(fakeWasm)
	bw.Close()
	return fstest.MapFS{
		"web/README.md":                      {Data: []byte("build output")},
		"web/app.wasm.gz":                    {Data: gz.Bytes()},
		"web/app.wasm.br":                    {Data: br.Bytes()},
		"assets/app.css":                     {Data: []byte("body{}")},
		"assets/icons/icon.svg":              {Data: []byte("<svg/>")},
		"assets/icons/icon-192.png":          {Data: []byte("\x89PNG")},
		"assets/icons/icon-512.png":          {Data: []byte("\x89PNG")},
		"assets/icons/icon-maskable-512.png": {Data: []byte("\x89PNG")},
		"assets/icons/apple-touch-icon.png":  {Data: []byte("\x89PNG")},
	}
}

// testServer is a Server behind httptest with its session sweeper running.
type testServer struct {
	*Server
	http *httptest.Server
}

func mustServer(tb testing.TB, change func(*Config)) *testServer {
	tb.Helper()
	return mustServerLog(tb, change, io.Discard, io.Discard)
}

// mustServerLog is mustServer writing its messages to out and its log to
// logw.
func mustServerLog(tb testing.TB, change func(*Config), out, logw io.Writer) *testServer {
	tb.Helper()
	cfg := Config{
		Addr: "127.0.0.1:0", DB: filepath.Join(tb.TempDir(), "w.db"),
		LockoutAttempts: 3, LockoutWindow: 15 * time.Minute,
		SessionIdle: 30 * time.Minute, SessionMax: 12 * time.Hour,
		AdminPassword: adminPassword,
		PinLength:     6, PinGuessesPerMinute: 30,
		LoginRate: 30,
	}
	if change != nil {
		change(&cfg)
	}
	s, err := New(cfg, testFiles(tb), out, logw)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go s.hub.run(ctx)
	ts := newHTTPTest(s)
	tb.Cleanup(func() {
		cancel()
		s.hub.closeAll()
		ts.Close()
		s.db.Close()
	})
	return &testServer{Server: s, http: ts}
}

// client is a browser-like HTTP client with a cookie jar that sends our
// Origin.
func (ts *testServer) client(tb testing.TB) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

// send sends a request for path with c from origin ("": none); a body is
// JSON.
func (ts *testServer) send(tb testing.TB, c *http.Client, method, path, origin string, body io.Reader) *http.Response {
	tb.Helper()
	req, _ := http.NewRequest(method, ts.http.URL+path, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := c.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	return resp
}

func (ts *testServer) post(tb testing.TB, c *http.Client, path, origin string, body any) (*http.Response, api.Error) {
	tb.Helper()
	b, _ := json.Marshal(body)
	resp := ts.send(tb, c, "POST", path, origin, bytes.NewReader(b))
	defer resp.Body.Close()
	var e api.Error
	raw, _ := io.ReadAll(resp.Body)
	json.Unmarshal(raw, &e)
	return resp, e
}

func (ts *testServer) login(tb testing.TB, password string) (*http.Client, *http.Response, api.Error) {
	c := ts.client(tb)
	resp, e := ts.post(tb, c, api.PathLogin, ts.http.URL, api.LoginRequest{Login: "admin", Password: password})
	return c, resp, e
}

func (ts *testServer) dial(tb testing.TB, c *http.Client, origin string) (*websocket.Conn, *http.Response, error) {
	h := http.Header{}
	if origin != "" {
		h.Set("Origin", origin)
	}
	if c != nil {
		for _, ck := range c.Jar.Cookies(mustURL(ts.http.URL)) {
			h.Add("Cookie", ck.Name+"="+ck.Value)
		}
	}
	return websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ts.http.URL, "http")+api.PathSocket, h)
}

// mustDial opens a socket for c's session from our own origin and closes it
// when the test ends.
func (ts *testServer) mustDial(tb testing.TB, c *http.Client) *websocket.Conn {
	tb.Helper()
	ws, resp, err := ts.dial(tb, c, ts.http.URL)
	if err != nil {
		tb.Fatalf("dial: %v %v", resp, err)
	}
	tb.Cleanup(func() { ws.Close() })
	return ws
}

func TestLoginSetsAHardenedCookie(t *testing.T) {
	ts := mustServer(t, nil)
	_, resp, e := ts.login(t, adminPassword)
	if resp.StatusCode != 200 {
		t.Fatalf("login: %d %+v", resp.StatusCode, e)
	}
	var ck *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == api.SessionCookie {
			ck = c
		}
	}
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || len(ck.Value) < 22 {
		t.Fatalf("cookie = %+v, want HttpOnly SameSite=Strict with ≥128 bits", ck)
	}
	_, resp2, _ := ts.login(t, adminPassword)
	for _, c := range resp2.Cookies() {
		if c.Name == api.SessionCookie && c.Value == ck.Value {
			t.Fatal("second login reused the session token")
		}
	}
}

func TestLoginErrors(t *testing.T) {
	ts := mustServer(t, nil)
	c := ts.client(t)
	tests := []struct {
		name   string
		origin string
		body   any
		status int
		code   api.Code
	}{
		{"wrong password", ts.http.URL, api.LoginRequest{Login: "admin", Password: "nope"}, 401, api.CodeBadCredentials},
		{"unknown login says the same", ts.http.URL, api.LoginRequest{Login: "ghost", Password: "nope"}, 401, api.CodeBadCredentials},
		{"foreign origin", "https://evil.example", api.LoginRequest{Login: "admin", Password: adminPassword}, 403, api.CodeBadOrigin},
		{"not JSON", ts.http.URL, "just a string", 400, api.CodeBadRequest},
		{"too large", ts.http.URL, api.LoginRequest{Login: "admin", Password: strings.Repeat("x", 5000)}, 413, api.CodeTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, e := ts.post(t, c, api.PathLogin, tt.origin, tt.body)
			if resp.StatusCode != tt.status || e.Code != tt.code {
				t.Fatalf("got %d %q, want %d %q", resp.StatusCode, e.Code, tt.status, tt.code)
			}
		})
	}
}

func TestLockoutOverHTTP(t *testing.T) {
	ts := mustServer(t, nil)
	for i := range 3 {
		ts.login(t, "wrong")
		_ = i
	}
	_, resp, e := ts.login(t, adminPassword)
	if resp.StatusCode != http.StatusTooManyRequests || e.Code != api.CodeLocked || e.Until == nil {
		t.Fatalf("4th attempt: %d %+v, want 429 locked with until", resp.StatusCode, e)
	}
	if resp.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After header")
	}
}

func TestSocketRefusals(t *testing.T) {
	ts := mustServer(t, nil)
	c, _, _ := ts.login(t, adminPassword)
	tests := []struct {
		name   string
		client *http.Client
		origin string
		status int
	}{
		{"foreign origin with a valid session", c, "https://evil.example", 403},
		{"same host, other scheme", c, strings.Replace(ts.http.URL, "http", "https", 1), 403},
		{"no origin", c, "", 403},
		{"no session", nil, ts.http.URL, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws, resp, err := ts.dial(t, tt.client, tt.origin)
			if err == nil {
				ws.Close()
				t.Fatal("socket upgraded")
			}
			if resp == nil || resp.StatusCode != tt.status {
				t.Fatalf("response %v, want %d", resp, tt.status)
			}
		})
	}
}

func roundTrip(t *testing.T, ws *websocket.Conn, frame []byte) api.Envelope {
	t.Helper()
	if err := ws.WriteMessage(websocket.TextMessage, frame); err != nil {
		t.Fatal(err)
	}
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	var env api.Envelope
	if err := ws.ReadJSON(&env); err != nil {
		t.Fatalf("read reply to %.40q: %v", frame, err)
	}
	return env
}

func errCode(env api.Envelope) api.Code {
	var e api.Error
	json.Unmarshal(env.Data, &e)
	return e.Code
}

func TestSocketProtocol(t *testing.T) {
	ts := mustServer(t, nil)
	c, _, _ := ts.login(t, adminPassword)
	ws := ts.mustDial(t, c)

	env := roundTrip(t, ws, []byte(`{"id":1,"type":"hello"}`))
	var hello api.Hello
	json.Unmarshal(env.Data, &hello)
	if env.ID != 1 || env.Type != api.TypeHello || hello.User.Login != "admin" || len(hello.Navigation) == 0 {
		t.Fatalf("hello reply = %+v %+v", env, hello)
	}
	tests := []struct {
		name  string
		frame []byte
		id    uint64
		code  api.Code
	}{
		{"malformed JSON", []byte(`{"id":2,"type":`), 0, api.CodeBadRequest},
		{"no type", []byte(`{"id":3}`), 3, api.CodeBadRequest},
		{"unknown type", []byte(`{"id":4,"type":"drop_tables"}`), 4, api.CodeUnknownType},
		{"oversized frame", []byte(`{"id":5,"type":"ping","data":"` + strings.Repeat("x", api.MaxFrameBytes) + `"}`), 0, api.CodeTooLarge},
		{"wrong data shape", []byte(`{"id":6,"type":"hello","data":[1,2]}`), 6, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := roundTrip(t, ws, tt.frame)
			if tt.code == "" {
				if env.Type == api.TypeError {
					t.Fatalf("got error %s", env.Data)
				}
				return
			}
			if env.Type != api.TypeError || env.ID != tt.id || errCode(env) != tt.code {
				t.Fatalf("reply = %+v, want error %s for id %d", env, tt.code, tt.id)
			}
		})
	}
	// After all that the socket still works.
	if env := roundTrip(t, ws, []byte(`{"id":9,"type":"ping"}`)); env.Type != api.TypePong || env.ID != 9 {
		t.Fatalf("ping after bad frames: %+v", env)
	}
}

func readUntilClosed(t *testing.T, ws *websocket.Conn) (pushed []api.Envelope, closeErr error) {
	t.Helper()
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		var env api.Envelope
		if err := ws.ReadJSON(&env); err != nil {
			return pushed, err
		}
		pushed = append(pushed, env)
	}
}

func TestLogoutEndsSessionAndClosesSockets(t *testing.T) {
	ts := mustServer(t, nil)
	c, _, _ := ts.login(t, adminPassword)
	ws := ts.mustDial(t, c)
	roundTrip(t, ws, []byte(`{"id":1,"type":"hello"}`))
	cookies := c.Jar.Cookies(mustURL(ts.http.URL))
	resp, _ := ts.post(t, c, api.PathLogout, ts.http.URL, nil)
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	pushed, err := readUntilClosed(t, ws)
	if len(pushed) != 1 || pushed[0].Type != api.TypeSessionEnded || !strings.Contains(string(pushed[0].Data), `"logout"`) {
		t.Fatalf("pushed %+v before close (%v), want session_ended logout", pushed, err)
	}
	// The old cookie no longer opens anything and /api/session says why.
	req, _ := http.NewRequest("GET", ts.http.URL+api.PathSession, nil)
	for _, ck := range cookies {
		req.AddCookie(ck)
	}
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var e api.Error
	json.NewDecoder(r2.Body).Decode(&e)
	r2.Body.Close()
	if r2.StatusCode != 401 || e.Reason != api.EndLogout {
		t.Fatalf("session after logout: %d %+v", r2.StatusCode, e)
	}
}

func TestIdleSessionSocketIsClosedWithReason(t *testing.T) {
	ts := mustServer(t, func(c *Config) { c.SessionIdle = time.Second; c.SessionMax = time.Hour })
	c, _, _ := ts.login(t, adminPassword)
	ws := ts.mustDial(t, c)
	pushed, _ := readUntilClosed(t, ws)
	if len(pushed) != 1 || !strings.Contains(string(pushed[0].Data), `"idle"`) {
		t.Fatalf("pushed %+v, want session_ended idle", pushed)
	}
}

func TestStaticFiles(t *testing.T) {
	ts := mustServer(t, nil)
	get := func(path, accept string) *http.Response {
		req, _ := http.NewRequest("GET", ts.http.URL+path, nil)
		req.Header.Set("Accept-Encoding", accept)
		// Go's transport would add and undo gzip itself; ask raw.
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	for _, tt := range []struct{ accept, encoding string }{{"gzip, deflate, br", "br"}, {"gzip", "gzip"}, {"identity", ""}, {"br;q=0, gzip", "gzip"}} {
		resp := get("/web/app.wasm", tt.accept)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := resp.Header.Get("Content-Encoding"); got != tt.encoding {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tt.accept, got, tt.encoding)
		}
		if resp.Header.Get(wasmSizeHeader) != "17000" || resp.Header.Get("Content-Type") != "application/wasm" {
			t.Errorf("wasm headers: %v", resp.Header)
		}
		var raw []byte
		switch tt.encoding {
		case "br":
			raw, _ = io.ReadAll(brotli.NewReader(bytes.NewReader(body)))
		case "gzip":
			zr, _ := gzip.NewReader(bytes.NewReader(body))
			raw, _ = io.ReadAll(zr)
		default:
			raw = body
		}
		if !bytes.Equal(raw, fakeWasm) {
			t.Errorf("Accept-Encoding %q: body does not decode to the wasm", tt.accept)
		}
	}
	if resp := get("/web/app.css", ""); resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Errorf("app.css: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if resp := get("/web/../main.go", ""); resp.StatusCode == 200 {
		t.Errorf("path escape: %d", resp.StatusCode)
	}
}

func TestPageIsSelfContained(t *testing.T) {
	ts := mustServer(t, nil)
	for _, path := range []string{"/", "/catalog/outlets?view=rdc", "/manifest.webmanifest", "/app-worker.js", "/app.js"} {
		resp, err := http.Get(ts.http.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		for _, remote := range []string{"http://", "https://", "//raw.githubusercontent"} {
			if i := bytes.Index(body, []byte(remote)); i >= 0 && !bytes.Contains(body[i:min(i+60, len(body))], []byte("127.0.0.1")) {
				t.Errorf("%s refers to a remote URL: %.80s", path, body[i:])
			}
		}
		if path == "/" {
			if bytes.Contains(body, []byte("user-scalable=0")) {
				t.Error("page forbids pinch zoom")
			}
			if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") {
				t.Error("no content security policy")
			}
		}
	}
	resp, _ := http.Get(ts.http.URL + "/manifest.webmanifest")
	var m struct {
		ID       string `json:"id"`
		StartURL string `json:"start_url"`
		Display  string `json:"display"`
		Icons    []struct{ Src, Sizes, Purpose string }
	}
	json.NewDecoder(resp.Body).Decode(&m)
	resp.Body.Close()
	if m.ID != "/" || m.StartURL != "/" || m.Display != "standalone" {
		t.Errorf("manifest = %+v", m)
	}
	sizes := map[string]bool{}
	for _, ic := range m.Icons {
		sizes[ic.Sizes+" "+ic.Purpose] = true
		r, err := http.Get(ts.http.URL + ic.Src)
		if err != nil || r.StatusCode != 200 {
			t.Errorf("icon %s not served", ic.Src)
		}
	}
	if !sizes["192x192 any"] || !sizes["512x512 any"] || !sizes["512x512 maskable"] {
		t.Errorf("manifest icons %v: want 192, 512 and a maskable 512", m.Icons)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func newHTTPTest(s *Server) *httptest.Server { return httptest.NewServer(s.Handler()) }
