package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/catalog"
)

const (
	// hardFrameLimit closes the connection; frames between
	// api.MaxFrameBytes and this get a too_large reply and the socket stays.
	hardFrameLimit = 1 << 20
	pongWait       = 60 * time.Second
	pingEvery      = 25 * time.Second
	writeWait      = 10 * time.Second
	// sendQueue is how many frames may wait for a slow client before it is
	// cut off rather than allowed to hold server memory.
	sendQueue = 256
	// maxInFlight caps the requests one socket runs at once.
	maxInFlight = 4
)

// hub knows every open socket, so that a session's sockets can be closed
// when it ends and changes can be pushed to whoever sees them.
type hub struct {
	s     *Server
	mu    sync.Mutex
	conns map[*conn]struct{}
}

func newHub(s *Server) *hub { return &hub{s: s, conns: map[*conn]struct{}{}} }

// conn is one websocket. Only its writer goroutine writes to ws.
type conn struct {
	hub     *hub
	ws      *websocket.Conn
	token   string
	session string // session ID
	user    auth.User
	addr    string
	send    chan []byte
	closed  chan struct{}
	once    sync.Once
	slots   chan struct{}
	// ctx ends when the socket closes, so queries nobody waits for stop.
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	watching map[string]bool
}

var upgrader = websocket.Upgrader{
	ReadBufferSize:  4096,
	WriteBufferSize: 4096,
	// Checked before Upgrade by handleSocket; a second check here keeps the
	// rule even if the handler changes.
	CheckOrigin: func(r *http.Request) bool { return sameOrigin(r, false) },
}

// handleSocket upgrades only a request that has a live session and comes
// from our own origin: a page on another site cannot ride the cookie
// (cross-site websocket hijacking).
func (s *Server) handleSocket(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r, false) {
		s.log.Warn("socket refused: foreign or missing origin", "origin", r.Header.Get("Origin"), "addr", clientAddr(r))
		writeError(w, http.StatusForbidden, api.Errorf(api.CodeBadOrigin, "websocket from another origin"))
		return
	}
	token, sess, user, ok := s.session(w, r)
	if !ok {
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	cn := &conn{hub: s.hub, ws: ws, token: token, session: sess.ID, user: user, addr: clientAddr(r),
		send: make(chan []byte, sendQueue), closed: make(chan struct{}), slots: make(chan struct{}, maxInFlight)}
	cn.ctx, cn.cancel = context.WithCancel(context.Background())
	s.hub.add(cn)
	go cn.writeLoop()
	cn.readLoop()
}

func (h *hub) add(c *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.conns[c] = struct{}{}
}

func (h *hub) remove(c *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.conns, c)
}

func (h *hub) snapshot() []*conn {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]*conn, 0, len(h.conns))
	for c := range h.conns {
		out = append(out, c)
	}
	return out
}

// pushTo sends a push to every socket but from for which to says yes.
func (h *hub) pushTo(from *conn, to func(*conn) bool, typ string, data any) {
	for _, c := range h.snapshot() {
		if c != from && to(c) {
			c.push(typ, data)
		}
	}
}

// endSession tells every socket of a session why it ended and closes them.
func (h *hub) endSession(id string, reason api.EndReason) {
	for _, c := range h.snapshot() {
		if c.session == id {
			c.endWith(reason)
		}
	}
}

func (h *hub) closeAll() {
	for _, c := range h.snapshot() {
		c.close()
	}
}

// run checks the open sockets' sessions until ctx ends, so that an idle or
// expired session is closed (and told why) even if its tab stays silent.
func (h *hub) run(ctx context.Context) {
	every := min(h.s.cfg.SessionIdle/4, 15*time.Second)
	every = max(every, 250*time.Millisecond)
	t := time.NewTicker(every)
	defer t.Stop()
	purge := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		checked := map[string]error{}
		for _, c := range h.snapshot() {
			err, ok := checked[c.session]
			if !ok {
				_, _, err = h.s.auth.Check(c.token, false)
				checked[c.session] = err
			}
			var e *api.Error
			if errors.As(err, &e) && e.Code == api.CodeUnauthorized {
				c.endWith(e.Reason)
			}
		}
		if time.Since(purge) > time.Hour {
			purge = time.Now()
			if n, err := h.s.catalog.Purge(); err != nil {
				h.s.log.Error("purge deleted records", "err", err)
			} else if n > 0 {
				h.s.log.Info("purged records deleted over a year ago", "count", n)
			}
			if n, err := h.s.auth.PurgeSessions(7 * 24 * time.Hour); err != nil {
				h.s.log.Error("purge sessions", "err", err)
			} else if n > 0 {
				h.s.log.Info("purged old sessions", "count", n)
			}
		}
	}
}

// endWith pushes session_ended and closes the socket once it is written.
func (c *conn) endWith(reason api.EndReason) {
	if reason == "" {
		reason = api.EndRevoked
	}
	c.push(api.TypeSessionEnded, api.SessionEnded{Reason: reason})
	select {
	case c.send <- nil: // nil tells the writer to close after the push
	case <-c.closed:
	default:
		c.close()
	}
}

func (c *conn) close() {
	c.once.Do(func() {
		c.cancel()
		close(c.closed)
		c.ws.Close()
		c.hub.remove(c)
	})
}

func (c *conn) writeLoop() {
	ping := time.NewTicker(pingEvery)
	defer func() {
		ping.Stop()
		c.close()
	}()
	for {
		select {
		case <-c.closed:
			return
		case msg := <-c.send:
			c.ws.SetWriteDeadline(time.Now().Add(writeWait))
			if msg == nil {
				c.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4001, "session ended"))
				return
			}
			if err := c.ws.WriteMessage(websocket.TextMessage, msg); err != nil {
				return
			}
		case <-ping.C:
			c.ws.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.ws.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		}
	}
}

