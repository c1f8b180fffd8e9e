package ui

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/state"
	"webtool/app/wsclient"
	"webtool/server/api"
)

// fakeBackend answers like the server would, without a network.
type fakeBackend struct {
	mu      sync.Mutex
	session func() (api.LoginReply, error)
	login   func(api.LoginRequest) (api.LoginReply, error)
	hello   api.Hello
	sockets []*fakeSocket
	logouts int
	pw      fakePasswords // account_test.go
}

func (b *fakeBackend) Session(context.Context) (api.LoginReply, error) { return b.session() }

func (b *fakeBackend) Login(_ context.Context, req api.LoginRequest) (api.LoginReply, error) {
	return b.login(req)
}

func (b *fakeBackend) Logout(context.Context) error {
	b.mu.Lock()
	b.logouts++
	b.mu.Unlock()
	return nil
}

func (b *fakeBackend) Socket(cfg wsclient.Config) Socket {
	s := &fakeSocket{cfg: cfg, hello: b.hello}
	b.mu.Lock()
	b.sockets = append(b.sockets, s)
	b.mu.Unlock()
	return s
}

func (b *fakeBackend) lastSocket(t *testing.T) *fakeSocket {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.sockets) == 0 {
		t.Fatal("no socket was opened")
	}
	return b.sockets[len(b.sockets)-1]
}

// fakeSocket opens at once and answers hello.
type fakeSocket struct {
	cfg    wsclient.Config
	hello  api.Hello
	handle func(typ string, req, reply any) error
	mu     sync.Mutex
	closed bool
}

func (s *fakeSocket) Start() {
	s.cfg.OnStatus(state.Online)
	s.cfg.OnOpen()
}

func (s *fakeSocket) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
}

func (s *fakeSocket) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

func (s *fakeSocket) Request(_ context.Context, typ string, req, reply any) error {
	if typ != api.TypeHello {
		if s.handle != nil {
			return s.handle(typ, req, reply)
		}
		return &api.Error{Code: api.CodeUnknownType}
	}
	b, _ := json.Marshal(s.hello)
	return json.Unmarshal(b, reply)
}

var (
	ann      = api.LoginReply{User: api.User{Login: "ann", Name: "Анна Ли"}}
	annHello = api.Hello{
		User: ann.User,
		Navigation: []api.NavGroup{
			{Key: "outlets", Items: []api.NavItem{{Key: "outlets", Label: api.LocalText{RU: "Точки", EN: "Outlets list"}}}},
			{Key: "products"},
		},
	}
	noSession = func() (api.LoginReply, error) { return api.LoginReply{}, &api.Error{Code: api.CodeUnauthorized} }
)

func mustMountRoot(t *testing.T, b *fakeBackend) (*Root, app.ClientDispatcher) {
	t.Helper()
	root := &Root{backend: b}
	disp := app.NewClientTester(root)
	t.Cleanup(disp.Close)
	settle(disp)
	return root, disp
}

// do runs fn on the UI goroutine, as an event handler would, and lets the
// UI settle.
func do(disp app.ClientDispatcher, root *Root, fn func()) {
	disp.Dispatch(app.Dispatch{Mode: app.Update, Source: root, Function: func(app.Context) { fn() }})
	settle(disp)
}

// settle runs the UI queue until it is empty. One Consume is not always
// enough: components mounted while rendering queue their OnMount for after
// the frame.
func settle(disp app.ClientDispatcher) {
	for i := 0; i < 4; i++ {
		disp.Consume()
	}
}

// html renders the mounted tree. go-app prints an attribute whose value is
// "true" bare (aria-expanded="true" shows as aria-expanded); the browser
// gets the real value.
func html(ui app.UI) string { return app.HTMLString(ui) }

// tagOf returns the opening tag of the element with the given id.
func tagOf(page, id string) string {
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(page[:i], "<")
	end := strings.Index(page[i:], ">")
	return page[start : i+end+1]
}

// attrOf returns an attribute of the element with the given id, reading a
// bare attribute as go-app means it: "true".
func attrOf(page, id, name string) (string, bool) {
	m := regexp.MustCompile(`\s` + regexp.QuoteMeta(name) + `(="([^"]*)")?[\s>]`).FindStringSubmatch(tagOf(page, id))
	switch {
	case m == nil:
		return "", false
	case m[1] == "":
		return "true", true
	default:
		return m[2], true
	}
}

func mustAttr(t *testing.T, page, id, name, want string) {
	t.Helper()
	if got, ok := attrOf(page, id, name); !ok || got != want {
		t.Errorf("#%s %s = %q (present %v), want %q; tag %s", id, name, got, ok, want, tagOf(page, id))
	}
}

func mustContain(t *testing.T, page string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s\n%s", want, page)
		}
	}
}

