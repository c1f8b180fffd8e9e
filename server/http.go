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

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
)

// maxLoginBody caps the sign-in request body.
const maxLoginBody = 4 << 10

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+api.PathLogin, s.handleLogin)
	mux.HandleFunc("POST "+api.PathLogout, s.handleLogout)
	mux.HandleFunc("GET "+api.PathSession, s.handleSession)
	mux.HandleFunc("GET "+api.PathSocket, s.handleSocket)
	mux.HandleFunc("POST "+api.PathExport, s.handleExport)
	mux.HandleFunc("GET "+api.PathBackup, s.handleBackup)
	mux.HandleFunc("POST "+api.PathMobileBind, s.handleMobileBind)
	mux.HandleFunc("GET /manifest.webmanifest", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/manifest+json")
		w.Write(manifest())
	})
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "User-agent: *\nDisallow: /\n")
	})
	mux.Handle("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, api.Errorf(api.CodeNotFound, "no such endpoint"))
	}))
	mux.Handle("/", s.pageHandler())
	return securityHeaders(mux)
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if !s.fromOurSite(w, r) {
		return
	}
	var req api.LoginRequest
	if !readJSON(w, r, maxLoginBody, &req) {
		return
	}
	addr := clientAddr(r)
	token, sess, user, err := s.auth.Login(req.Login, req.Password, addr)
	if err != nil {
		var e *api.Error
		switch {
		case !errors.As(err, &e):
			s.log.Error("login", "err", err)
			writeError(w, http.StatusInternalServerError, api.Errorf(api.CodeInternal, "sign-in failed; try again"))
		case e.Code == api.CodeLocked || e.Code == api.CodeRateLimited:
			s.retryAfter(w, e)
			writeError(w, http.StatusTooManyRequests, e)
		case e.Code == api.CodeBusy:
			s.retryAfter(w, e)
			writeError(w, http.StatusServiceUnavailable, e)
		case e.Code == api.CodeBadRequest:
			writeError(w, http.StatusBadRequest, e)
		default:
			writeError(w, http.StatusUnauthorized, e)
		}
		return
	}
	// A browser that was signed in before gets a new session, never the old
	// one back: the old one ends here.
	if old, err := r.Cookie(api.SessionCookie); err == nil {
		if prev, err := s.auth.Logout(old.Value, addr); err == nil && prev.ID != "" {
			s.hub.endSession(prev.ID, api.EndLogout)
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name: api.SessionCookie, Value: token, Path: "/",
		MaxAge:   int(s.cfg.SessionMax.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure(r),
	})
	writeJSON(w, http.StatusOK, s.loginReply(sess, user))
}

// retryAfter sets Retry-After to the seconds until e.Until, rounded up.
func (s *Server) retryAfter(w http.ResponseWriter, e *api.Error) {
	if e.Until != nil {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(e.Until.Sub(s.now()).Seconds()))))
	}
}

func (s *Server) loginReply(sess auth.Session, user auth.User) api.LoginReply {
	return api.LoginReply{
		User:               api.User{Login: user.Login, Name: user.Name, Roles: user.Roles},
		IdleTimeoutSeconds: int(s.cfg.SessionIdle.Seconds()),
		ExpiresAt:          sess.CreatedAt.Add(s.cfg.SessionMax).UTC(),
	}
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if !s.fromOurSite(w, r) {
		return
	}
	if c, err := r.Cookie(api.SessionCookie); err == nil {
		sess, err := s.auth.Logout(c.Value, clientAddr(r))
		if err != nil {
			s.log.Error("logout", "err", err)
			writeError(w, http.StatusInternalServerError, api.Errorf(api.CodeInternal, "sign-out failed; try again"))
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
	if !s.fromOurSite(w, r) {
		return
	}
	_, _, user, ok := s.session(w, r)
	if !ok {
		return
	}
	var req api.ExportRequest
	if !readJSON(w, r, api.MaxFrameBytes, &req) {
		return
	}
	p := access.NewPrincipal(user.Login, user.Roles, user.SyncPoints)
	out, err := s.catalog.Export(r.Context(), p, clientAddr(r), req)
	if err != nil {
		var e *api.Error
		if !errors.As(err, &e) {
			s.log.Error("export", "err", err)
			e = api.Errorf(api.CodeInternal, "the export failed")
		}
		status := map[api.Code]int{api.CodeTooManyRows: http.StatusUnprocessableEntity, api.CodeBadRequest: http.StatusBadRequest,
			api.CodeNotFound: http.StatusNotFound, api.CodeForbidden: http.StatusForbidden}[e.Code]
		if status == 0 {
			status = http.StatusInternalServerError
		}
		writeError(w, status, e)
		return
	}
	w.Header().Set("Content-Type", out.ContentType)
	w.Header().Set("Content-Disposition", "attachment; filename=\"export."+req.Format+"\"; filename*=UTF-8''"+url.PathEscape(out.Name))
	w.Header().Set("Content-Length", strconv.Itoa(len(out.Body)))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(out.Body)
}

// session returns the token and live session of r's cookie (and touches
// it). When
// there is none it answers the request — 401 saying why, or 500 (logged)
// when the store failed — and returns false.
func (s *Server) session(w http.ResponseWriter, r *http.Request) (string, auth.Session, auth.User, bool) {
	c, err := r.Cookie(api.SessionCookie)
	if err != nil {
		writeError(w, http.StatusUnauthorized, api.Errorf(api.CodeUnauthorized, "not signed in"))
		return "", auth.Session{}, auth.User{}, false
	}
	sess, user, err := s.auth.Check(c.Value, true)
	if err != nil {
		var e *api.Error
		if errors.As(err, &e) {
			writeError(w, http.StatusUnauthorized, e)
		} else {
			s.log.Error("check session", "err", err)
			writeError(w, http.StatusInternalServerError, api.Errorf(api.CodeInternal, "session check failed; try again"))
		}
		return "", auth.Session{}, auth.User{}, false
	}
	return c.Value, sess, user, true
}

// fromOurSite answers 403 bad_origin to a request another site's page
// made (a missing Origin is allowed, as sameOrigin explains) and reports
// whether the handler may go on.
func (s *Server) fromOurSite(w http.ResponseWriter, r *http.Request) bool {
	if s.sameOrigin(r, true) {
		return true
	}
	writeError(w, http.StatusForbidden, api.Errorf(api.CodeBadOrigin, "request from another site"))
	return false
}

// sameOrigin reports whether r comes from a page of this server: the
// origin of the request itself, or that of -public-url (behind a proxy that
// ends TLS, the page is https while the request reaching us is not).
// Browsers always send Origin with POST and websocket requests;
// allowMissing admits non-browser clients (curl) where a cookie cannot be
// ridden anyway.
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
// cannot, it answers the request (413 too_large or 400 bad_request) and
// returns false.
func readJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) bool {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge, api.Errorf(api.CodeTooLarge, "request body over %d bytes", limit))
	case err != nil:
		writeError(w, http.StatusBadRequest, api.Errorf(api.CodeBadRequest, "cannot read request body"))
	case json.Unmarshal(body, v) != nil:
		writeError(w, http.StatusBadRequest, api.Errorf(api.CodeBadRequest, "request body is not the expected JSON"))
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

func writeError(w http.ResponseWriter, status int, e *api.Error) {
	writeJSON(w, status, e)
}
