package server

import (
	"encoding/json"
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gorilla/websocket"

	"webtool/server/api"
	"webtool/server/auth"
)

// maxLoginBody caps the sign-in request body.
const maxLoginBody = 4 << 10

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	// What acts with the session cookie answers our own pages only. The
	// session check only reads; the phone's check has no cookie and takes
	// JSON only (see handleMobileBind).
	mux.Handle("POST "+api.PathLogin, s.ourSite(s.handleLogin))
	mux.Handle("POST "+api.PathLogout, s.ourSite(s.handleLogout))
	mux.Handle("GET "+api.PathSocket, s.ourSite(s.handleSocket))
	mux.Handle("POST "+api.PathExport, s.ourSite(s.handleExport))
	mux.Handle("GET "+api.PathBackup, s.ourSite(s.handleBackup))
	mux.HandleFunc("GET "+api.PathSession, s.handleSession)
	// The password pages act without a session, and set one (a used link
	// signs in): our own pages only, like sign-in.
	mux.Handle("POST "+api.PathPasswordForgot, s.ourSite(s.handlePasswordForgot))
	mux.Handle("POST "+api.PathPasswordLink, s.ourSite(s.handlePasswordLink))
	mux.Handle("POST "+api.PathPasswordSet, s.ourSite(s.handlePasswordSet))
	mux.Handle("POST "+api.PathPasswordStrength, s.ourSite(s.handlePasswordStrength))
	mux.HandleFunc("POST "+api.PathMobileBind, s.handleMobileBind)
	mux.HandleFunc("GET /manifest.webmanifest", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/manifest+json")
		w.Write(manifest())
	})
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "User-agent: *\nDisallow: /\n")
	})
	mux.Handle("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, api.Errorf(api.CodeNotFound, "no such endpoint"))
	}))
	mux.Handle("/", s.pageHandler())
	return securityHeaders(mux)
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req api.LoginRequest
	if !s.readJSON(w, r, maxLoginBody, &req) {
		return
	}
	addr := clientAddr(r)
	token, sess, user, err := s.auth.Login(req.Login, req.Password, addr, r.UserAgent())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// A browser that was signed in before gets a new session, never the old
	// one back: the old one ends here.
	if old, err := r.Cookie(api.SessionCookie); err == nil {
		if prev, err := s.auth.Logout(old.Value, addr); err == nil && prev.ID != "" {
			s.hub.endSession(prev.ID, api.EndLogout)
		}
	}
	s.setSessionCookie(w, r, token)
	writeJSON(w, http.StatusOK, s.loginReply(sess, user))
}

// setSessionCookie hands the browser its new session.
func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: api.SessionCookie, Value: token, Path: "/",
		MaxAge:   int(s.cfg.SessionMax.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure(r),
	})
}

func (s *Server) loginReply(sess auth.Session, user auth.User) api.LoginReply {
	return api.LoginReply{
		User:               s.apiUser(user),
		IdleTimeoutSeconds: int(s.cfg.SessionIdle.Seconds()),
		ExpiresAt:          sess.CreatedAt.Add(s.cfg.SessionMax).UTC(),
	}
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(api.SessionCookie); err == nil {
		sess, err := s.auth.Logout(c.Value, clientAddr(r))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if sess.ID != "" {
			s.hub.endSession(sess.ID, api.EndLogout)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: api.SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure(r)})
	w.WriteHeader(http.StatusNoContent)
}

// handleSession tells a starting client whether it is signed in, and if its
// session ended, why.
func (s *Server) handleSession(w http.ResponseWriter, r *http.Request) {
	_, sess, user, ok := s.session(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, s.loginReply(sess, user))
}

// handleExport writes the list the user sees to a file. It is plain HTTP
// (not the socket) so the browser downloads the file itself.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	_, _, user, ok := s.session(w, r)
	if !ok {
		return
	}
	var req api.ExportRequest
	if !s.readJSON(w, r, api.MaxFrameBytes, &req) {
		return
	}
	p := s.principal(user)
	if !p.Has(api.RightExport) {
		s.writeError(w, r, api.Errorf(api.CodeForbidden, "your rights do not allow export"))
		return
	}
	out, err := s.catalog.Export(r.Context(), p, clientAddr(r), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", out.ContentType)
	w.Header().Set("Content-Disposition", "attachment; filename=\"export."+req.Format+"\"; filename*=UTF-8''"+url.PathEscape(out.Name))
	w.Header().Set("Content-Length", strconv.Itoa(len(out.Body)))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(out.Body)
}

