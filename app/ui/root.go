package ui

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/app/wsclient"
	"webtool/server/api"
)

// Timeouts for the requests the root makes. They are long because a login
// runs a deliberately slow password hash and mobile networks stall.
const (
	httpTimeout  = 20 * time.Second
	helloTimeout = 15 * time.Second
	pingTimeout  = 10 * time.Second
)

// Root is the one routed component. go-app keeps the same instance across
// navigations (it updates it with a zero value, and Root has no exported
// fields), so the session and the socket survive page changes.
//
// All fields are touched on the UI goroutine only; background work reports
// back with ctx.Dispatch on Root's own context. A child element's context is
// no good for that: go-app drops a dispatch whose source has unmounted,
// which the login form has by the time its reply arrives.
type Root struct {
	app.Compo

	backend Backend // nil: the browser's

	ctx     app.Context
	m       state.Model
	lang    string
	path    string
	narrow  bool
	navOpen bool
	update  bool

	ws Socket
	// heard is when the server last heard a request of this tab (Unix
	// nanoseconds): the idle watch counts from it (see IdleWarning).
	heard atomic.Int64
	// link outlives sockets: screens hold it to make requests and hear
	// pushes.
	link *Link

	fav favorites

	// pw: the set-password link and the forgot-password form (password_set.go).
	pw passwordFlow

	rights rightsWatch
}

func (c *Root) OnMount(ctx app.Context) {
	c.ctx = ctx
	if c.backend == nil {
		c.backend = browserBackend{}
	}
	if c.link == nil {
		c.link = &Link{}
	}
	showPending(c.link.Pending())
	c.lang = i18n.Choose(storedLang(), preferredLangs())
	setDocumentLang(c.lang)
	c.narrow = isNarrow()
	c.navOpen = !c.narrow
	c.path = ctx.Page().URL().Path
	c.takeToken(ctx)
	c.update = ctx.AppUpdateAvailable()
	c.apply(ctx, c.m.Start())
}

func (c *Root) OnNav(ctx app.Context) {
	c.path = ctx.Page().URL().Path
	c.takeToken(ctx)
	if c.narrow {
		c.navOpen = false
	}
}

func (c *Root) OnAppUpdate(ctx app.Context) { c.update = true }

func (c *Root) OnResize(ctx app.Context) {
	if narrow := isNarrow(); narrow != c.narrow {
		c.narrow = narrow
		c.navOpen = !narrow
	}
}

func (c *Root) OnDismount() { c.closeSocket() }

// apply carries out what the model asked for.
func (c *Root) apply(ctx app.Context, eff state.Effect) {
	if eff.Disconnect {
		c.closeSocket()
	}
	if eff.Connect {
		c.connect(ctx)
	}
	if eff.CheckSession {
		c.checkSession(ctx, eff.After)
	}
	if c.m.Screen == state.Shell {
		c.pw.forgot = false // signed in (maybe in another tab) meanwhile
	}
}

func (c *Root) checkSession(ctx app.Context, after time.Duration) {
	backend := c.backend
	ctx.Async(func() {
		if after > 0 {
			select {
			case <-time.After(after):
			case <-ctx.Done():
				return
			}
		}
		rctx, cancel := context.WithTimeout(ctx, httpTimeout)
		reply, err := backend.Session(rctx)
		cancel()
		ctx.Dispatch(func(ctx app.Context) { c.apply(ctx, c.m.SessionChecked(reply, err)) })
	})
}

func (c *Root) connect(ctx app.Context) {
	c.closeSocket()
	var sock Socket
	// Callbacks of a socket we have since closed must not touch the state.
	current := func() bool { return c.ws == sock }
	raw := c.backend.Socket(wsclient.Config{
		OnStatus: func(s state.ConnState) {
			ctx.Dispatch(func(app.Context) {
				if current() {
					c.m.ConnChanged(s)
				}
			})
		},
		OnOpen: func() { c.hello(ctx, sock) },
		OnPush: func(env api.Envelope) {
			ctx.Dispatch(func(ctx app.Context) {
				if current() {
					c.onPush(ctx, env)
				}
			})
		},
		OnFailed: func() {
			ctx.Dispatch(func(ctx app.Context) {
				if current() {
					c.apply(ctx, c.m.SocketFailed())
				}
			})
		},
	})
	sock = &heardSocket{Socket: raw, heard: &c.heard}
	c.ws = sock
	c.link.setSocket(sock)
	c.m.ConnChanged(state.Connecting)
	sock.Start()
}

