// Package api holds the wire types that both the server and the wasm client
// compile: the websocket envelope, the HTTP login bodies, the replies and the
// error codes. It imports only the standard library so that linking it into
// the wasm costs next to nothing.
package api

import (
	"encoding/json"
	"time"
)

// HTTP endpoints served next to the page shell.
const (
	PathLogin   = "/api/login"   // POST LoginRequest → 200 LoginReply + session cookie, or Error
	PathLogout  = "/api/logout"  // POST → 204, session ended on the server, cookie cleared
	PathSession = "/api/session" // GET → 200 LoginReply, or 401 Error{Code: unauthorized, Reason}
	PathSocket  = "/ws"          // websocket, only with a valid session and our own Origin
	// PathBackup: GET → 200 a consistent copy of the database file
	// (attachment), for administrators only; 401/403 Error otherwise.
	PathBackup = "/api/backup"
)

// SessionCookie is the name of the HttpOnly session cookie.
const SessionCookie = "webtool_session"

// MaxFrameBytes caps one websocket frame in either direction.
const MaxFrameBytes = 64 << 10

// LoginRequest is the body of POST /api/login.
type LoginRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// LoginReply is the body of a successful login or session check.
type LoginReply struct {
	User User `json:"user"`
	// IdleTimeout and ExpiresAt describe the session limits, so the client can
	// tell the user before the session ends.
	IdleTimeoutSeconds int       `json:"idleTimeoutSeconds"`
	ExpiresAt          time.Time `json:"expiresAt"`
}

// User is what the client knows about the signed-in user.
type User struct {
	Login string   `json:"login"`
	Name  string   `json:"name"`
	Roles []string `json:"roles"`
	// Rights are the special rights the user holds (api.Right*), so the
	// client shows only what the server would allow.
	Rights []string `json:"rights,omitempty"`
}

// Envelope is one websocket frame. A request carries an ID that its reply
// repeats; a push has ID 0.
type Envelope struct {
	ID   uint64          `json:"id,omitempty"`
	Type string          `json:"type"`
	Data json.RawMessage `json:"data,omitempty"`
}

// Message types.
const (
	// TypeHello is the first request after the socket opens; reply: Hello.
	TypeHello = "hello"
	// TypePing is an application-level round trip; reply: TypePong, no data.
	// It counts as user activity for the idle timeout.
	TypePing = "ping"
	TypePong = "pong"
	// TypeError is the reply to a request that failed; data: Error.
	TypeError = "error"
	// TypeSessionEnded is pushed just before the server closes a socket whose
	// session ended; data: SessionEnded.
	TypeSessionEnded = "session_ended"
)

// Hello is the reply to TypeHello: who the user is and what they may open.
type Hello struct {
	User       User       `json:"user"`
	Navigation []NavGroup `json:"navigation"`
	// Version identifies the server build; a client whose own version differs
	// offers to reload.
	Version string `json:"version"`
}

// NavGroup is one group of the navigation panel. Key names the group in the
// client's message catalog ("nav.group." + Key).
type NavGroup struct {
	Key   string    `json:"key"`
	Items []NavItem `json:"items"`
}

// NavItem is one catalog or screen in the navigation panel.
type NavItem struct {
	Key   string    `json:"key"`
	Label LocalText `json:"label"`
	// Path is where the item leads when it is not a catalog ("/c/" + Key):
	// the administration screens.
	Path string `json:"path,omitempty"`
}

// LocalText is a text given by the server in both UI languages.
type LocalText struct {
	RU string `json:"ru"`
	EN string `json:"en"`
}

// In returns the text in lang ("ru" or "en"), falling back to Russian.
func (t LocalText) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.RU
}

// SessionEnded says why the server ended a session.
type SessionEnded struct {
	Reason EndReason `json:"reason"`
}

// EndReason is a stable code for why a session is no longer valid.
type EndReason string

const (
	EndLogout  EndReason = "logout"  // the user signed out (maybe in another tab)
	EndIdle    EndReason = "idle"    // no activity for the idle limit
	EndExpired EndReason = "expired" // the absolute session limit passed
	EndRevoked EndReason = "revoked" // an administrator or a password change ended it
)