func mustNotContain(t *testing.T, page string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(page, u) {
			t.Errorf("page has %s\n%s", u, page)
		}
	}
}

func TestLoginRendersLabelledInputs(t *testing.T) {
	login := &Login{Lang: "ru"}
	disp := app.NewClientTester(login)
	defer disp.Close()
	page := html(login)
	mustContain(t, page,
		`id="login-form"`,
		`for="login-name"`, `id="login-name"`, `autocomplete="username"`,
		`for="login-password"`, `id="login-password"`, `autocomplete="current-password"`, `type="password"`,
		`id="login-submit"`, `type="submit"`,
		`for="lang-select"`, `id="lang-select"`, `value="ru"`, `value="en"`,
		">Логин<", ">Пароль<", ">Войти<",
	)
	mustNotContain(t, page, `id="login-message"`)
	mustAttr(t, page, "login-submit", "disabled", "false")
}

func TestLoginMessageCarriesCode(t *testing.T) {
	login := &Login{Lang: "en", Message: "Wrong login or password.", Code: "bad_credentials", Busy: true}
	disp := app.NewClientTester(login)
	defer disp.Close()
	page := html(login)
	mustContain(t, page, `id="login-message"`, `role="alert"`, `data-code="bad_credentials"`, "Wrong login or password.", "Signing in…")
	mustAttr(t, page, "login-submit", "disabled", "true")
}

func TestRootSignedIn(t *testing.T) {
	b := &fakeBackend{session: func() (api.LoginReply, error) { return ann, nil }, hello: annHello}
	root, _ := mustMountRoot(t, b)
	page := html(root)
	mustContain(t, page,
		`id="shell"`, `id="user-name"`, "Анна Ли", `id="logout"`, `id="logo-link"`, `href="/"`,
		`id="nav-toggle"`, `aria-controls="nav-panel"`,
		`id="nav-panel"`, "Торговые точки", "Продукция", "пока пусто", `href="/c/outlets"`, "Точки",
		`id="home"`, "Добро пожаловать, Анна Ли", "Избранное",
		`id="conn-status"`, `data-state="online"`,
	)
	mustNotContain(t, page, `id="update-banner"`, `id="login-form"`)
	mustAttr(t, page, "nav-toggle", "aria-expanded", "true")
	mustAttr(t, page, "conn-status", "hidden", "true")
}

func TestNavToggleFlipsAriaExpanded(t *testing.T) {
	b := &fakeBackend{session: func() (api.LoginReply, error) { return ann, nil }, hello: annHello}
	root, disp := mustMountRoot(t, b)
	page := html(root)
	mustAttr(t, page, "nav-toggle", "aria-expanded", "true")
	if _, hidden := attrOf(page, "nav-panel", "hidden"); hidden {
		t.Errorf("open panel is hidden: %s", tagOf(page, "nav-panel"))
	}

	do(disp, root, root.onToggleNav)
	page = html(root)
	mustAttr(t, page, "nav-toggle", "aria-expanded", "false")
	mustAttr(t, page, "nav-toggle", "aria-label", "Показать меню")
	mustAttr(t, page, "nav-panel", "hidden", "true")

	do(disp, root, root.onToggleNav)
	page = html(root)
	mustAttr(t, page, "nav-toggle", "aria-expanded", "true")
	mustAttr(t, page, "nav-toggle", "aria-label", "Скрыть меню")
	if _, hidden := attrOf(page, "nav-panel", "hidden"); hidden {
		t.Errorf("reopened panel is hidden: %s", tagOf(page, "nav-panel"))
	}
}

func TestRootShowsWhySessionEnded(t *testing.T) {
	b := &fakeBackend{session: func() (api.LoginReply, error) {
		return api.LoginReply{}, &api.Error{Code: api.CodeUnauthorized, Reason: api.EndIdle}
	}}
	root, _ := mustMountRoot(t, b)
	mustContain(t, html(root), `id="login-form"`, `data-code="idle"`, "долго не было активности", `data-state="online"`)
}

func TestLoginFailsThenSucceeds(t *testing.T) {
	until := time.Now().Add(10 * time.Minute)
	var attempts int
	b := &fakeBackend{session: noSession, hello: annHello, login: func(req api.LoginRequest) (api.LoginReply, error) {
		attempts++
		switch attempts {
		case 1:
			return api.LoginReply{}, &api.Error{Code: api.CodeBadCredentials}
		case 2:
			return api.LoginReply{}, &api.Error{Code: api.CodeLocked, Until: &until}
		}
		if req.Login != "ann" {
			t.Errorf("login %q, want trimmed %q", req.Login, "ann")
		}
		return ann, nil
	}}
	root, disp := mustMountRoot(t, b)
	mustNotContain(t, html(root), `id="login-message"`)

	do(disp, root, func() { root.onLogin("ann", "wrong") })
	mustContain(t, html(root), `data-code="bad_credentials"`, "Неверный логин или пароль")

	do(disp, root, func() { root.onLogin("ann", "wrong") })
	mustContain(t, html(root), `data-code="locked"`, "Вход заблокирован до "+until.Format("15:04"))

	do(disp, root, func() { root.onLogin(" ann ", "right") })
	mustContain(t, html(root), `id="shell"`, "Анна Ли")
}