// heardSocket notes when the server last heard one of its requests: any
// request resets the session's idle clock there (server/dispatch.go), so
// the idle watch needs to ping only when none has gone for a while.
type heardSocket struct {
	Socket
	heard *atomic.Int64
}

func (s *heardSocket) Request(ctx context.Context, typ string, req, reply any) error {
	sent := time.Now().UnixNano()
	err := s.Socket.Request(ctx, typ, req, reply)
	// An error reply was dispatched, so heard too, unless the frame was
	// refused before that (rate_limited).
	var apiErr *api.Error
	if err == nil || (errors.As(err, &apiErr) && apiErr.Code != api.CodeRateLimited) {
		for {
			old := s.heard.Load()
			if old >= sent || s.heard.CompareAndSwap(old, sent) {
				break
			}
		}
	}
	return err
}

// ping tells the server the user is still at work (the idle watch asks
// for it after actions that sent no request).
func (c *Root) ping() {
	sock := c.ws
	if sock == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), pingTimeout)
		defer cancel()
		_ = sock.Request(ctx, api.TypePing, nil, nil) // offline: the next action asks again
	}()
}

func (c *Root) closeSocket() {
	if c.ws != nil {
		c.ws.Close()
		c.ws = nil
	}
	if c.link != nil {
		c.link.setSocket(nil)
	}
}

// hello greets the server after each (re)connect; it may be called from
// the socket's goroutine (call only starts the request).
func (c *Root) hello(ctx app.Context, sock Socket) {
	askSock(c, ctx, sock, api.TypeHello, func(ctx app.Context, h api.Hello, err error) {
		if api.ErrorCode(err) == api.CodeUnauthorized {
			c.apply(ctx, c.m.SessionChecked(api.LoginReply{}, err))
			return
		}
		if err != nil {
			return // the socket dropped; the next connect says hello again
		}
		c.m.Hello(h)
		if v := appVersion(); v != "" && h.Version != "" && v != h.Version {
			c.update = true
		}
		c.link.helloDone(ctx)
		c.loadCatalogs(ctx, sock)
		c.loadFavorites(ctx, sock)
	})
}

// askSock sends one request on sock (within the hello timeout) and hands
// the answer to done on the UI goroutine — unless the socket was replaced
// meanwhile: a later connect asks again.
func askSock[R any](c *Root, ctx app.Context, sock Socket, typ string, done func(app.Context, R, error)) {
	var out R
	do := func(ctx context.Context) error {
		rctx, cancel := context.WithTimeout(ctx, helloTimeout)
		defer cancel()
		return sock.Request(rctx, typ, nil, &out)
	}
	send(ctx, c.link, do, func() bool { return c.ws == sock }, func(err error) { done(ctx, out, err) })
}

// loadCatalogs asks for the catalog descriptions after each hello (rights
// may have changed while the socket was down).
func (c *Root) loadCatalogs(ctx app.Context, sock Socket) {
	askSock(c, ctx, sock, api.TypeCatalogs, func(ctx app.Context, reply api.Catalogs, err error) {
		var apiErr *api.Error
		switch {
		case err == nil:
			c.m.SetCatalogs(reply.Catalogs)
			c.rightsApplied(ctx)
		case errors.As(err, &apiErr):
			// An older server, or no right to any catalog: sections stay
			// placeholders rather than a skeleton forever.
			c.m.SetCatalogs(nil)
		}
		// A network error: the next hello asks again.
	})
}

