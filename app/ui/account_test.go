package ui

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/server/api"
)

// fakePasswords answers the password endpoints of a fakeBackend; a nil
// func answers like a server that has none (not_found).
type fakePasswords struct {
	forgot   func(api.PasswordForgot) error
	link     func(api.PasswordLinkCheck) (api.PasswordLinkInfo, error)
	set      func(api.PasswordSet) (api.LoginReply, error)
	strength func(api.PasswordStrengthRequest) (api.PasswordStrength, error)
	rated    []api.PasswordStrengthRequest
}

func (b *fakeBackend) PasswordForgot(_ context.Context, req api.PasswordForgot) error {
	if b.pw.forgot == nil {
		return &api.Error{Code: api.CodeNotFound}
	}
	return b.pw.forgot(req)
}

func (b *fakeBackend) PasswordLink(_ context.Context, req api.PasswordLinkCheck) (api.PasswordLinkInfo, error) {
	if b.pw.link == nil {
		return api.PasswordLinkInfo{}, &api.Error{Code: api.CodeLinkInvalid}
	}
	return b.pw.link(req)
}

func (b *fakeBackend) PasswordSet(_ context.Context, req api.PasswordSet) (api.LoginReply, error) {
	if b.pw.set == nil {
		return api.LoginReply{}, &api.Error{Code: api.CodeLinkInvalid}
	}
	return b.pw.set(req)
}

func (b *fakeBackend) PasswordStrength(_ context.Context, req api.PasswordStrengthRequest) (api.PasswordStrength, error) {
	b.mu.Lock()
	b.pw.rated = append(b.pw.rated, req)
	b.mu.Unlock()
	if b.pw.strength == nil {
		return api.PasswordStrength{Score: 2}, nil
	}
	return b.pw.strength(req)
}

// doCtx runs fn on the UI goroutine with src's context and lets the UI
// settle (timers of ctx.After included: Consume waits for them).
func doCtx(disp app.ClientDispatcher, src app.UI, fn func(app.Context)) {
	disp.Dispatch(app.Dispatch{Mode: app.Update, Source: src, Function: fn})
	settle(disp)
}

// navTo makes the page's address raw and tells root, as a navigation
// (or the first load) would.
func navTo(t *testing.T, disp app.ClientDispatcher, root *Root, raw string) {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	doCtx(disp, root, func(ctx app.Context) {
		ctx.Page().ReplaceURL(u)
		root.OnNav(ctx)
	})
}

func pageURL(disp app.ClientDispatcher, root *Root) string {
	var got string
	doCtx(disp, root, func(ctx app.Context) { got = ctx.Page().URL().String() })
	return got
}

var bob = api.LoginReply{User: api.User{Login: "bob", Name: "Боб Ли"}}

func bobLink(expires time.Time) func(api.PasswordLinkCheck) (api.PasswordLinkInfo, error) {
	return func(req api.PasswordLinkCheck) (api.PasswordLinkInfo, error) {
		if req.Token != "T1" {
			return api.PasswordLinkInfo{}, &api.Error{Code: api.CodeLinkInvalid}
		}
		return api.PasswordLinkInfo{Login: "bob", Name: "Боб Ли", ExpiresAt: expires, First: true}, nil
	}
}

