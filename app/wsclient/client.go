// Package wsclient is the browser's link to the server: a websocket client
// with request/reply correlation, pushes and reconnection, and a small
// same-origin JSON fetch for the HTTP endpoints. It talks to the browser's
// own WebSocket and fetch through syscall/js (js/wasm files) instead of
// linking a Go HTTP or websocket stack, which keeps the wasm small. On other
// platforms the browser parts return ErrNoBrowser, so the package and its
// logic compile and test natively with a fake Dialer.
package wsclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"webtool/app/state"
	"webtool/server/api"
)

// Errors a request can fail with besides an *api.Error from the server.
var (
	// ErrOffline: the socket is not open. Requests fail at once rather than
	// queue: the UI shows the offline banner and the user can retry, which
	// beats a click that silently does something minutes later.
	ErrOffline = errors.New("wsclient: not connected to the server")
	// ErrConnectionLost: the socket closed before the reply arrived. The
	// request may or may not have been carried out.
	ErrConnectionLost = errors.New("wsclient: connection lost before the reply")
	// ErrClosed: the client was closed.
	ErrClosed = errors.New("wsclient: client closed")
	// ErrNoBrowser: the browser APIs are only there in js/wasm.
	ErrNoBrowser = errors.New("wsclient: needs a browser (js/wasm)")
)

// Conn is one websocket as the browser gives it.
type Conn interface {
	// Send writes one text frame. It does not wait for the peer.
	Send(data []byte) error
	// Close starts closing; Events.Close follows.
	Close()
}

// Events are the callbacks of one Conn. They may be called on any goroutine
// and must not block: in the browser they run inside the JavaScript event
// loop.
type Events struct {
	Open    func()
	Message func(data []byte)
	// Close is called exactly once, also when the socket never opened (the
	// browser reports a refused upgrade as a close, with no reason given),
	// with the close code the server sent (1006 when there was none).
	Close func(code int)
}

// Dialer starts opening a websocket to url. It returns at once; the outcome
// arrives through ev.
type Dialer func(url string, ev Events) (Conn, error)

// Config configures a Client. Callbacks run on the client's goroutines and
// must not block; the UI hands them to its own goroutine (ctx.Dispatch).
type Config struct {
	URL string
	// Dial opens sockets; nil means the browser's WebSocket.
	Dial Dialer
	// Backoff spaces reconnection attempts; the zero value is fine.
	Backoff state.Backoff
	// OnStatus reports each change of the link's state.
	OnStatus func(state.ConnState)
	// OnOpen is called after each successful (re)connect, before any other
	// message is read; the UI sends hello from there (asynchronously).
	OnOpen func()
	// OnPush receives the frames the server sent without an id.
	OnPush func(api.Envelope)
	// OnFailed is called after each failed attempt to (re)connect, so the
	// UI can ask the HTTP side whether the session is gone.
	OnFailed func()
}

// Client keeps one websocket open to the server, reconnecting with backoff
// after a drop, and correlates requests with replies by Envelope.ID. All
// methods are safe for concurrent use.
type Client struct {
	cfg  Config
	dial Dialer
	ids  state.IDs

	stop     chan struct{}
	stopOnce sync.Once

	mu      sync.Mutex
	conn    Conn // nil unless open
	pending map[uint64]chan api.Envelope
	status  state.ConnState
	ended   bool // the server said the session ended: do not reconnect
	closed  bool
}

// New returns a client; call Start to connect.
func New(cfg Config) *Client {
	dial := cfg.Dial
	if dial == nil {
		dial = BrowserDialer
	}
	return &Client{
		cfg:     cfg,
		dial:    dial,
		stop:    make(chan struct{}),
		pending: make(map[uint64]chan api.Envelope),
	}
}

// Start connects and keeps the connection up in the background until Close.
func (c *Client) Start() { go c.run() }

// Close closes the socket and stops reconnecting. Pending requests fail
// with ErrClosed. A callback already under way may still finish after Close
// returns, so the UI ignores callbacks of a client it has closed.
func (c *Client) Close() {
	c.stopOnce.Do(func() { close(c.stop) })
	c.mu.Lock()
	c.closed = true
	conn := c.conn
	c.conn = nil
	c.failPending()
	c.mu.Unlock()
	if conn != nil {
		conn.Close()
	}
}

// Status returns the current state of the link.
func (c *Client) Status() state.ConnState {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.status == "" {
		return state.Connecting
	}
	return c.status
}

