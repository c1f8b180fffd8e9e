package state

import (
	"errors"
	"time"

	"webtool/server/api"
)

// Screen is what fills the page.
type Screen int

const (
	// Checking: the page just loaded and asks the server whether a session
	// exists; showing the login form now would flash it at signed-in users.
	Checking Screen = iota
	// Login: no session; the login form shows, maybe with a Notice.
	Login
	// Shell: signed in; header, navigation panel and pages.
	Shell
)

func (s Screen) String() string {
	switch s {
	case Checking:
		return "checking"
	case Login:
		return "login"
	case Shell:
		return "shell"
	}
	return "screen?"
}

// Notice is the message the login screen shows above the form.
type Notice struct {
	// Code is an api.Code when the notice is an error, or an api.EndReason
	// when Ended is set. The UI puts it in data-code for the browser tests.
	Code string
	// Ended marks the notice as the reason a previous session ended rather
	// than an error of the last attempt.
	Ended bool
	// Until is when a lockout ends (Code "locked").
	Until *time.Time
}

// CodeNetwork is the notice code for a login attempt that did not reach the
// server. It is not an api.Code because the server never sends it.
const CodeNetwork = "network"

// Effect is what the UI must do after an event: the Model decides, the UI
// performs the I/O and reports back with the next event.
type Effect struct {
	// CheckSession asks for GET /api/session, after the delay After.
	CheckSession bool
	After        time.Duration
	// Connect opens the websocket (and sends hello once it is open).
	Connect bool
	// Disconnect closes the websocket and stops reconnecting.
	Disconnect bool
}

// Model is the client state that decides which screen shows. Each event is a
// method; the UI calls them on its own goroutine only, so a Model needs no
// locking. The zero Model is in Checking; call Start.
type Model struct {
	Screen Screen
	// User is who is signed in (Shell only).
	User api.User
	// Session holds the limits of the current session (Shell only).
	Session api.LoginReply
	// Nav is the navigation from the last hello; NavLoaded tells an empty
	// navigation from one not received yet.
	Nav       []api.NavGroup
	NavLoaded bool
	// Catalogs are the descriptions the user may open, from the catalogs
	// request after each hello; CatalogsLoaded tells none from not yet.
	Catalogs       []api.Catalog
	CatalogsLoaded bool
	// ServerVersion is Hello.Version, to offer a reload when it changes.
	ServerVersion string
	// Notice is shown on the login screen; nil when there is nothing to say.
	Notice *Notice
	// Conn is the link to the server as the banner shows it.
	Conn ConnState
	// Busy is set while a login request is in flight.
	Busy bool
	// Failures counts failed login attempts; when it grows the UI clears and
	// focuses the password field.
	Failures int
	// LoggingOut is set while POST /api/logout is in flight.
	LoggingOut bool
	// LastLogin pre-fills the login field after a session ended.
	LastLogin string

	retry          Backoff
	retryScheduled bool
}

// Start begins the page's life: check whether a session exists.
func (m *Model) Start() Effect {
	*m = Model{Screen: Checking, Conn: Connecting, retry: m.retry}
	return Effect{CheckSession: true}
}

// SessionChecked takes the answer of GET /api/session: the reply, or an
// *api.Error when the server answered with one, or any other error when the
// server could not be reached.
func (m *Model) SessionChecked(reply api.LoginReply, err error) Effect {
	m.retryScheduled = false
	var apiErr *api.Error
	switch {
	case err == nil:
		m.retry.Reset()
		if m.Screen == Shell {
			m.Session = reply
			return Effect{}
		}
		return m.enterShell(reply)

	case errors.As(err, &apiErr):
		m.retry.Reset()
		if m.Screen == Shell {
			if apiErr.Code != api.CodeUnauthorized {
				// The server is up but unwell; the socket keeps retrying.
				return Effect{}
			}
			return m.leaveShell(endNotice(apiErr.Reason))
		}
		m.Screen = Login
		m.Conn = Online
		switch {
		case apiErr.Code == api.CodeUnauthorized && apiErr.Reason != "":
			m.Notice = endNotice(apiErr.Reason)
		case apiErr.Code != api.CodeUnauthorized:
			m.Notice = &Notice{Code: string(apiErr.Code)}
		case m.Notice != nil && m.Notice.Code == CodeNetwork:
			// The network is back: the old complaint is no longer true.
			m.Notice = nil
		}
		return Effect{}

	default:
		if m.Screen == Shell {
			// The socket's own reconnect loop keeps trying and the banner
			// already says we are offline.
			return Effect{}
		}
		m.Screen = Login
		m.Conn = Offline
		return m.scheduleCheck()
	}
}

