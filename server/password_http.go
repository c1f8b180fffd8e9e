package server

import (
	"net/http"

	"webtool/server/admin"
	"webtool/server/api"
	"webtool/server/password"
	"webtool/server/ratelimit"
)

// The password pages' endpoints: they work without a session (a new user
// has none yet), so each answers at most a few requests a minute per
// client address, like sign-in.

// maxPasswordBody caps their request bodies.
const maxPasswordBody = 4 << 10

// throttled answers rate_limited when r's address has used up its
// password requests, and reports whether it did.
func (s *Server) throttled(w http.ResponseWriter, r *http.Request) bool {
	now := s.now()
	wait, ok := s.passwordRate.Take(ratelimit.AddrKey(clientAddr(r)), now)
	if ok {
		return false
	}
	until := now.Add(wait).UTC()
	s.writeError(w, r, &api.Error{Code: api.CodeRateLimited, Message: "too many requests from this address", Until: &until})
	return true
}

// handlePasswordForgot starts a user's own reset. Its answer is the same
// whatever the login: whether the account exists, is active or has an
// e-mail is never told.
func (s *Server) handlePasswordForgot(w http.ResponseWriter, r *http.Request) {
	if s.throttled(w, r) {
		return
	}
	var req api.PasswordForgot
	if !s.readJSON(w, r, maxPasswordBody, &req) {
		return
	}
	if err := s.admin.Forgot(req.Login, clientAddr(r)); err != nil {
		s.log.Warn("password reset by the user not sent", "err", err)
	}
	w.WriteHeader(http.StatusAccepted)
}

// handlePasswordLink tells the page whose link it holds.
func (s *Server) handlePasswordLink(w http.ResponseWriter, r *http.Request) {
	if s.throttled(w, r) {
		return
	}
	var req api.PasswordLinkCheck
	if !s.readJSON(w, r, maxPasswordBody, &req) {
		return
	}
	info, err := s.auth.CheckLink(req.Token)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, info)
}

// handlePasswordSet uses a link: the password is set and the browser
// signed in, like a sign-in; the user's other sessions end.
func (s *Server) handlePasswordSet(w http.ResponseWriter, r *http.Request) {
	if s.throttled(w, r) {
		return
	}
	var req api.PasswordSet
	if !s.readJSON(w, r, maxPasswordBody, &req) {
		return
	}
	token, sess, user, ended, err := s.auth.SetPasswordWithLink(req.Token, req.Password, clientAddr(r), r.UserAgent())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.apply(admin.Effect{Ended: ended, Reason: api.EndRevoked})
	s.setSessionCookie(w, r, token)
	writeJSON(w, http.StatusOK, s.loginReply(sess, user))
}

// handlePasswordStrength rates a password for the meter. The link's user
// (Token) or the signed-in one counts as guessable.
func (s *Server) handlePasswordStrength(w http.ResponseWriter, r *http.Request) {
	if s.throttled(w, r) {
		return
	}
	var req api.PasswordStrengthRequest
	if !s.readJSON(w, r, maxPasswordBody, &req) {
		return
	}
	var guessable []string
	if req.Token != "" {
		info, err := s.auth.CheckLink(req.Token)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		guessable = append(guessable, info.Login, info.Name)
	} else if c, err := r.Cookie(api.SessionCookie); err == nil {
		if _, u, err := s.auth.Check(c.Value, false); err == nil {
			guessable = append(guessable, u.Login, u.Name, u.Email)
		}
	}
	writeJSON(w, http.StatusOK, password.Strength(req.Password, guessable...))
}