func (c *Root) onPush(ctx app.Context, env api.Envelope) {
	switch env.Type {
	case api.TypeSessionEnded:
		var ended api.SessionEnded
		_ = json.Unmarshal(env.Data, &ended) // an empty reason still ends the session
		c.apply(ctx, c.m.SessionEnded(ended.Reason))
	case api.TypeChanged:
		var ch api.Changed
		if json.Unmarshal(env.Data, &ch) == nil && ch.Catalog != "" {
			c.link.publish(LinkEvent{Changed: &ch})
		}
	case api.TypeSettingsChanged:
		var fs api.FormSettings
		if json.Unmarshal(env.Data, &fs) == nil && fs.Catalog != "" {
			c.link.publish(LinkEvent{Settings: &fs})
		}
	case api.TypeFavoritesChanged:
		var f api.Favorites
		if json.Unmarshal(env.Data, &f) == nil {
			c.fav.list = slices.Clone(f.Catalogs)
			c.fav.known, c.fav.user = true, c.m.User.Login
			c.fav.seq++ // a save still in flight is older than this
			c.fav.rev++
		}
	case api.TypeRightsChanged:
		c.onRightsChanged(ctx)
	case api.TypeViewsChanged:
		var req api.SettingsRequest
		if json.Unmarshal(env.Data, &req) == nil && req.Catalog != "" {
			c.link.publish(LinkEvent{ViewsOf: req.Catalog})
		}
	}
}

func (c *Root) onLogin(login, password string) {
	if !c.m.LoginStarted() {
		return
	}
	ctx, backend := c.ctx, c.backend
	req := api.LoginRequest{Login: strings.TrimSpace(login), Password: password}
	ctx.Async(func() {
		rctx, cancel := context.WithTimeout(ctx, httpTimeout)
		reply, err := backend.Login(rctx, req)
		cancel()
		ctx.Dispatch(func(ctx app.Context) { c.apply(ctx, c.m.LoginDone(reply, err)) })
	})
}

func (c *Root) onLogout() {
	if !c.m.LogoutStarted() {
		return
	}
	ctx, backend := c.ctx, c.backend
	ctx.Async(func() {
		rctx, cancel := context.WithTimeout(ctx, httpTimeout)
		err := backend.Logout(rctx)
		cancel()
		ctx.Dispatch(func(ctx app.Context) { c.apply(ctx, c.m.LogoutDone(err)) })
	})
}

func (c *Root) onLang(lang string) {
	c.lang = lang
	storeLang(lang)
	setDocumentLang(lang)
}

func (c *Root) onToggleNav() { c.navOpen = !c.navOpen }

func (c *Root) onCloseNav() {
	if c.narrow && c.navOpen {
		c.navOpen = false
		c.ctx.Defer(func(app.Context) { focusByID("nav-toggle") })
	}
}

func (c *Root) onBackdrop(ctx app.Context, e app.Event) { c.onCloseNav() }

func (c *Root) onReload() { c.ctx.Reload() }

func (c *Root) Render() app.UI {
	var screen app.UI
	switch {
	case c.onPasswordPage():
		screen = c.renderPasswordSet()
	case c.m.Screen == state.Checking:
		screen = &Splash{Lang: c.lang}
	case c.m.Screen == state.Login:
		screen = c.renderLogin()
	default:
		screen = c.renderShell()
	}
	return app.Div().ID("app").Class("app").Body(
		screen,
		app.If(c.update, &UpdateBanner{Lang: c.lang, OnReload: c.onReload}),
	)
}

func (c *Root) renderLogin() app.UI {
	if c.pw.forgot {
		return c.renderForgot()
	}
	return app.Div().Class("screen-login").Body(
		&ConnBanner{Lang: c.lang, State: c.m.Conn},
		&Login{
			Lang:        c.lang,
			Message:     noticeText(c.lang, c.m.Notice, time.Now()),
			Code:        noticeCode(c.m.Notice),
			Info:        c.m.Notice != nil && c.m.Notice.Ended,
			Busy:        c.m.Busy,
			Failures:    c.m.Failures,
			InitialName: c.m.LastLogin,
			OnSubmit:    c.onLogin,
			OnLang:      c.onLang,
			OnForgot:    c.onForgot,
		},
	)
}

