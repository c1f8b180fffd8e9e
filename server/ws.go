package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/catalog"
	"webtool/server/ratelimit"
	"webtool/server/store"
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
	// maxSocketsPerSession caps one session's open sockets (one per tab).
	maxSocketsPerSession = 20
	// drainWait is how long a socket's requests under way get to answer
	// before a shutdown closes it; closeWait how long the writer then waits
	// for the client to answer the close frame.
	drainWait = 5 * time.Second
	closeWait = time.Second
)

// hub knows every open socket, so that a session's sockets can be closed
// when it ends and changes can be pushed to whoever sees them.
type hub struct {
	s        *Server
	upgrader websocket.Upgrader

	mu    sync.Mutex
	conns map[*conn]struct{}
	// connSeq numbers the sockets (conn.id).
	connSeq atomic.Uint64
	// leaving is set when the server shuts down: new sockets are told to
	// go away at once; empty is closed when the last socket has gone.
	leaving bool
	empty   chan struct{}

	// readOnly reports whether a session may only look (see entry.writes);
	// nil means every session may write. No session can be made read-only
	// yet (support sessions will be); tests set it before sockets open.
	readOnly func(auth.Session) bool
}

func newHub(s *Server) *hub {
	return &hub{s: s, conns: map[*conn]struct{}{}, empty: make(chan struct{}), upgrader: websocket.Upgrader{
		ReadBufferSize:  4096,
		WriteBufferSize: 4096,
		// Checked before Upgrade by the ourSite wrapper of the route; a
		// second check here keeps the rule even if the routes change.
		CheckOrigin: func(r *http.Request) bool { return s.sameOrigin(r, false) },
	}}
}

// conn is one websocket. Only its writer goroutine writes to ws.
type conn struct {
	hub     *hub
	id      string // unique in this process: a change names the tab it came from
	ws      *websocket.Conn
	token   string
	session string // session ID
	user    auth.User
	addr    string
	send    chan frame
	closed  chan struct{}
	once    sync.Once
	slots   chan struct{}
	// readDone is closed when the read loop ends (the client answered a
	// close frame, or the connection failed).
	readDone chan struct{}
	// ctx ends when the socket closes, so queries nobody waits for stop.
	ctx    context.Context
	cancel context.CancelFunc
	// frames and strikes throttle what the client sends; only the read
	// loop touches them.
	frames, strikes ratelimit.Bucket
	// lastActive is when the client last sent a frame (Unix nanoseconds):
	// the least recently used socket of a session goes first.
	lastActive atomic.Int64
	evicted    bool // guarded by hub.mu

	// latest is the user as the last request found them (roles and sync
	// points change while the socket is open); pushes go by it.
	latest atomic.Pointer[auth.User]

	mu       sync.Mutex
	watching map[string]bool
}

// principal is what the socket's user may do now.
func (c *conn) principal() access.Principal { return c.hub.s.principal(*c.latest.Load()) }

// frame is one queued write: a text message, or with close set a close
// frame, after which the writer ends.
type frame struct {
	data  []byte
	close bool
}

// handleSocket upgrades only a request that has a live session; its route
// admits only our own origin (see ourSite), so a page on another site
// cannot ride the cookie (cross-site websocket hijacking).
func (s *Server) handleSocket(w http.ResponseWriter, r *http.Request) {
	token, sess, user, ok := s.session(w, r)
	if !ok {
		return
	}
	ws, err := s.hub.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	cn := &conn{hub: s.hub, id: strconv.FormatUint(s.hub.connSeq.Add(1), 10), ws: ws, token: token, session: sess.ID, user: user, addr: clientAddr(r),
		send: make(chan frame, sendQueue), closed: make(chan struct{}), slots: make(chan struct{}, maxInFlight),
		readDone: make(chan struct{})}
	cn.latest.Store(&user)
	cn.ctx, cn.cancel = context.WithCancel(context.Background())
	cn.lastActive.Store(s.now().UnixNano())
	go cn.writeLoop()
	if !s.hub.add(cn) {
		cn.closeWith(api.CloseGoingAway, "server shutting down")
	}
	cn.readLoop()
}