// Request sends a request of type typ with data req (nil for none) and
// waits for its reply, decoding the reply's data into reply (nil to ignore).
// A TypeError reply is returned as *api.Error. It fails at once with
// ErrOffline while the socket is down. Never call it on the UI goroutine.
func (c *Client) Request(ctx context.Context, typ string, req, reply any) error {
	env := api.Envelope{Type: typ}
	if req != nil {
		data, err := json.Marshal(req)
		if err != nil {
			return fmt.Errorf("encode %s request: %w", typ, err)
		}
		env.Data = data
	}

	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosed
	}
	conn := c.conn
	if conn == nil {
		c.mu.Unlock()
		return ErrOffline
	}
	env.ID = c.ids.Next()
	frame, err := json.Marshal(env)
	if err != nil {
		c.mu.Unlock()
		return fmt.Errorf("encode %s request: %w", typ, err)
	}
	if len(frame) > api.MaxFrameBytes {
		c.mu.Unlock()
		return &api.Error{Code: api.CodeTooLarge, Message: "request over the frame limit"}
	}
	ch := make(chan api.Envelope, 1)
	c.pending[env.ID] = ch
	c.mu.Unlock()

	if err := conn.Send(frame); err != nil {
		c.forget(env.ID)
		return fmt.Errorf("send %s: %w", typ, ErrConnectionLost)
	}

	select {
	case got, ok := <-ch:
		if !ok {
			if c.isClosed() {
				return ErrClosed
			}
			return ErrConnectionLost
		}
		if got.Type == api.TypeError {
			apiErr := &api.Error{}
			if err := json.Unmarshal(got.Data, apiErr); err != nil || apiErr.Code == "" {
				return &api.Error{Code: api.CodeInternal, Message: "malformed error reply"}
			}
			return apiErr
		}
		if reply != nil && len(got.Data) > 0 {
			if err := json.Unmarshal(got.Data, reply); err != nil {
				return fmt.Errorf("decode %s reply: %w", typ, err)
			}
		}
		return nil
	case <-ctx.Done():
		c.forget(env.ID)
		return ctx.Err()
	}
}

// Ping makes one application-level round trip. The server counts it as user
// activity for the idle timeout.
func (c *Client) Ping(ctx context.Context) error {
	return c.Request(ctx, api.TypePing, nil, nil)
}

// restartAttempts is how many failed attempts after the server said it is
// going away still count as its restart; after them the link is offline.
const restartAttempts = 10

func (c *Client) run() {
	b := c.cfg.Backoff
	c.setStatus(state.Connecting)
	restarting := 0 // attempts left that count as the server's restart
	for {
		opened, code := c.connectOnce()
		if c.isClosed() || c.isEnded() {
			return
		}
		if code == api.CloseTooManyTabs {
			// Another tab of the session took this one's place; coming
			// back would evict that one in turn.
			c.setStatus(state.Parked)
			c.mu.Lock()
			c.ended = true
			c.mu.Unlock()
			return
		}
		if opened {
			b.Reset()
			restarting = 0
			if code == api.CloseGoingAway {
				restarting = restartAttempts
			}
		}
		if restarting > 0 {
			restarting--
			c.setStatus(state.Restarting)
		} else {
			c.setStatus(state.Offline)
		}
		if c.cfg.OnFailed != nil && !opened {
			c.cfg.OnFailed()
		}
		select {
		case <-time.After(b.Next()):
		case <-c.stop:
			return
		}
	}
}

// connectOnce dials, and if the socket opens, serves it until it closes. It
// reports whether the socket opened and the code it closed with.
func (c *Client) connectOnce() (opened bool, code int) {
	openCh := make(chan struct{}, 1)
	closeCh := make(chan int, 1)
	conn, err := c.dial(c.cfg.URL, Events{
		Open:    func() { openCh <- struct{}{} },
		Message: c.receive,
		Close:   func(code int) { closeCh <- code },
	})
	if err != nil {
		return false, 0
	}

	select {
	case <-openCh:
	case code := <-closeCh:
		return false, code
	case <-c.stop:
		conn.Close()
		return false, 0
	}

	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		conn.Close()
		return true, 0
	}
	c.conn = conn
	c.mu.Unlock()
	c.setStatus(state.Online)
	if c.cfg.OnOpen != nil {
		c.cfg.OnOpen()
	}

	select {
	case code = <-closeCh:
	case <-c.stop:
	}
	c.mu.Lock()
	if c.conn == conn {
		c.conn = nil
	}
	c.failPending()
	c.mu.Unlock()
	return true, code
}

// receive handles one frame. It runs in the browser's event loop, so it only
// hands the frame on.
func (c *Client) receive(data []byte) {
	var env api.Envelope
	if err := json.Unmarshal(data, &env); err != nil {
		return // the server never sends this; nothing useful to do with it
	}
	if env.ID != 0 {
		c.mu.Lock()
		ch, ok := c.pending[env.ID]
		delete(c.pending, env.ID)
		c.mu.Unlock()
		if ok {
			ch <- env // buffered, and each channel receives at most once
		}
		return
	}
	if env.Type == api.TypeSessionEnded {
		// The server closes the socket right after; reconnecting would only
		// be refused.
		c.mu.Lock()
		c.ended = true
		c.mu.Unlock()
	}
	if c.cfg.OnPush != nil && !c.isClosed() {
		c.cfg.OnPush(env)
	}
}

func (c *Client) setStatus(s state.ConnState) {
	c.mu.Lock()
	changed := c.status != s && !c.closed && !c.ended
	if changed {
		c.status = s
	}
	c.mu.Unlock()
	if changed && c.cfg.OnStatus != nil {
		c.cfg.OnStatus(s)
	}
}

// failPending wakes every waiting request; c.mu must be held.
func (c *Client) failPending() {
	for id, ch := range c.pending {
		close(ch)
		delete(c.pending, id)
	}
}

func (c *Client) forget(id uint64) {
	c.mu.Lock()
	delete(c.pending, id)
	c.mu.Unlock()
}

func (c *Client) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

func (c *Client) isEnded() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ended
}

// SocketURL returns the websocket URL for path on the page's own origin:
// wss on an https page (a browser refuses ws from https), ws otherwise.
func SocketURL(protocol, host, path string) string {
	scheme := "ws"
	if protocol == "https:" {
		scheme = "wss"
	}
	return scheme + "://" + host + path
}