// LoginStarted marks a login request as in flight. It reports false when one
// already is, so a double click sends one request.
func (m *Model) LoginStarted() bool {
	if m.Screen != Login || m.Busy {
		return false
	}
	m.Busy = true
	m.Notice = nil
	return true
}

// LoginDone takes the answer of POST /api/login, with errors as in
// SessionChecked.
func (m *Model) LoginDone(reply api.LoginReply, err error) Effect {
	m.Busy = false
	if m.Screen != Login {
		return Effect{}
	}
	if err == nil {
		m.retry.Reset()
		return m.enterShell(reply)
	}
	m.Failures++
	var apiErr *api.Error
	if errors.As(err, &apiErr) {
		m.Conn = Online
		m.Notice = &Notice{Code: string(apiErr.Code), Until: apiErr.Until}
		return Effect{}
	}
	m.Conn = Offline
	m.Notice = &Notice{Code: CodeNetwork}
	return m.scheduleCheck()
}

// Hello takes the reply to the hello request sent after each (re)connect.
func (m *Model) Hello(h api.Hello) {
	if m.Screen != Shell {
		return
	}
	if h.User.Login != "" {
		m.User = h.User
	}
	m.Nav = h.Navigation
	m.NavLoaded = true
	m.ServerVersion = h.Version
}

// SetCatalogs takes the reply to the catalogs request. A server that does
// not know the request (older than the client) counts as having none.
func (m *Model) SetCatalogs(list []api.Catalog) {
	if m.Screen != Shell {
		return
	}
	m.Catalogs = list
	m.CatalogsLoaded = true
}

// Catalog returns the description of the catalog key, or nil.
func (m *Model) Catalog(key string) *api.Catalog {
	for i := range m.Catalogs {
		if m.Catalogs[i].Key == key {
			return &m.Catalogs[i]
		}
	}
	return nil
}

// ConnChanged takes the socket's status.
func (m *Model) ConnChanged(s ConnState) {
	if m.Screen == Shell {
		m.Conn = s
	}
}

// SocketFailed is called when reconnecting failed. A refused websocket
// upgrade looks like a network error in the browser, so only the session
// check tells a dead session from a dead network.
func (m *Model) SocketFailed() Effect {
	if m.Screen != Shell {
		return Effect{}
	}
	return Effect{CheckSession: true}
}

// SessionEnded takes the server's session_ended push.
func (m *Model) SessionEnded(reason api.EndReason) Effect {
	if m.Screen != Shell {
		return Effect{}
	}
	return m.leaveShell(endNotice(reason))
}

// LogoutStarted marks POST /api/logout as in flight; false when it already is.
func (m *Model) LogoutStarted() bool {
	if m.Screen != Shell || m.LoggingOut {
		return false
	}
	m.LoggingOut = true
	return true
}

// LogoutDone ends the shell whatever the answer: the user asked to leave, and
// if the request failed the cookie is HttpOnly, so the client cannot do more
// than forget the session and close the socket.
func (m *Model) LogoutDone(error) Effect {
	m.LoggingOut = false
	if m.Screen != Shell {
		return Effect{}
	}
	return m.leaveShell(endNotice(api.EndLogout))
}

func (m *Model) enterShell(reply api.LoginReply) Effect {
	m.Screen = Shell
	m.User = reply.User
	m.Session = reply
	m.Nav, m.NavLoaded = nil, false
	m.Catalogs, m.CatalogsLoaded = nil, false
	m.Notice = nil
	m.Conn = Connecting
	m.Busy, m.LoggingOut = false, false
	m.Failures = 0
	return Effect{Connect: true}
}

func (m *Model) leaveShell(n *Notice) Effect {
	m.LastLogin = m.User.Login
	m.Screen = Login
	m.User = api.User{}
	m.Session = api.LoginReply{}
	m.Nav, m.NavLoaded = nil, false
	m.Catalogs, m.CatalogsLoaded = nil, false
	m.Notice = n
	m.Conn = Online
	m.Busy, m.LoggingOut = false, false
	return Effect{Disconnect: true}
}

func (m *Model) scheduleCheck() Effect {
	if m.retryScheduled {
		return Effect{}
	}
	m.retryScheduled = true
	return Effect{CheckSession: true, After: m.retry.Next()}
}

func endNotice(reason api.EndReason) *Notice {
	if reason == "" {
		return nil
	}
	return &Notice{Code: string(reason), Ended: true}
}