// add registers a new socket, or reports false when the server is shutting
// down. A session already at maxSocketsPerSession loses its least recently
// used socket: the tab the user just opened is the one they look at, and
// the one that goes is told why and stays closed until reloaded (were it
// to reconnect, tabs would take turns evicting each other).
func (h *hub) add(c *conn) bool {
	h.mu.Lock()
	if h.leaving {
		h.mu.Unlock()
		return false
	}
	var victim *conn
	n := 0
	for o := range h.conns {
		if o.session != c.session || o.evicted {
			continue
		}
		n++
		if victim == nil || o.lastActive.Load() < victim.lastActive.Load() {
			victim = o
		}
	}
	if n < maxSocketsPerSession {
		victim = nil
	} else {
		victim.evicted = true
	}
	h.conns[c] = struct{}{}
	h.mu.Unlock()
	if victim != nil {
		h.s.log.Info("socket closed: too many tabs of one session", "user", victim.user.Login, "limit", maxSocketsPerSession)
		victim.closeWith(api.CloseTooManyTabs, "too many tabs open")
	}
	return true
}

func (h *hub) remove(c *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.conns, c)
	if h.leaving && len(h.conns) == 0 {
		h.closeEmpty()
	}
}

// closeEmpty closes h.empty once; h.mu must be held.
func (h *hub) closeEmpty() {
	select {
	case <-h.empty:
	default:
		close(h.empty)
	}
}

// goAway starts the shutdown of every socket: each is closed with 1001
// (going away) once its requests under way have answered, and sockets
// opened from now on are closed so at once. The server calls it after it
// stopped accepting connections, so clients that reconnect at once do not
// land on this process again.
func (h *hub) goAway() {
	h.mu.Lock()
	h.leaving = true
	if len(h.conns) == 0 {
		h.closeEmpty()
	}
	h.mu.Unlock()
	for _, c := range h.snapshot() {
		go c.goAway()
	}
}

