package server

import (
	"encoding/json"
	"errors"
	"runtime/debug"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/ratelimit"
)

// effect says whether a message changes stored data.
type effect int

const (
	reads effect = iota
	mutates
)

// right is the kind of catalog right a message needs besides a live
// session. Catalog levels are per catalog: the service that knows which
// catalog a request names checks them. Special rights (api.Right*) are
// declared with needs and checked by dispatch itself, so a handler that
// forgot to still could not be reached.
type right int

const (
	anyone       right = iota // any signed-in user
	catalogRead               // the read level in the request's catalog
	catalogWrite              // the edit, create or delete level there, as the operation needs
)

// entry is one registered message type.
type entry struct {
	Name    string
	Mutates bool
	Need    right
	// Rights, when set, are the special rights of which the user must
	// hold at least one.
	Rights []string
	reply  string // the reply's type: Name, but for ping
	serve  func(s *Server, r request) (any, error)
}

// handle registers a message: its request is decoded into Req (a
// bad_request error if it does not fit) and fn's reply is sent back.
func handle[Req, Reply any](name string, e effect, need right, fn func(*Server, request, Req) (Reply, error)) entry {
	return entry{Name: name, Mutates: e == mutates, Need: need, reply: name,
		serve: func(s *Server, r request) (any, error) {
			var req Req
			if err := r.decode(&req); err != nil {
				return nil, err
			}
			return fn(s, r, req)
		}}
}

// needs declares the special rights of which the user must hold one.
func (e entry) needs(rights ...string) entry {
	e.Rights = rights
	return e
}

// replyAs names a reply type other than the request's.
func (e entry) replyAs(typ string) entry {
	e.reply = typ
	return e
}

// writes reports whether a read-only session is refused the message: it
// changes data, or it acts with a write right (starting a create, reading
// out a PIN) even where nothing is stored.
func (e entry) writes() bool { return e.Mutates || e.Need == catalogWrite }

// allows reports whether p holds one of the rights e needs.
func (e entry) allows(p access.Principal) bool {
	if len(e.Rights) == 0 {
		return true
	}
	for _, r := range e.Rights {
		if p.Has(r) {
			return true
		}
	}
	return false
}

// entries finds a registered message by type.
var entries = func() map[string]entry {
	m := make(map[string]entry, len(registry))
	for _, e := range registry {
		m[e.Name] = e
	}
	return m
}()

// request is what a message handler gets.
type request struct {
	user      auth.User
	principal access.Principal
	conn      *conn
	data      json.RawMessage
}

// decode reads the request data into v, or returns a bad_request error.
func (r request) decode(v any) error {
	if len(r.data) == 0 {
		return nil
	}
	if err := json.Unmarshal(r.data, v); err != nil {
		return api.Errorf(api.CodeBadRequest, "data does not fit the message: %v", shortErr(err))
	}
	return nil
}

func shortErr(err error) string { return truncate(err.Error(), 120) }

// frameLimit is what a socket may send: rate frames a second (-socket-rate,
// 50 by default), twice that at once. A flood beyond it is answered
// rate_limited frame by frame; strikes counts those answers, and when it
// runs out (more than 100 refused at once, or more than 10 a second for
// long) the socket is closed as a policy violation.
func frameLimit(rate int) ratelimit.Limit {
	if rate <= 0 {
		rate = 50
	}
	return ratelimit.Limit{Burst: 2 * rate, Every: time.Second / time.Duration(rate)}
}

var strikeLimit = ratelimit.Limit{Burst: 100, Every: 100 * time.Millisecond}

// allow applies the frame rate limit to one frame, before it is parsed. A
// frame over the limit is answered rate_limited (with the request's id, so
// its caller stops waiting) and not served; flood reports that the socket
// sends so much that it must close.
func (c *conn) allow(msg []byte, now time.Time) (serve, flood bool) {
	wait, ok := c.frames.Take(frameLimit(c.hub.s.cfg.SocketRate), now)
	if ok {
		return true, false
	}
	if _, ok := c.strikes.Take(strikeLimit, now); !ok {
		c.hub.s.log.Warn("socket: message flood, closing", "user", c.user.Login, "addr", c.addr)
		return false, true
	}
	var env struct {
		ID uint64 `json:"id"`
	}
	json.Unmarshal(msg, &env)
	until := now.Add(wait).UTC()
	c.fail(env.ID, &api.Error{Code: api.CodeRateLimited, Message: "too many messages; slow down", Until: &until})
	return false, false
}

// dispatch runs one request: the session is checked (and touched) first,
// so a request never runs on an ended session; then what the message's
// entry declares is enforced before its handler runs. A handler that
// panics gets an internal error reply and the socket stays up.
func (c *conn) dispatch(env api.Envelope) {
	s := c.hub.s
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("socket: handler panic", "type", env.Type, "panic", p, "stack", string(debug.Stack()))
			c.fail(env.ID, api.Errorf(api.CodeInternal, "the server failed on this request"))
		}
	}()
	sess, user, err := s.auth.Check(c.token, true)
	if err != nil {
		var e *api.Error
		if errors.As(err, &e) && e.Code == api.CodeUnauthorized {
			c.endWith(e.Reason)
			return
		}
		c.fail(env.ID, api.Errorf(api.CodeInternal, "session check failed"))
		return
	}
	e, ok := entries[env.Type]
	if !ok {
		s.log.Warn("socket: unknown message type", "type", env.Type, "user", user.Login)
		c.fail(env.ID, api.Errorf(api.CodeUnknownType, "unknown message type %q", env.Type))
		return
	}
	c.latest.Store(&user) // pushes go by the rights as they are now
	p := s.principal(user).Via(c.id)
	switch {
	case e.writes() && c.hub.readOnly != nil && c.hub.readOnly(sess):
		s.log.Warn("socket: read-only session refused", "type", env.Type, "user", user.Login)
		c.fail(env.ID, api.Errorf(api.CodeForbidden, "this session may only look"))
		return
	case !e.allows(p):
		c.fail(env.ID, api.Errorf(api.CodeForbidden, "your rights do not allow this"))
		return
	}
	out, err := e.serve(s, request{user: user, principal: p, conn: c, data: env.Data})
	if err != nil {
		c.fail(env.ID, err)
		return
	}
	c.sendEnvelope(env.ID, e.reply, out)
}