func TestPasswordSetPage(t *testing.T) {
	expires := time.Now().Add(30 * time.Minute)
	b := &fakeBackend{}
	b.pw.link = bobLink(expires)
	var sets []api.PasswordSet
	b.pw.set = func(req api.PasswordSet) (api.LoginReply, error) {
		sets = append(sets, req)
		if len(sets) == 1 {
			return api.LoginReply{}, &api.Error{Code: api.CodeValidation,
				Fields: map[string]api.Code{"password": api.FieldCommonPassword}}
		}
		return bob, nil
	}
	var signed []api.LoginReply
	page := &PasswordSetPage{Lang: "ru", Token: "T1", Backend: b, Link: &Link{},
		OnSignedIn: func(r api.LoginReply) { signed = append(signed, r) }}
	disp := app.NewClientTester(page)
	defer disp.Close()
	settle(disp)

	p := html(page)
	mustAttr(t, p, "password-set", "data-state", "ready")
	mustContain(t, p, "Пароль для bob (Боб Ли)", "Вы входите впервые", "Ссылка действует до "+expires.Format("15:04"),
		`autocomplete="username"`, `value="bob"`, `for="password-new"`, `for="password-repeat"`, "Сохранить и войти",
		`id="password-meter"`, "Не меньше 8 символов")
	mustAttr(t, p, "password-new", "autocomplete", "new-password")
	mustAttr(t, p, "password-repeat", "autocomplete", "new-password")
	mustAttr(t, p, "password-new", "aria-describedby", "password-new-error password-meter-text")
	mustEmptyAttr(t, p, "password-new-error", "data-code")

	// The client's own checks: nothing is sent.
	doCtx(disp, page, func(ctx app.Context) { page.pw, page.repeat = "short", "short"; page.submit(ctx) })
	p = html(page)
	mustAttr(t, p, "password-new-error", "data-code", "too_short")
	mustAttr(t, p, "password-new", "aria-invalid", "true")
	mustContain(t, p, "нужно не меньше 8 символов")
	doCtx(disp, page, func(ctx app.Context) {
		page.pw, page.repeat = "correct horse battery", "correct horse batterY"
		page.submit(ctx)
	})
	p = html(page)
	mustEmptyAttr(t, p, "password-new-error", "data-code")
	mustAttr(t, p, "password-repeat-error", "data-code", "mismatch")
	if len(sets) != 0 {
		t.Fatalf("sent %d sets for a form the client refused", len(sets))
	}

	// The server's refusal shows by the field; the form stays ready.
	doCtx(disp, page, func(ctx app.Context) { page.repeat = page.pw; page.submit(ctx) })
	p = html(page)
	mustAttr(t, p, "password-set", "data-state", "ready")
	mustAttr(t, p, "password-new-error", "data-code", "common_password")
	mustContain(t, p, "Этот пароль слишком распространён")

	doCtx(disp, page, func(ctx app.Context) { page.submit(ctx) })
	if len(sets) != 2 || sets[1] != (api.PasswordSet{Token: "T1", Password: "correct horse battery"}) {
		t.Fatalf("sets %+v", sets)
	}
	if len(signed) != 1 || signed[0].User.Login != "bob" {
		t.Fatalf("signed in %+v", signed)
	}
	mustAttr(t, html(page), "password-set", "data-state", "done")
}

func TestPasswordSetPageInvalidLink(t *testing.T) {
	for _, tt := range []struct{ name, token string }{{"used or expired", "T0"}, {"no token", ""}} {
		b := &fakeBackend{}
		b.pw.link = bobLink(time.Now())
		page := &PasswordSetPage{Lang: "ru", Token: tt.token, Backend: b, Link: &Link{}}
		disp := app.NewClientTester(page)
		settle(disp)
		p := html(page)
		mustAttr(t, p, "password-set", "data-state", "invalid")
		mustAttr(t, p, "password-set-message", "data-code", "link_invalid")
		mustContain(t, p, "Ссылка недействительна: она уже использована, устарела или заменена новой",
			`id="password-set-login"`, `href="/"`, `id="password-set-forgot"`, "Забыли пароль?")
		mustNotContain(t, p, `id="password-new"`)
		disp.Close()
	}
}