// wait returns when every socket has gone after goAway, or ctx ends.
func (h *hub) wait(ctx context.Context) {
	select {
	case <-h.empty:
	case <-ctx.Done():
	}
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

// rightsChanged re-reads the users of logins and tells their sockets that
// their rights changed, so their tabs reload what they may see (the next
// request is checked by the new rights whatever the tab does).
func (h *hub) rightsChanged(logins []string) {
	want := map[string]bool{}
	for _, l := range logins {
		want[l] = true
	}
	fresh := map[string]*auth.User{}
	for _, c := range h.snapshot() {
		if !want[c.user.Login] {
			continue
		}
		u, ok := fresh[c.user.Login]
		if !ok {
			var got auth.User
			var found bool
			err := h.s.db.View(func(tx *store.Tx) (err error) { got, found, err = auth.GetUser(tx, c.user.Login); return })
			if err == nil && found {
				u = &got
			}
			fresh[c.user.Login] = u
		}
		if u != nil {
			c.latest.Store(u)
		}
		c.push(api.TypeRightsChanged, struct{}{})
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
	var auditPurged time.Time // the first tick purges, then once a day
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := h.s.auth.FlushAudit(false); err != nil {
			h.s.log.Error("audit sign-in failures", "err", err)
		}
		if now := h.s.now(); h.s.cfg.AuditRetention > 0 && now.Sub(auditPurged) >= 24*time.Hour {
			auditPurged = now
			h.s.purgeAudit(now)
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
	c.closeWith(api.CloseSessionEnded, "session ended")
}

// closeWith queues a close frame with code and reason after whatever is
// queued already; the writer ends after it.
func (c *conn) closeWith(code int, reason string) {
	select {
	case c.send <- frame{data: websocket.FormatCloseMessage(code, reason), close: true}:
	case <-c.closed:
	default:
		c.close()
	}
}

// goAway closes the socket with 1001 for a shutdown, after the requests
// under way have answered (at most drainWait): holding every request slot
// lets them finish and keeps the read loop from starting new ones.
func (c *conn) goAway() {
	t := time.NewTimer(drainWait)
	defer t.Stop()
drain:
	for range maxInFlight {
		select {
		case c.slots <- struct{}{}:
		case <-t.C:
			break drain
		case <-c.closed:
			return
		}
	}
	c.closeWith(api.CloseGoingAway, "server shutting down")
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
		case f := <-c.send:
			c.ws.SetWriteDeadline(time.Now().Add(writeWait))
			if f.close {
				// Wait a moment for the client's answer, so the close frame
				// is not lost to a reset of a connection closed under it.
				if c.ws.WriteMessage(websocket.CloseMessage, f.data) == nil {
					select {
					case <-c.readDone:
					case <-time.After(closeWait):
					}
				}
				return
			}
			if err := c.ws.WriteMessage(websocket.TextMessage, f.data); err != nil {
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
	defer close(c.readDone)
	c.ws.SetReadLimit(hardFrameLimit)
	c.ws.SetReadDeadline(time.Now().Add(pongWait))
	c.ws.SetPongHandler(func(string) error { return c.ws.SetReadDeadline(time.Now().Add(pongWait)) })
	for {
		kind, msg, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		c.ws.SetReadDeadline(time.Now().Add(pongWait))
		now := c.hub.s.now()
		c.lastActive.Store(now.UnixNano())
		if serve, flood := c.allow(msg, now); flood {
			// Closed as a policy violation. The frames still sent are read
			// and dropped until the client answers the close.
			c.closeWith(api.ClosePolicyViolation, "too many messages")
			for {
				if _, _, err := c.ws.ReadMessage(); err != nil {
					return
				}
			}
		} else if !serve {
			continue
		}
		if kind != websocket.TextMessage {
			c.hub.s.log.Warn("socket: binary frame", "user", c.user.Login, "addr", c.addr)
			c.fail(0, api.Errorf(api.CodeBadRequest, "frames must be JSON text"))
			continue
		}
		if len(msg) > api.MaxFrameBytes {
			c.hub.s.log.Warn("socket: frame too large", "user", c.user.Login, "bytes", len(msg))
			c.fail(0, api.Errorf(api.CodeTooLarge, "frame over %d bytes", api.MaxFrameBytes))
			continue
		}
		var env api.Envelope
		if err := json.Unmarshal(msg, &env); err != nil || env.Type == "" {
			c.hub.s.log.Warn("socket: malformed frame", "user", c.user.Login, "err", err)
			c.fail(env.ID, api.Errorf(api.CodeBadRequest, "frame is not a JSON envelope with a type"))
			continue
		}
		select {
		case c.slots <- struct{}{}:
		case <-c.closed:
			return
		}
		go func() {
			defer func() { <-c.slots }()
			c.dispatch(env)
		}()
	}
}

// fail answers request id with err: its *api.Error, or (logged) an
// internal error that says nothing of the cause.
func (c *conn) fail(id uint64, err error) {
	var e *api.Error
	if !errors.As(err, &e) {
		c.hub.s.log.Error("socket: request failed", "user", c.user.Login, "err", err)
		e = api.Errorf(api.CodeInternal, "the server failed on this request")
	}
	c.sendEnvelope(id, api.TypeError, e)
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
	case c.send <- frame{data: msg}:
	case <-c.closed:
	default:
		c.hub.s.log.Warn("socket: client too slow, closing", "user", c.user.Login)
		c.close()
	}
}

// changed pushes a committed catalog change to every socket that watches
// the catalog and may see at least one of the changed rows: a key user of
// one distributor never hears of another's.
func (h *hub) changed(ch catalog.Change) {
	d := h.s.catalog.Def(ch.Catalog)
	msg := api.Changed{Catalog: ch.Catalog, IDs: ch.IDs, By: ch.By}
	for _, c := range h.snapshot() {
		if ch.Conn != "" && ch.Conn == c.id {
			continue // the tab that made the change updates from its reply
		}
		c.mu.Lock()
		watching := c.watching[ch.Catalog]
		c.mu.Unlock()
		if !watching {
			continue
		}
		p := c.principal()
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

// purgeAudit deletes the audit records older than -audit-retention; the
// store audits the purge itself.
func (s *Server) purgeAudit(now time.Time) {
	before := now.Add(-s.cfg.AuditRetention)
	n, err := s.db.PurgeAudit(before, now)
	if err != nil {
		s.log.Error("purge old audit records", "err", err)
	}
	if n > 0 {
		s.log.Info("purged old audit records", "count", n, "before", before.UTC().Format(time.RFC3339))
	}
}
