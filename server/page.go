package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

const (
	productName = "WebTool"
	themeColor  = "#1f4e79"
	background  = "#f4f6f9"
)

// bootPage is what the server renders into the page before the wasm starts:
// a neutral placeholder (go-app shows its loader over it). The real UI lives
// only in the wasm, so no UI code is linked into the server and no server
// code into the wasm.
type bootPage struct{ app.Compo }

func (b *bootPage) Render() app.UI {
	return app.Div().Class("boot").Body(
		app.Raw(`<noscript>WebTool needs JavaScript and WebAssembly. / Для работы WebTool нужны JavaScript и WebAssembly.</noscript>`),
	)
}

// pageHandler returns go-app's handler configured with only our own files:
// its defaults point icons at remote URLs, generate a random Version at
// every start, and serve a manifest without id or maskable icon.
func (s *Server) pageHandler() http.Handler {
	// Every path renders the same shell, so deep links work; the client
	// routes from there.
	app.RouteWithRegexp("^/.*", &bootPage{})
	h := &app.Handler{
		Name:            productName,
		ShortName:       productName,
		Title:           productName,
		Description:     "Справочники и документы дистрибьютора для SFA / Distributor reference data for SFA",
		Author:          productName,
		Lang:            "ru",
		BackgroundColor: background,
		ThemeColor:      themeColor,
		LoadingLabel:    "WebTool {progress}%",
		Icon: app.Icon{
			Default:    "/web/icons/icon-192.png",
			Large:      "/web/icons/icon-512.png",
			SVG:        "/web/icons/icon.svg",
			AppleTouch: "/web/icons/apple-touch-icon.png",
		},
		Styles:                  []string{"/web/app.css"},
		Resources:               s.static,
		Version:                 s.static.version,
		WasmContentLengthHeader: wasmSizeHeader,
		ServiceWorkerTemplate:   serviceWorkerJS,
		CacheableResources:      []string{"/web/icons/icon.svg", "/web/icons/icon-maskable-512.png"},
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/web/") {
			h.ServeHTTP(w, r)
			return
		}
		// go-app hard-codes a viewport that forbids pinch zoom; buffer the
		// small generated responses and let people zoom.
		buf := &bufferedResponse{header: w.Header()}
		h.ServeHTTP(buf, r)
		body := buf.body.Bytes()
		if strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			body = bytes.Replace(body, []byte("maximum-scale=1, user-scalable=0, "), nil, 1)
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		}
		w.WriteHeader(buf.status())
		w.Write(body)
	})
}

type bufferedResponse struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferedResponse) WriteHeader(code int)        { b.code = code }
func (b *bufferedResponse) status() int {
	if b.code == 0 {
		return http.StatusOK
	}
	return b.code
}

// manifest is our web app manifest: go-app's lacks an id and a maskable icon.
func manifest() []byte {
	type icon struct {
		Src     string `json:"src"`
		Sizes   string `json:"sizes"`
		Type    string `json:"type"`
		Purpose string `json:"purpose,omitempty"`
	}
	m := map[string]any{
		"id":               "/",
		"name":             productName,
		"short_name":       productName,
		"description":      "Справочники и документы дистрибьютора для SFA",
		"lang":             "ru",
		"start_url":        "/",
		"scope":            "/",
		"display":          "standalone",
		"theme_color":      themeColor,
		"background_color": background,
		"icons": []icon{
			{"/web/icons/icon-192.png", "192x192", "image/png", "any"},
			{"/web/icons/icon-512.png", "512x512", "image/png", "any"},
			{"/web/icons/icon-maskable-512.png", "512x512", "image/png", "maskable"},
			{"/web/icons/icon.svg", "any", "image/svg+xml", "any"},
		},
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	return b
}

// serviceWorkerJS replaces go-app's worker: it precaches the shell, answers
// every navigation (deep links included) with the cached shell so the app
// opens offline, never touches the API or the socket, and drops old caches
// when a new version activates (go-app then fires OnAppUpdate).
const serviceWorkerJS = `const cacheName = "webtool-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(cacheName)
      .then((cache) => cache.addAll(resourcesToCache))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== cacheName).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname === "/ws") return;
  if (req.mode === "navigate") {
    event.respondWith(
      caches.match("/", { cacheName }).then((r) => r || fetch(req))
    );
    return;
  }
  event.respondWith(caches.match(req, { cacheName }).then((r) => r || fetch(req)));
});
`

// securityHeaders sets the headers every response carries. The policy allows
// only our own origin: the page loads nothing from anywhere else.
func securityHeaders(next http.Handler) http.Handler {
	const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; " +
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}