func (c *Root) renderShell() app.UI {
	var onClose func()
	if c.narrow {
		onClose = c.onCloseNav
	}
	classes := []string{"shell"}
	if c.navOpen {
		classes = append(classes, "nav-open")
	}
	return app.Div().ID("shell").Class(classes...).Body(
		app.A().Href("#main").Class("skip-link").Text(i18n.T(c.lang, "app.skip")),
		&Header{
			Lang:        c.lang,
			UserName:    displayName(c.m.User),
			NavOpen:     c.navOpen,
			LoggingOut:  c.m.LoggingOut,
			OnToggleNav: c.onToggleNav,
			OnLang:      c.onLang,
			OnLogout:    c.onLogout,
		},
		&ConnBanner{Lang: c.lang, State: c.m.Conn},
		app.Div().Class("shell-body").Body(
			&NavPanel{
				Lang:    c.lang,
				Groups:  c.m.Nav,
				Loaded:  c.m.NavLoaded,
				Open:    c.navOpen,
				Path:    c.path,
				OnClose: onClose,
			},
			app.If(c.narrow && c.navOpen,
				app.Div().Class("nav-backdrop").Aria("hidden", "true").OnClick(c.onBackdrop),
			),
			app.Main().ID("main").Class("main").TabIndex(-1).Body(c.renderPage()),
		),
		c.renderFavToast(),
		c.renderRightsToast(),
		&IdleWarning{
			Lang: c.lang, Limit: time.Duration(c.m.Session.IdleTimeoutSeconds) * time.Second, Heard: &c.heard,
			OnPing: c.ping, OnLogout: c.onLogout, OnEnded: c.onIdleEnded,
		},
	)
}

// onIdleEnded checks the session once the idle limit has passed: the
// server has ended it and its push may have been lost with the network.
func (c *Root) onIdleEnded() { c.checkSession(c.ctx, 0) }

func (c *Root) renderPage() app.UI {
	path := strings.TrimSuffix(c.path, "/")
	if path == "" {
		return &Home{
			Lang: c.lang, UserName: displayName(c.m.User), Groups: c.m.Nav, Loaded: c.m.NavLoaded,
			Favs: c.fav.list, FavsLoaded: c.favsLoaded(), FavsRev: c.fav.rev, OnFavs: c.saveFavorites,
			User: c.m.User.Login,
		}
	}
	if path == pathAccount {
		return c.renderAccount()
	}
	if page := c.adminPage(path); page != nil {
		return page // administration (admin_users.go)
	}
	if key, ok := strings.CutPrefix(path, "/c/"); ok {
		if cat := c.m.Catalog(key); cat != nil {
			return &CatalogPage{
				Lang: c.lang, Catalog: cat, Link: c.link, Admin: slices.Contains(c.m.User.Roles, "admin"),
				Fav: slices.Contains(c.fav.list, key), FavKnown: c.favsLoaded(), OnFav: c.toggleFavorite,
				User: c.m.User.Login, Catalogs: c.m.Catalog,
			}
		}
		for _, g := range c.m.Nav {
			for _, item := range g.Items {
				if item.Key == key {
					if !c.m.CatalogsLoaded {
						return app.Div().Class("page").Aria("busy", "true").Body(
							app.Span().Class("sr-only").Text(i18n.T(c.lang, "catalog.loading")),
							app.Div().Class("skeleton"), app.Div().Class("skeleton", "skeleton-short"),
						)
					}
					return &Section{Lang: c.lang, Title: item.Label.In(c.lang), Key: key}
				}
			}
		}
		if !c.m.NavLoaded {
			return app.Div().Class("page").Body(app.Div().Class("skeleton"))
		}
	}
	return &NotFound{Lang: c.lang}
}

func displayName(u api.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Login
}

func noticeCode(n *state.Notice) string {
	if n == nil {
		return ""
	}
	return n.Code
}