func TestRootOpensPasswordLinkWhateverTheSession(t *testing.T) {
	for _, tt := range []struct {
		name    string
		session func() (api.LoginReply, error)
	}{
		{"nobody signed in", noSession},
		{"someone else signed in", func() (api.LoginReply, error) { return ann, nil }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := &fakeBackend{session: tt.session, hello: api.Hello{User: bob.User}}
			b.pw.link = bobLink(time.Now().Add(time.Minute))
			root, disp := mustMountRoot(t, b)
			navTo(t, disp, root, "https://test.go-app.dev/password?token=T1")
			p := html(root)
			mustAttr(t, p, "password-set", "data-state", "ready")
			mustNotContain(t, p, `id="login-form"`, `id="shell"`)
			if got, want := pageURL(disp, root), "https://test.go-app.dev/password"; got != want {
				t.Errorf("address %q, want %q (the token must leave it)", got, want)
			}

			// The language switch works here too.
			do(disp, root, func() { root.onLang("en") })
			mustContain(t, html(root), "Password for bob (Боб Ли)", "Save and sign in")

			do(disp, root, func() { root.onPasswordSet(bob) })
			p = html(root)
			mustContain(t, p, `id="shell"`, "Боб Ли", `id="home"`)
			mustNotContain(t, p, `id="password-set"`)
			if got, want := pageURL(disp, root), "https://test.go-app.dev/"; got != want {
				t.Errorf("address %q, want %q", got, want)
			}
			if n := len(b.sockets); n == 0 || b.lastSocket(t).isClosed() {
				t.Errorf("sockets %d, the last closed", n)
			}
		})
	}
}

func TestForgotPasswordFromSignIn(t *testing.T) {
	b := &fakeBackend{session: noSession}
	root, disp := mustMountRoot(t, b)
	mustContain(t, html(root), `id="login-forgot"`, "Забыли пароль?")
	do(disp, root, func() { root.onForgot(" ann ") })
	p := html(root)
	mustAttr(t, p, "password-forgot", "data-state", "ready")
	mustAttr(t, p, "forgot-login", "value", "ann")
	mustAttr(t, p, "forgot-login", "autocomplete", "username")
	mustNotContain(t, p, `id="login-form"`)
	do(disp, root, root.onForgotBack)
	mustContain(t, html(root), `id="login-form"`)
}

func TestPasswordForgotAnswersTheSame(t *testing.T) {
	until := time.Now().Add(42 * time.Second)
	var asked []string
	b := &fakeBackend{}
	b.pw.forgot = func(req api.PasswordForgot) error {
		asked = append(asked, req.Login)
		if len(asked) == 1 {
			return &api.Error{Code: api.CodeRateLimited, Until: &until}
		}
		return nil
	}
	form := &PasswordForgot{Lang: "ru", InitialLogin: "nobody", Backend: b, Link: &Link{}}
	disp := app.NewClientTester(form)
	defer disp.Close()
	settle(disp)

	doCtx(disp, form, func(ctx app.Context) { form.submit(ctx) })
	p := html(form)
	mustAttr(t, p, "password-forgot", "data-state", "ready")
	mustAttr(t, p, "forgot-message", "data-code", "rate_limited")
	mustContain(t, p, "Повторите через")

	doCtx(disp, form, func(ctx app.Context) { form.submit(ctx) })
	p = html(form)
	mustAttr(t, p, "password-forgot", "data-state", "sent")
	mustContain(t, p, "Если такой пользователь есть и у него указан e-mail, мы отправили ссылку. Она действует 30 минут.",
		`id="forgot-back"`)
	if strings.Join(asked, ",") != "nobody,nobody" {
		t.Errorf("asked %v", asked)
	}
}

func TestPasswordMeter(t *testing.T) {
	b := &fakeBackend{}
	b.pw.strength = func(req api.PasswordStrengthRequest) (api.PasswordStrength, error) {
		if strings.Contains(req.Password, "password") {
			return api.PasswordStrength{Score: 0, Problem: api.FieldCommonPassword}, nil
		}
		return api.PasswordStrength{Score: 3}, nil
	}
	meter := &PasswordMeter{Lang: "ru", Password: "abc", Token: "T1", Backend: b, Link: &Link{}}
	disp := app.NewClientTester(meter)
	defer disp.Close()
	settle(disp)
	p := html(meter)
	mustAttr(t, p, "password-meter", "data-state", "short")
	mustEmptyAttr(t, p, "password-meter", "data-score")
	mustAttr(t, p, "password-meter-text", "aria-live", "polite")
	mustContain(t, p, "Ещё 5 символов")

	// Two values within the delay: only the last is rated.
	doCtx(disp, meter, func(ctx app.Context) {
		meter.Password = "password1"
		meter.OnUpdate(ctx)
		meter.Password = "password12"
		meter.OnUpdate(ctx)
	})
	if len(b.pw.rated) != 1 || b.pw.rated[0] != (api.PasswordStrengthRequest{Password: "password12", Token: "T1"}) {
		t.Fatalf("rated %+v", b.pw.rated)
	}
	p = html(meter)
	mustAttr(t, p, "password-meter", "data-score", "0")
	mustAttr(t, p, "password-meter", "data-problem", "common_password")
	mustContain(t, p, "Очень слабый", "Этот пароль слишком распространён")

	doCtx(disp, meter, func(ctx app.Context) {
		meter.Password, meter.Lang = "correct horse battery staple", "en"
		meter.OnUpdate(ctx)
	})
	p = html(meter)
	mustAttr(t, p, "password-meter", "data-score", "3")
	mustContain(t, p, "Strong")
	if got := strings.Count(p, `class="meter-seg on"`); got != 4 {
		t.Errorf("%d bars lit, want 4", got)
	}
}

