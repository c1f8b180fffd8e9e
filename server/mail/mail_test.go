package mail_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"webtool/server/mail"
	"webtool/server/mail/mailtest"
)

// MustParseURL parses raw or fails the test.
func MustParseURL(tb testing.TB, raw string) mail.Config {
	tb.Helper()
	c, err := mail.ParseURL(raw)
	if err != nil {
		tb.Fatalf("ParseURL(%q): %v", raw, err)
	}
	return c
}

func TestSend(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{User: "robot", Password: "s3cret-pa55"})
	cfg := MustParseURL(t, srv.URL()+"&from=webtool@example.com")
	csv := []byte("код;название\r\n1;Кофе «Арабика»\r\n")
	binary := []byte{0, 1, 2, 0xff, 0xfe, '\n', '\r'}
	text := "Здравствуйте, Иван Петрович!\n\nСсылка для пароля: https://webtool.example.com/password?token=abc=def\nОна действует 30 минут.\n" +
		strings.Repeat("Длинная строка без переносов ", 10) + "\n"
	err := mail.New(cfg).Send(context.Background(), mail.Message{
		To:      "ivanov@example.com",
		Subject: "Пароль для WebTool — ссылка на 30 минут",
		Text:    text,
		Attachments: []mail.Attachment{
			{Name: "протокол загрузки.csv", ContentType: "text/csv", Data: csv},
			{Name: "data.bin", Data: binary},
		},
	})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got, err := srv.Wait(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	m := got[0]
	if m.From != "webtool@example.com" {
		t.Errorf("From = %q", m.From)
	}
	if len(m.To) != 1 || m.To[0] != "ivanov@example.com" {
		t.Errorf("To = %q", m.To)
	}
	if want := "Пароль для WebTool — ссылка на 30 минут"; m.Subject != want {
		t.Errorf("Subject = %q, want %q", m.Subject, want)
	}
	if m.Text != text {
		t.Errorf("Text = %q, want %q", m.Text, text)
	}
	if len(m.Attachments) != 2 {
		t.Fatalf("got %d attachments, want 2: %+v", len(m.Attachments), m.Attachments)
	}
	if a := m.Attachments[0]; a.Name != "протокол загрузки.csv" || a.ContentType != "text/csv" || !bytes.Equal(a.Data, csv) {
		t.Errorf("attachment 0 = %q %q %q", a.Name, a.ContentType, a.Data)
	}
	if a := m.Attachments[1]; a.Name != "data.bin" || !bytes.Equal(a.Data, binary) {
		t.Errorf("attachment 1 = %q %q %v", a.Name, a.ContentType, a.Data)
	}
}