func (c *conn) readLoop() {
	defer c.close()
	c.ws.SetReadLimit(hardFrameLimit)
	c.ws.SetReadDeadline(time.Now().Add(pongWait))
	c.ws.SetPongHandler(func(string) error { return c.ws.SetReadDeadline(time.Now().Add(pongWait)) })
	for {
		kind, msg, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		c.ws.SetReadDeadline(time.Now().Add(pongWait))
		if kind != websocket.TextMessage {
			c.hub.s.log.Warn("socket: binary frame", "user", c.user.Login, "addr", c.addr)
			c.reply(0, api.Errorf(api.CodeBadRequest, "frames must be JSON text"))
			continue
		}
		if len(msg) > api.MaxFrameBytes {
			c.hub.s.log.Warn("socket: frame too large", "user", c.user.Login, "bytes", len(msg))
			c.reply(0, api.Errorf(api.CodeTooLarge, "frame over %d bytes", api.MaxFrameBytes))
			continue
		}
		var env api.Envelope
		if err := json.Unmarshal(msg, &env); err != nil || env.Type == "" {
			c.hub.s.log.Warn("socket: malformed frame", "user", c.user.Login, "err", err)
			c.reply(env.ID, api.Errorf(api.CodeBadRequest, "frame is not a JSON envelope with a type"))
			continue
		}
		select {
		case c.slots <- struct{}{}:
		case <-c.closed:
			return
		}
		go func() {
			defer func() { <-c.slots }()
			c.serve(env)
		}()
	}
}

// serve runs one request: the session is checked (and touched) first, so a
// request never runs on an ended session.
func (c *conn) serve(env api.Envelope) {
	defer func() {
		if p := recover(); p != nil {
			c.hub.s.log.Error("socket: handler panic", "type", env.Type, "panic", p, "stack", string(debug.Stack()))
			c.reply(env.ID, api.Errorf(api.CodeInternal, "the server failed on this request"))
		}
	}()
	_, user, err := c.hub.s.auth.Check(c.token, true)
	if err != nil {
		var e *api.Error
		if errors.As(err, &e) && e.Code == api.CodeUnauthorized {
			c.endWith(e.Reason)
			return
		}
		c.reply(env.ID, api.Errorf(api.CodeInternal, "session check failed"))
		return
	}
	h, ok := handlers[env.Type]
	if !ok {
		c.hub.s.log.Warn("socket: unknown message type", "type", env.Type, "user", user.Login)
		c.reply(env.ID, api.Errorf(api.CodeUnknownType, "unknown message type %q", env.Type))
		return
	}
	p := access.NewPrincipal(user.Login, user.Roles, user.SyncPoints)
	out, err := h(c.hub.s, request{user: user, principal: p, conn: c, data: env.Data})
	if err != nil {
		c.reply(env.ID, err)
		return
	}
	c.reply(env.ID, out)
}

// reply sends the answer to request id: a typed value or an error.
func (c *conn) reply(id uint64, v any) {
	if err, ok := v.(error); ok {
		var e *api.Error
		if !errors.As(err, &e) {
			c.hub.s.log.Error("socket: request failed", "user", c.user.Login, "err", err)
			e = api.Errorf(api.CodeInternal, "the server failed on this request")
		}
		c.sendEnvelope(id, api.TypeError, e)
		return
	}
	r := v.(reply)
	c.sendEnvelope(id, r.Type, r.Data)
}

// push sends a server-initiated message.
func (c *conn) push(typ string, data any) { c.sendEnvelope(0, typ, data) }

func (c *conn) sendEnvelope(id uint64, typ string, data any) {
	raw, err := json.Marshal(data)
	if err != nil {
		c.hub.s.log.Error("socket: encode reply", "type", typ, "err", err)
		return
	}
	msg, _ := json.Marshal(api.Envelope{ID: id, Type: typ, Data: raw})
	select {
	case c.send <- msg:
	case <-c.closed:
	default:
		c.hub.s.log.Warn("socket: client too slow, closing", "user", c.user.Login)
		c.close()
	}
}

// request is what a message handler gets.
type request struct {
	user      auth.User
	principal access.Principal
	conn      *conn
	data      json.RawMessage
}

// changed pushes a committed catalog change to every socket that watches
// the catalog and may see at least one of the changed rows: a key user of
// one distributor never hears of another's.
func (h *hub) changed(ch catalog.Change) {
	d := h.s.catalog.Def(ch.Catalog)
	msg := api.Changed{Catalog: ch.Catalog, IDs: ch.IDs, By: ch.By}
	for _, c := range h.snapshot() {
		c.mu.Lock()
		watching := c.watching[ch.Catalog]
		c.mu.Unlock()
		if !watching {
			continue
		}
		p := access.NewPrincipal(c.user.Login, c.user.Roles, c.user.SyncPoints)
		if !p.Can(ch.Catalog, access.Read) {
			continue
		}
		visible := !d.Scoped()
		for _, sp := range ch.Scopes {
			visible = visible || p.Sees(sp)
		}
		if visible {
			c.push(api.TypeChanged, msg)
		}
	}
}

// reply is a handler's answer: a message type and its data.
type reply struct {
	Type string
	Data any
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

func shortErr(err error) string {
	s := err.Error()
	if len(s) > 120 {
		s = s[:120]
	}
	return fmt.Sprint(s)
}