// session returns the token and live session of r's cookie (and touches
// it). When there is none it answers the request — 401 saying why, or 500
// (logged) when the store failed — and returns false.
func (s *Server) session(w http.ResponseWriter, r *http.Request) (string, auth.Session, auth.User, bool) {
	c, err := r.Cookie(api.SessionCookie)
	if err != nil {
		s.writeError(w, r, api.Errorf(api.CodeUnauthorized, "not signed in"))
		return "", auth.Session{}, auth.User{}, false
	}
	sess, user, err := s.auth.Check(c.Value, true)
	if err != nil {
		s.writeError(w, r, err)
		return "", auth.Session{}, auth.User{}, false
	}
	return c.Value, sess, user, true
}

// ourSite wraps a handler that acts with the session cookie so that it
// answers only a page of this server (see sameOrigin), and any other
// 403 bad_origin: a page on another site cannot ride the cookie. It is
// applied in routes, where one look shows which endpoints it guards.
//
// A request without Origin is admitted, except a websocket upgrade:
// browsers send Origin with every POST and upgrade, so one without is a
// non-browser client (curl, `webtool backup -url`), which has no cookie of
// another's to ride; a websocket client must still say where it comes
// from, as the upgrader requires too.
func (s *Server) ourSite(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.sameOrigin(r, !websocket.IsWebSocketUpgrade(r)) {
			s.log.Warn("refused a request from another site", "path", r.URL.Path, "origin", truncate(r.Header.Get("Origin"), 100), "addr", clientAddr(r))
			s.writeError(w, r, api.Errorf(api.CodeBadOrigin, "request from another site"))
			return
		}
		h(w, r)
	})
}

// sameOrigin reports whether r comes from a page of this server: the
// origin of the request itself, or that of -public-url (behind a proxy that
// ends TLS, the page is https while the request reaching us is not).
// allowMissing admits a request without Origin (see ourSite).
func (s *Server) sameOrigin(r *http.Request, allowMissing bool) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return allowMissing
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	if public := s.cfg.publicOrigin(); public != "" && strings.ToLower(u.Scheme+"://"+u.Host) == public {
		return true
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return u.Scheme == scheme && u.Host == r.Host
}

// secure reports whether the browser reached us over TLS, directly or
// through the proxy of an https -public-url, so cookies are Secure.
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.cfg.publicOrigin(), "https://")
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// readJSON decodes a JSON body of at most limit bytes into v. When it
// cannot, it answers the request (too_large or bad_request) and returns
// false.
func (s *Server) readJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) bool {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		s.writeError(w, r, api.Errorf(api.CodeTooLarge, "request body over %d bytes", limit))
	case err != nil:
		s.writeError(w, r, api.Errorf(api.CodeBadRequest, "cannot read request body"))
	case json.Unmarshal(body, v) != nil:
		s.writeError(w, r, api.Errorf(api.CodeBadRequest, "request body is not the expected JSON"))
	default:
		return true
	}
	return false
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// httpStatus is the HTTP status each error code is answered with; a test
// keeps it complete over api.Codes.
var httpStatus = map[api.Code]int{
	api.CodeBadRequest:     http.StatusBadRequest,
	api.CodeTooLarge:       http.StatusRequestEntityTooLarge,
	api.CodeUnknownType:    http.StatusBadRequest,
	api.CodeUnauthorized:   http.StatusUnauthorized,
	api.CodeForbidden:      http.StatusForbidden,
	api.CodeBadCredentials: http.StatusUnauthorized,
	api.CodeLocked:         http.StatusTooManyRequests,
	api.CodeBadOrigin:      http.StatusForbidden,
	api.CodeNotFound:       http.StatusNotFound,
	api.CodeConflict:       http.StatusConflict,
	api.CodeInUse:          http.StatusConflict,
	api.CodeValidation:     http.StatusUnprocessableEntity,
	api.CodeTooManyRows:    http.StatusUnprocessableEntity,
	api.CodeUnavailable:    http.StatusServiceUnavailable,
	api.CodeInternal:       http.StatusInternalServerError,
	api.CodePinExhausted:   http.StatusInternalServerError,
	api.CodeRateLimited:    http.StatusTooManyRequests,
	api.CodePinBound:       http.StatusConflict,
	api.CodeBadPin:         http.StatusUnauthorized,
	api.CodeTooMany:        http.StatusConflict,
	api.CodeBusy:           http.StatusServiceUnavailable,
	api.CodeLinkInvalid:    http.StatusGone,
	api.CodeLastAdmin:      http.StatusConflict,
}

// writeError answers an HTTP request with err: its *api.Error, with the
// status of its code and, when the error says until when, Retry-After in
// whole seconds rounded up. Any other error is a server fault: it is
// logged and answered internal, saying nothing of the cause.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var e *api.Error
	if !errors.As(err, &e) {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		e = api.Errorf(api.CodeInternal, "the server failed on this request; try again")
	}
	status, ok := httpStatus[e.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if e.Until != nil {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(e.Until.Sub(s.now()).Seconds())))))
	}
	writeJSON(w, status, e)
}
