package ui

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/wsclient"
	"webtool/server/api"
)

// requestTimeout bounds one catalog request: long enough for a mobile
// network, short enough that a lost reply does not leave a spinner forever.
const requestTimeout = 20 * time.Second

// Link is the screens' way to the server: it forwards requests to whichever
// socket Root has open now (sockets come and go with reconnects), keeps the
// list of watched catalogs so it can be sent again after a reconnect, and
// hands pushes to the screens that subscribed. One Link lives as long as the
// Root; screens hold the same pointer, which go-app's field comparison
// treats as unchanged.
type Link struct {
	mu      sync.Mutex
	sock    Socket
	pending int // requests sent and not yet handled (see ask)

	// UI goroutine only.
	subs   map[int]func(LinkEvent)
	nextID int
	watch  []string
	hellos int
}

// LinkEvent is what a screen hears from the server side: a changed push, or
// that the socket came back (pushes may have been missed meanwhile).
type LinkEvent struct {
	Changed     *api.Changed
	Reconnected bool
	// Settings: the user's form settings of a catalog changed in another tab.
	Settings *api.FormSettings
	// ViewsOf: the views of this catalog changed for the user.
	ViewsOf string
}

func (l *Link) setSocket(s Socket) {
	l.mu.Lock()
	l.sock = s
	l.mu.Unlock()
}

func (l *Link) socket() Socket {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sock
}

// Request sends one request on the current socket and waits for the reply.
// Never call it on the UI goroutine.
func (l *Link) Request(ctx context.Context, typ string, req, reply any) error {
	s := l.socket()
	if s == nil {
		return wsclient.ErrOffline
	}
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	return s.Request(ctx, typ, req, reply)
}

// Pending is the number of requests sent and not yet handled.
func (l *Link) Pending() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pending
}

func (l *Link) begin() { l.addPending(1) }

func (l *Link) end() { l.addPending(-1) }

func (l *Link) addPending(d int) {
	l.mu.Lock()
	l.pending += d
	n := l.pending
	l.mu.Unlock()
	showPending(n)
}

// Subscribe registers fn for pushes; call the returned func to stop. UI
// goroutine only.
func (l *Link) Subscribe(fn func(LinkEvent)) (cancel func()) {
	if l.subs == nil {
		l.subs = map[int]func(LinkEvent){}
	}
	l.nextID++
	id := l.nextID
	l.subs[id] = fn
	return func() { delete(l.subs, id) }
}

func (l *Link) publish(ev LinkEvent) {
	for _, fn := range l.subs {
		fn(ev)
	}
}

// Watch tells the server which catalogs are on screen (nil for none), on
// ctx (nil when the screen is going away). UI goroutine only; the request
// itself runs in the background.
func (l *Link) Watch(ctx app.Context, keys []string) {
	if slices.Equal(keys, l.watch) {
		return
	}
	l.watch = slices.Clone(keys)
	l.sendWatch(ctx)
}

func (l *Link) sendWatch(ctx app.Context) {
	req := api.WatchRequest{Catalogs: slices.Clone(l.watch)}
	if req.Catalogs == nil {
		req.Catalogs = []string{}
	}
	// A failure means the socket is down; the next hello sends it again.
	if ctx != nil {
		ask(ctx, l, api.TypeWatch, req, nil, func(struct{}, error) {})
		return
	}
	// A screen going away has no context to ask on any more.
	l.begin()
	go func() {
		defer l.end()
		_ = l.Request(context.Background(), api.TypeWatch, req, nil)
	}()
}

// helloDone is called after each successful hello: the server has forgotten
// what this socket watched, and pushes may have been missed.
func (l *Link) helloDone(ctx app.Context) {
	l.hellos++
	if len(l.watch) > 0 {
		l.sendWatch(ctx)
	}
	if l.hellos > 1 {
		l.publish(LinkEvent{Reconnected: true})
	}
}
