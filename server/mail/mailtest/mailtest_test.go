package mailtest_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"webtool/server/mail/mailtest"
)

// addr is the host:port of s.
func addr(t *testing.T, s *mailtest.Server) string {
	t.Helper()
	u, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// send delivers msg to s over plain SMTP (smtp.SendMail insists on
// STARTTLS), authenticating with a when it is not nil.
func send(addr string, a sasl.Client, to []string, msg string) error {
	c, err := smtp.Dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if a != nil {
		if err := c.Auth(a); err != nil {
			return err
		}
	}
	if err := c.SendMail("a@example.com", to, strings.NewReader(msg)); err != nil {
		return err
	}
	return c.Quit()
}

// A message as another mailer writes it: base64 text in a multipart
// alternative, an RFC 2047 subject in base64, a quoted-printable
// attachment.
const multipartMessage = "From: a@example.com\r\n" +
	"To: b@example.com\r\n" +
	"Subject: =?UTF-8?B?0J/RgNC+0YLQvtC60L7Quw==?= =?UTF-8?Q?_=E2=84=961?=\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=\"outer\"\r\n" +
	"\r\n" +
	"--outer\r\n" +
	"Content-Type: multipart/alternative; boundary=inner\r\n" +
	"\r\n" +
	"--inner\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"0JfQsNCz0YDRg9C30LrQsCDQt9Cw0LLQtdGA0YjQtdC9\r\n0LAu\r\n" +
	"--inner\r\n" +
	"Content-Type: text/html; charset=utf-8\r\n" +
	"\r\n" +
	"<p>html</p>\r\n" +
	"--inner--\r\n" +
	"--outer\r\n" +
	"Content-Type: text/csv; name=\"protocol.csv\"\r\n" +
	"Content-Disposition: attachment; filename=\"protocol.csv\"\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"=D0=BA=D0=BE=D0=B4;x\r\n" +
	"--outer--\r\n"

func TestParse(t *testing.T) {
	s := mailtest.Start(t, mailtest.Options{})
	if err := send(addr(t, s), nil, []string{"b@example.com", "c@example.com"}, multipartMessage); err != nil {
		t.Fatal(err)
	}
	got := s.Messages()
	if len(got) != 1 {
		t.Fatalf("got %d messages", len(got))
	}
	m := got[0]
	if m.From != "a@example.com" || len(m.To) != 2 || m.To[1] != "c@example.com" {
		t.Errorf("envelope = %q → %q", m.From, m.To)
	}
	if want := "Протокол №1"; m.Subject != want {
		t.Errorf("Subject = %q, want %q", m.Subject, want)
	}
	if want := "Загрузка завершена."; m.Text != want {
		t.Errorf("Text = %q, want %q", m.Text, want)
	}
	// The HTML alternative and the CSV file: every part that is not the
	// plain text.
	if len(m.Attachments) != 2 || m.Attachments[1].Name != "protocol.csv" || string(m.Attachments[1].Data) != "код;x" {
		t.Errorf("Attachments = %+v", m.Attachments)
	}
	if !strings.Contains(string(m.Raw), "boundary=\"outer\"") {
		t.Errorf("Raw is not the message as sent")
	}
}

func TestAuth(t *testing.T) {
	s := mailtest.Start(t, mailtest.Options{User: "robot", Password: "p@ss word"})
	if got, want := s.URL(), "smtp://robot:p%40ss%20word@"+addr(t, s)+"?tls=none"; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	msg := "Subject: x\r\n\r\nx\r\n"
	if err := send(addr(t, s), nil, []string{"b@example.com"}, msg); err == nil {
		t.Error("sent without AUTH")
	}
	if err := send(addr(t, s), sasl.NewPlainClient("", "robot", "wrong"), []string{"b@example.com"}, msg); err == nil {
		t.Error("sent with a wrong password")
	}
	if err := send(addr(t, s), sasl.NewPlainClient("", "robot", "p@ss word"), []string{"b@example.com"}, msg); err != nil {
		t.Errorf("with the password: %v", err)
	}
	if n := len(s.Messages()); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
}

func TestWait(t *testing.T) {
	s := mailtest.Start(t, mailtest.Options{})
	if got, want := s.URL(), "smtp://"+addr(t, s)+"?tls=none"; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	if got, err := s.Wait(canceled, 1); err == nil || len(got) != 0 {
		t.Errorf("Wait with nothing received = %v, %v", got, err)
	}

	sent := make(chan error, 2)
	at := addr(t, s)
	go func() {
		for _, subj := range []string{"one", "two"} {
			sent <- send(at, nil, []string{"b@example.com"}, "Subject: "+subj+"\r\n\r\nbody\r\n")
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got, err := s.Wait(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := <-sent; err != nil {
			t.Fatal(err)
		}
	}
	if len(got) != 2 || got[0].Subject != "one" || got[1].Subject != "two" || got[0].Text != "body\n" {
		t.Errorf("Wait = %+v", got)
	}
}

func TestRefusesMalformed(t *testing.T) {
	s := mailtest.Start(t, mailtest.Options{})
	bad := "Content-Type: multipart/mixed; boundary=b\r\nContent-Transfer-Encoding: x-unknown\r\n\r\n--b\r\nContent-Transfer-Encoding: x-unknown\r\n\r\nx\r\n--b--\r\n"
	err := send(addr(t, s), nil, []string{"b@example.com"}, bad)
	if err == nil || !strings.Contains(err.Error(), "x-unknown") {
		t.Errorf("malformed message: %v", err)
	}
	if n := len(s.Messages()); n != 0 {
		t.Errorf("%d messages kept", n)
	}
}