func TestPushedSessionEndGoesToLogin(t *testing.T) {
	b := &fakeBackend{session: func() (api.LoginReply, error) { return ann, nil }, hello: annHello}
	root, disp := mustMountRoot(t, b)
	sock := b.lastSocket(t)
	data, _ := json.Marshal(api.SessionEnded{Reason: api.EndExpired})
	sock.cfg.OnPush(api.Envelope{Type: api.TypeSessionEnded, Data: data})
	settle(disp)
	mustContain(t, html(root), `id="login-form"`, `data-code="expired"`, `value="ann"`)
	if !sock.isClosed() {
		t.Error("socket left open after the session ended")
	}
}

func TestLogout(t *testing.T) {
	b := &fakeBackend{session: func() (api.LoginReply, error) { return ann, nil }, hello: annHello}
	root, disp := mustMountRoot(t, b)
	do(disp, root, root.onLogout)
	mustContain(t, html(root), `id="login-form"`, `data-code="logout"`, "Вы вышли")
	if b.logouts != 1 || !b.lastSocket(t).isClosed() {
		t.Errorf("logouts %d, socket closed %v", b.logouts, b.lastSocket(t).isClosed())
	}
}

func TestOfflineBannerAndLanguage(t *testing.T) {
	b := &fakeBackend{session: func() (api.LoginReply, error) { return ann, nil }, hello: annHello}
	root, disp := mustMountRoot(t, b)
	sock := b.lastSocket(t)
	sock.cfg.OnStatus(state.Offline)
	settle(disp)
	mustContain(t, html(root), `data-state="offline"`, "Нет связи с сервером — переподключение…", `role="status"`)

	do(disp, root, func() { root.onLang("en") })
	mustContain(t, html(root), "Offline — reconnecting…", "Outlets", "Outlets list", "nothing here yet", "Welcome, Анна Ли")
}

func TestUpdateBanner(t *testing.T) {
	b := &fakeBackend{session: noSession}
	root, disp := mustMountRoot(t, b)
	mustNotContain(t, html(root), `id="update-banner"`)
	disp.AppUpdate()
	settle(disp)
	mustContain(t, html(root), `id="update-banner"`, "Обновить")
}

func TestNoticeText(t *testing.T) {
	until := time.Date(2026, 11, 23, 14, 35, 0, 0, time.Local)
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.Local)
	soon := now.Add(12*time.Second + 100*time.Millisecond)
	tests := []struct {
		lang   string
		notice *state.Notice
		want   string
	}{
		{"ru", nil, ""},
		{"ru", &state.Notice{Code: "locked", Until: &until}, "Вход заблокирован до 14:35 23.11.2026"},
		{"en", &state.Notice{Code: "locked", Until: &until}, "Sign-in locked until 14:35, 23 Nov 2026"},
		{"en", &state.Notice{Code: "locked"}, "Sign-in is temporarily locked after several failed attempts. Try again later."},
		{"en", &state.Notice{Code: "logout", Ended: true}, "You signed out."},
		{"en", &state.Notice{Code: "network"}, "Cannot reach the server. Check your connection and try again."},
		{"en", &state.Notice{Code: "brand_new"}, "Something went wrong. Please try again."},
		{"ru", &state.Notice{Code: "rate_limited", Until: &soon}, "Слишком много попыток входа с этого адреса. Повторите через 13 с."},
		{"en", &state.Notice{Code: "rate_limited", Until: &soon}, "Too many sign-in attempts from this address. Try again in 13 s."},
		{"ru", &state.Notice{Code: "busy", Until: &soon}, "Сервер занят проверкой других входов. Повторите через 13 с."},
		{"en", &state.Notice{Code: "busy"}, "The server is busy right now. Try again in a few seconds."},
	}
	for _, tt := range tests {
		if got := noticeText(tt.lang, tt.notice, now); got != tt.want {
			t.Errorf("noticeText(%s, %+v) = %q, want %q", tt.lang, tt.notice, got, tt.want)
		}
	}
}

func TestInitials(t *testing.T) {
	for in, want := range map[string]string{"Анна Ли": "АЛ", "ann": "a", "": "?", "  Bo  Di Ka": "BD"} {
		if got := initials(in); got != want {
			t.Errorf("initials(%q) = %q, want %q", in, got, want)
		}
	}
}