// fakeSessions is a socket's side of the account page.
type fakeSessions struct {
	list    []api.SessionInfo
	changes []api.PasswordChange
	replies []error // for each password change in turn; nil: accepted
}

func (f *fakeSessions) handle(typ string, req, reply any) error {
	switch typ {
	case api.TypeSessions:
	case api.TypeSessionEnd:
		end := req.(api.SessionEnd)
		var left []api.SessionInfo
		for _, s := range f.list {
			if s.Current || (!end.Others && s.ID != end.ID) {
				left = append(left, s)
			}
		}
		f.list = left
	case api.TypePasswordChange:
		f.changes = append(f.changes, req.(api.PasswordChange))
		if err := f.replies[len(f.changes)-1]; err != nil {
			return err
		}
		f.list = f.list[:1]
	default:
		return &api.Error{Code: api.CodeUnknownType}
	}
	*reply.(*api.Sessions) = api.Sessions{Login: "ann", Sessions: slices.Clone(f.list)}
	return nil
}

func TestAccountPage(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.Local)
	all := []api.SessionInfo{
		{ID: "s1", Browser: "Chrome 131 · Linux", Addr: "10.0.0.5", SignedIn: t0, LastSeen: t0.Add(time.Hour), Current: true},
		{ID: "s2", Browser: "Firefox 133 · Windows", Addr: "10.0.0.7", SignedIn: t0, LastSeen: t0.Add(2 * time.Hour)},
		{ID: "s3", Browser: "Safari 18 · iOS", Addr: "10.0.0.9", SignedIn: t0, LastSeen: t0},
	}
	until := time.Now().Add(15 * time.Minute)
	fake := &fakeSessions{list: slices.Clone(all), replies: []error{
		&api.Error{Code: api.CodeBadCredentials}, &api.Error{Code: api.CodeLocked, Until: &until}, nil,
	}}
	link := &Link{}
	link.setSocket(&fakeSocket{handle: fake.handle})
	page := &AccountPage{Lang: "ru", User: ann.User, Link: link, Backend: &fakeBackend{}, keepToasts: true}
	disp := app.NewClientTester(page)
	defer disp.Close()
	settle(disp)

	p := html(page)
	mustAttr(t, p, "sessions", "data-rev", "1")
	mustAttr(t, p, "sessions", "data-count", "3")
	mustContain(t, p, "Мой профиль", "Анна Ли", "Логин: ann", "Chrome 131 · Linux", "этот сеанс", "10.0.0.7",
		"01.12.2026 12:00", `id="sessions-end-others"`, `aria-label="Завершить сеанс: Firefox 133 · Windows · 10.0.0.7"`)
	mustAttr(t, p, "account-current", "autocomplete", "current-password")
	mustAttr(t, p, "account-new", "autocomplete", "new-password")
	// The current one first, then by last activity.
	if i, j, k := strings.Index(p, "Chrome"), strings.Index(p, "Firefox"), strings.Index(p, "Safari"); !(i < j && j < k) {
		t.Errorf("order: chrome %d firefox %d safari %d", i, j, k)
	}

	doCtx(disp, page, func(ctx app.Context) { page.Lang = "en"; page.Update() })
	mustContain(t, html(page), "this session", "01 Dec 2026, 12:00", "Last active")
	doCtx(disp, page, func(ctx app.Context) { page.Lang = "ru"; page.Update() })

	doCtx(disp, page, func(ctx app.Context) { page.endSession(ctx, "s2") })
	p = html(page)
	mustNotContain(t, p, "Firefox")
	mustContain(t, p, `data-code="session_ended"`, "Сеанс завершён.")
	mustAttr(t, p, "sessions", "data-rev", "2")

	doCtx(disp, page, func(ctx app.Context) { page.confirm = true; page.Update() })
	mustContain(t, html(page), `id="confirm-dialog"`, "Завершить все остальные сеансы (1)?")
	doCtx(disp, page, func(ctx app.Context) { page.onConfirmOthers() })
	p = html(page)
	mustNotContain(t, p, "Safari", `id="confirm-dialog"`, `id="sessions-end-others"`)
	mustContain(t, p, `data-code="sessions_ended"`, "Завершено сеансов: 1.", "Других сеансов нет.")

	// Back to three sessions for the password change.
	fake.list = slices.Clone(all)
	doCtx(disp, page, func(ctx app.Context) { page.loadSessions() })
	mustAttr(t, html(page), "sessions", "data-count", "3")

	doCtx(disp, page, func(ctx app.Context) { page.submit(ctx) })
	p = html(page)
	mustAttr(t, p, "account-current-error", "data-code", "required")
	mustAttr(t, p, "account-new-error", "data-code", "too_short")
	if len(fake.changes) != 0 {
		t.Fatal("an empty form was sent")
	}

	fill := func(ctx app.Context) {
		page.cur, page.pw, page.repeat = "wrong one", "correct horse battery", "correct horse battery"
		page.submit(ctx)
	}
	doCtx(disp, page, fill)
	p = html(page)
	mustAttr(t, p, "account-current-error", "data-code", "bad_credentials")
	mustEmptyAttr(t, p, "account-new-error", "data-code")
	mustContain(t, p, "Текущий пароль неверен.")
	mustAttr(t, p, "account-password-form", "data-rev", "1")

	doCtx(disp, page, fill)
	p = html(page)
	mustAttr(t, p, "account-password-message", "data-code", "locked")
	mustContain(t, p, "Вход заблокирован до "+until.Format("15:04"))

	doCtx(disp, page, fill)
	p = html(page)
	mustAttr(t, p, "account-password-form", "data-rev", "3")
	mustAttr(t, p, "account-password-form", "data-state", "ready")
	mustAttr(t, p, "sessions", "data-count", "1")
	mustContain(t, p, `data-code="password_changed"`, "Пароль изменён. Остальные сеансы завершены (2).")
	if got := fake.changes[2]; got != (api.PasswordChange{Current: "wrong one", New: "correct horse battery"}) {
		t.Errorf("change %+v", got)
	}
	if page.pw != "" || page.cur != "" {
		t.Error("the form kept the passwords after the change")
	}
}

func TestAccountRouteAndHeaderLink(t *testing.T) {
	b := &fakeBackend{session: func() (api.LoginReply, error) { return ann, nil }, hello: annHello}
	root, disp := mustMountRoot(t, b)
	b.lastSocket(t).handle = (&fakeSessions{list: []api.SessionInfo{{ID: "s1", Current: true}}}).handle
	p := html(root)
	mustAttr(t, p, "account-link", "href", "/account")
	mustAttr(t, p, "account-link", "title", "Мой профиль")
	navTo(t, disp, root, "https://test.go-app.dev/account")
	p = html(root)
	mustContain(t, p, `id="shell"`, `id="account"`, `id="account-password-form"`)
	mustAttr(t, p, "sessions", "data-count", "1")
}

// mustEmptyAttr checks an attribute is there and empty (go-app prints it
// bare, which attrOf reads as "true").
func mustEmptyAttr(t *testing.T, page, id, name string) {
	t.Helper()
	tag := tagOf(page, id)
	if _, ok := attrOf(page, id, name); !ok || strings.Contains(tag, " "+name+"=") {
		t.Errorf("#%s %s is not empty; tag %s", id, name, tag)
	}
}