func TestSendDefaultFrom(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	if err := mail.New(MustParseURL(t, srv.URL())).Send(context.Background(), mail.Message{To: "a@example.com", Subject: "hi", Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Messages(); len(got) != 1 || got[0].From != "webtool@localhost" || got[0].Text != "hello\n" { // SMTP ends the last line
		t.Errorf("Messages = %+v", got)
	}
}

func TestSendWrongPassword(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{User: "robot", Password: "right-password"})
	cfg := MustParseURL(t, srv.URL())
	cfg.Password = "wrong-pa55word"
	err := mail.New(cfg).Send(context.Background(), mail.Message{To: "a@example.com", Subject: "x", Text: "x"})
	if err == nil {
		t.Fatal("Send with a wrong password succeeded")
	}
	if strings.Contains(err.Error(), "wrong-pa55word") || strings.Contains(err.Error(), "right-password") {
		t.Errorf("error shows a password: %v", err)
	}
	if !strings.Contains(err.Error(), "535") {
		t.Errorf("error %q does not name the authentication failure", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages delivered", n)
	}
}

func TestSendConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now
	cfg := MustParseURL(t, "smtp://robot:pa55-secret@127.0.0.1:"+strconv.Itoa(port)+"?tls=none")
	err = mail.New(cfg).Send(context.Background(), mail.Message{To: "a@example.com", Subject: "x", Text: "x"})
	if err == nil {
		t.Fatal("Send to a closed port succeeded")
	}
	if !strings.Contains(err.Error(), "connection refused") || strings.Contains(err.Error(), "pa55-secret") {
		t.Errorf("error = %v", err)
	}
}

func TestSendSTARTTLSRequired(t *testing.T) {
	// mailtest offers no STARTTLS: an smtp:// URL without tls=none must
	// refuse to send rather than fall back to plain text.
	srv := mailtest.Start(t, mailtest.Options{User: "robot", Password: "pa55-secret"})
	cfg := MustParseURL(t, strings.TrimSuffix(srv.URL(), "?tls=none"))
	err := mail.New(cfg).Send(context.Background(), mail.Message{To: "a@example.com", Subject: "x", Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") || strings.Contains(err.Error(), "pa55-secret") {
		t.Errorf("Send without STARTTLS: %v", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages delivered", n)
	}
}

func TestSendImplicitTLS(t *testing.T) {
	// smtps:// speaks TLS from the first byte: mailtest, which speaks
	// plain SMTP, is no TLS server.
	srv := mailtest.Start(t, mailtest.Options{User: "robot", Password: "pa55-secret"})
	cfg := MustParseURL(t, srv.URL())
	cfg.TLS = mail.TLSImplicit
	err := mail.New(cfg).Send(context.Background(), mail.Message{To: "a@example.com", Subject: "x", Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "tls") || strings.Contains(err.Error(), "pa55-secret") {
		t.Errorf("Send over TLS to a plain server: %v", err)
	}
}

func TestSendCanceled(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := mail.New(MustParseURL(t, srv.URL())).Send(ctx, mail.Message{To: "a@example.com", Subject: "x", Text: "x"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Send with a canceled context: %v", err)
	}
}

func TestParseURL(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want mail.Config
	}{
		{"smtp://mail.example.com", mail.Config{Host: "mail.example.com", Port: 587, TLS: "starttls"}},
		{"smtps://mail.example.com", mail.Config{Host: "mail.example.com", Port: 465, TLS: "tls"}},
		{"SMTP://user:pass@mail.example.com:2525/", mail.Config{Host: "mail.example.com", Port: 2525, TLS: "starttls", User: "user", Password: "pass"}},
		{"smtps://robot%40example.com:p%40ss%3Aw%2Frd%25+@smtp.example.com?from=WebTool+%3Cnoreply%40example.com%3E",
			mail.Config{Host: "smtp.example.com", Port: 465, TLS: "tls", User: "robot@example.com", Password: "p@ss:w/rd%+", From: "WebTool <noreply@example.com>"}},
		{"smtp://u:p@ss@mail.example.com", mail.Config{Host: "mail.example.com", Port: 587, TLS: "starttls", User: "u", Password: "p@ss"}},
		{"smtp://user@mail.example.com", mail.Config{Host: "mail.example.com", Port: 587, TLS: "starttls", User: "user"}},
		{"smtp://127.0.0.1:2525?tls=none", mail.Config{Host: "127.0.0.1", Port: 2525, TLS: "none"}},
		{"smtp://127.8.9.10:2525?tls=none", mail.Config{Host: "127.8.9.10", Port: 2525, TLS: "none"}},
		{"smtp://[::1]:2525?tls=none&from=a@b.example", mail.Config{Host: "::1", Port: 2525, TLS: "none", From: "a@b.example"}},
		{"smtp://LocalHost?tls=none", mail.Config{Host: "LocalHost", Port: 587, TLS: "none"}},
		{"  smtp://mail.example.com  ", mail.Config{Host: "mail.example.com", Port: 587, TLS: "starttls"}},
	} {
		got, err := mail.ParseURL(tc.raw)
		if err != nil {
			t.Errorf("ParseURL(%q): %v", tc.raw, err)
			continue
		}
		tc.want.Timeout = mail.DefaultTimeout
		if got != tc.want {
			t.Errorf("ParseURL(%q) = %+v, want %+v", tc.raw, got, tc.want)
		}
	}
}

func TestParseURLErrors(t *testing.T) {
	const secret = "Sup3r-secret"
	for _, tc := range []struct {
		raw, want string
	}{
		{"", "no scheme"},
		{"mail.example.com:587", "unknown scheme"},
		{"http://mail.example.com", `unknown scheme "http"`},
		{"smtp:mail.example.com", "with the slashes"},
		{"smtp://", "no host"},
		{"smtp://u:" + secret + "@:587", "no host"},
		{"smtp://u:" + secret + "@mail.example.com:0", `bad port "0"`},
		{"smtp://u:" + secret + "@mail.example.com:65536", `bad port "65536"`},
		{"smtp://u:" + secret + "@mail.example.com:abc", "invalid port"},
		{"smtp://u:" + secret + "@mail.example.com?tls=none", "tls=none is allowed only for a loopback host"},
		{"smtp://u:" + secret + "@10.0.0.1:25?tls=none", "tls=none is allowed only for a loopback host"},
		{"smtp://u:" + secret + "@localhost.example.com:25?tls=none", "tls=none is allowed only for a loopback host"},
		{"smtps://127.0.0.1?tls=none", "contradicts smtps"},
		{"smtp://mail.example.com?tls=yes", `tls="yes"`},
		{"smtp://mail.example.com?timeout=5s", `unknown parameter "timeout"`},
		{"smtp://mail.example.com?from=", "from is empty"},
		{"smtp://mail.example.com?from=a@b&from=c@d", "from is given 2 times"},
		{"smtp://mail.example.com/inbox", `unexpected path "/inbox"`},
		{"smtp://u:" + secret + "%zz@mail.example.com", "password is not URL-encoded"},
		{"smtp://:" + secret + "@mail.example.com", "a password without a user"},
		// An unencoded / in the password: the rest of it would land in
		// the port or path; the error must not quote it.
		{"smtp://u:Sup3r/" + secret + "@mail.example.com", "must be URL-encoded"},
		{"smtp://u:Sup3r?" + secret + "@mail.example.com", "must be URL-encoded"},
		{"smtp://u:Sup3r#" + secret + "@mail.example.com?from=a@b", "must be URL-encoded"},
	} {
		_, err := mail.ParseURL(tc.raw)
		if err == nil {
			t.Errorf("ParseURL(%q) succeeded, want an error with %q", tc.raw, tc.want)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "-smtp-url: ") || !strings.Contains(msg, tc.want) {
			t.Errorf("ParseURL(%q) = %q, want -smtp-url: …%s…", tc.raw, msg, tc.want)
		}
		if strings.Contains(msg, secret) || strings.Contains(msg, "Sup3r") {
			t.Errorf("ParseURL(%q) error shows the password: %q", tc.raw, msg)
		}
	}
}

func TestConfigString(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"smtp://robot%40example.com:s3cret@mail.example.com", "smtp://robot%40example.com:***@mail.example.com:587"},
		{"smtps://mail.example.com?from=a@b.example", "smtps://mail.example.com:465?from=a%40b.example"},
		{"smtp://u@[::1]:25?tls=none", "smtp://u@[::1]:25?tls=none"},
	} {
		c := MustParseURL(t, tc.raw)
		if got := c.String(); got != tc.want {
			t.Errorf("String of %q = %q, want %q", tc.raw, got, tc.want)
		}
		// What String prints parses back to the same settings, less the
		// password.
		back := MustParseURL(t, strings.Replace(c.String(), ":***@", "@", 1))
		c.Password = ""
		if back != c {
			t.Errorf("String of %q parses back as %+v, want %+v", tc.raw, back, c)
		}
	}
}

func TestFromAddress(t *testing.T) {
	if got, want := (mail.Config{}).FromAddress("webtool.example.com"), "webtool@webtool.example.com"; got != want {
		t.Errorf("FromAddress = %q, want %q", got, want)
	}
	if got, want := (mail.Config{}).FromAddress(""), "webtool@localhost"; got != want {
		t.Errorf("FromAddress = %q, want %q", got, want)
	}
	if got, want := (mail.Config{From: "x@y.example"}).FromAddress("z"), "x@y.example"; got != want {
		t.Errorf("FromAddress = %q, want %q", got, want)
	}
}
