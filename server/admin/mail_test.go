package admin_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"webtool/server/api"
	"webtool/server/mail"
	"webtool/server/mail/mailtest"
)

// mustMailer is a Sender to a real SMTP server on loopback.
func mustMailer(tb testing.TB) (*mailtest.Server, mail.Sender) {
	tb.Helper()
	srv := mailtest.Start(tb, mailtest.Options{})
	cfg, err := mail.ParseURL(srv.URL())
	if err != nil {
		tb.Fatal(err)
	}
	cfg.From = "webtool@webtool.example"
	return srv, mail.New(cfg)
}

func waitMail(tb testing.TB, srv *mailtest.Server, n int) []mailtest.Received {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got, err := srv.Wait(ctx, n)
	if err != nil {
		tb.Fatalf("waiting for %d mails: %v", n, err)
	}
	return got
}

func TestCreateUserMailsLink(t *testing.T) {
	srv, sender := mustMailer(t)
	f := mustFixture(t, sender)
	req := newUser("petrov", "Пётр Петров", "key_user")
	req.User.Email = "petrov@example.com"
	out, _ := f.mustSave(t, f.boss(t), req)
	if l := out.Link; l == nil || !l.Mailed || l.To != "petrov@example.com" || l.URL != "" || l.MailError != "" {
		t.Fatalf("link %+v: want mailed, not shown", out.Link)
	}
	m := waitMail(t, srv, 1)[0]
	if len(m.To) != 1 || m.To[0] != "petrov@example.com" || !strings.Contains(m.Subject, "пароль") || !strings.Contains(m.Subject, "password") {
		t.Errorf("mail to %v, subject %q", m.To, m.Subject)
	}
	ru, en := strings.Index(m.Text, "30 минут"), strings.Index(m.Text, "30 minutes")
	if ru < 0 || en < ru || !strings.Contains(m.Text, "petrov") || !strings.Contains(m.Text, "только один раз") || !strings.Contains(m.Text, "only once") {
		t.Errorf("text: Russian first, then English, with the login and the limits:\n%s", m.Text)
	}
	tok := tokenOf(t, m.Text)
	info, err := f.auth.CheckLink(tok)
	if err != nil || info.Login != "petrov" || !info.First {
		t.Fatalf("the mailed link: %+v %v", info, err)
	}
	if _, ok := findAction(f.audit(t, "user:petrov"), "user.link_shown"); ok {
		t.Error("a mailed link audited as shown")
	}
	f.noSecrets(t, tok)

	// A user without an e-mail gets the link shown, mail server or not.
	out, _ = f.mustSave(t, f.boss(t), newUser("anna", "Анна", "viewer"))
	if l := out.Link; l == nil || l.Mailed || l.URL == "" {
		t.Errorf("no e-mail: link %+v", l)
	}
	if rec, ok := findAction(f.audit(t, "user:anna"), "user.link_shown"); !ok || !strings.Contains(rec.Detail, "no e-mail") {
		t.Errorf("link shown audit %+v", rec)
	}

	// A reset by the administrator mails a new link; the old one dies.
	out, _, err = f.svc.Act(f.boss(t), addr, api.UserAction{Login: "petrov", Action: api.ActionResetPassword})
	if err != nil || out.Link == nil || !out.Link.Mailed {
		t.Fatalf("reset: %+v %v", out.Link, err)
	}
	second := tokenOf(t, waitMail(t, srv, 2)[1].Text)
	if _, err := f.auth.CheckLink(tok); api.ErrorCode(err) != api.CodeLinkInvalid {
		t.Errorf("the replaced link: %v", err)
	}
	if _, err := f.auth.CheckLink(second); err != nil {
		t.Errorf("the reset link: %v", err)
	}
	if rec, ok := findAction(f.audit(t, "user:petrov"), "user.reset_link"); !ok || !strings.Contains(rec.Detail, "mailed to petrov@example.com") {
		t.Errorf("reset audit %+v", rec)
	}
	f.noSecrets(t, second)
}

func TestMailFailureWithdrawsLink(t *testing.T) {
	// A port nobody listens on: the connection is refused.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	f := mustFixture(t, mail.New(mail.Config{Host: "127.0.0.1", Port: port, TLS: "none", From: "webtool@webtool.example", Timeout: 5 * time.Second}))
	req := newUser("petrov", "Пётр Петров", "key_user")
	req.User.Email = "petrov@example.com"
	out, _, err := f.svc.SaveUser(f.boss(t), addr, req)
	if err != nil {
		t.Fatalf("the user is saved even when the mail fails: %v", err)
	}
	if l := out.Link; l == nil || l.Mailed || l.URL != "" || l.MailError == "" || l.To != "petrov@example.com" {
		t.Fatalf("link %+v: want not mailed, with the cause", out.Link)
	}
	if rec, ok := findAction(f.audit(t, "user:petrov"), "user.link_unsent"); !ok || rec.Result != "failed" {
		t.Errorf("unsent audit %+v", rec)
	}
	if u, err := f.svc.User(f.boss(t), "petrov"); err != nil || u.HasPassword {
		t.Errorf("user %+v %v", u, err)
	}
}

func TestForgot(t *testing.T) {
	// Without mail nothing is issued, and the caller hears an error for
	// the log only.
	f := mustFixture(t, nil)
	req := newUser("petrov", "Пётр Петров", "key_user")
	req.User.Email = "petrov@example.com"
	out, _ := f.mustSave(t, f.boss(t), req)
	shown := tokenOf(t, out.Link.URL)
	if err := f.svc.Forgot("petrov", addr); err == nil {
		t.Error("forgot without mail: no error to log")
	}
	if _, err := f.auth.CheckLink(shown); err != nil {
		t.Errorf("a forgot without mail killed the link the admin handed over: %v", err)
	}

	srv, sender := mustMailer(t)
	f = mustFixture(t, sender)
	f.mustSave(t, f.boss(t), req)
	waitMail(t, srv, 1)
	if err := f.svc.Forgot(" Petrov ", addr); err != nil {
		t.Fatal(err)
	}
	m := waitMail(t, srv, 2)[1]
	if info, err := f.auth.CheckLink(tokenOf(t, m.Text)); err != nil || info.Login != "petrov" {
		t.Errorf("the forgot link: %+v %v", info, err)
	}
	if err := f.svc.Forgot("nobody", addr); err != nil {
		t.Errorf("an unknown login: %v", err)
	}
	if got := len(srv.Messages()); got != 2 {
		t.Errorf("%d mails, want 2 (nothing for an unknown login)", got)
	}
}
