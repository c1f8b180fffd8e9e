// Package mailtest runs a real SMTP server (github.com/emersion/go-smtp)
// in-process on loopback for tests, and keeps what it receives.
package mailtest

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Received is one delivered message.
type Received struct {
	From    string
	To      []string
	Subject string // decoded
	Text    string // the decoded text/plain body, lines ending in "\n" (the last one too: SMTP adds one)
	// Attachments are the parts sent as files, decoded.
	Attachments []Attachment
	Raw         []byte
}

// Attachment is one file of a Received message.
type Attachment struct {
	Name        string
	ContentType string // the media type, without parameters
	Data        []byte
}

// Server is a running test SMTP server. It accepts any recipient; with
// Auth set it requires that user and password (PLAIN).
type Server struct {
	opts Options
	addr string

	mu   sync.Mutex
	msgs []Received
	// more is closed, and replaced, whenever a message arrives: Wait
	// blocks on it rather than polling.
	more chan struct{}
}

// Options configure Start.
type Options struct {
	User, Password string // require AUTH PLAIN with these (empty: no auth)
}

// Start starts a server on 127.0.0.1 (a free port) and stops it when t ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	s := &Server{opts: o, addr: l.Addr().String(), more: make(chan struct{})}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{s: s}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true // loopback, tests only
	srv.EnableSMTPUTF8 = true
	srv.MaxMessageBytes = 32 << 20
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	srv.ErrorLog = log.New(io.Discard, "", 0)
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(l) // returns once Close is called
	}()
	t.Cleanup(func() {
		srv.Close()
		// Close only closes the listeners Serve has registered: should
		// the test end before Serve ran, this one would be served
		// forever.
		l.Close()
		<-done
	})
	return s
}

// URL is the -smtp-url that reaches s (smtp://…?tls=none).
func (s *Server) URL() string {
	u := url.URL{Scheme: "smtp", Host: s.addr, RawQuery: "tls=none"}
	if s.opts.User != "" {
		u.User = url.UserPassword(s.opts.User, s.opts.Password)
	}
	return u.String()
}

// Messages returns what s has received so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// Wait returns once s has received n messages in all, or ctx ends.
func (s *Server) Wait(ctx context.Context, n int) ([]Received, error) {
	for {
		s.mu.Lock()
		msgs, more := append([]Received(nil), s.msgs...), s.more
		s.mu.Unlock()
		if len(msgs) >= n {
			return msgs, nil
		}
		select {
		case <-more:
		case <-ctx.Done():
			return msgs, fmt.Errorf("mailtest: %d of %d messages: %w", len(msgs), n, ctx.Err())
		}
	}
}

func (s *Server) add(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, r)
	close(s.more)
	s.more = make(chan struct{})
}

// session is one SMTP connection's state.
type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

func (se *session) AuthMechanisms() []string {
	if se.s.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (se *session) Auth(mech string) (sasl.Server, error) {
	if se.s.opts.User == "" || mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != se.s.opts.User || pass != se.s.opts.Password {
			return smtp.ErrAuthFailed
		}
		se.authed = true
		return nil
	}), nil
}

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	if se.s.opts.User != "" && !se.authed {
		return smtp.ErrAuthRequired
	}
	se.from = from
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	rec, err := parse(raw)
	if err != nil {
		// Refused, so the sender's test sees it fail rather than a
		// message with parts missing.
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "mailtest: " + err.Error()}
	}
	rec.From, rec.To = se.from, append([]string(nil), se.to...)
	se.s.add(rec)
	return nil
}

func (se *session) Reset() { se.from, se.to = "", nil }

func (se *session) Logout() error { return nil }

// parse reads a message's subject, text and attachments. Text parts are
// taken as UTF-8 (what WebTool sends).
func parse(raw []byte) (Received, error) {
	m, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Received{}, fmt.Errorf("read message: %w", err)
	}
	rec := Received{Raw: raw}
	var dec mime.WordDecoder
	if rec.Subject, err = dec.DecodeHeader(m.Header.Get("Subject")); err != nil {
		return Received{}, fmt.Errorf("decode subject: %w", err)
	}
	if err := rec.part(m.Header, m.Body); err != nil {
		return Received{}, err
	}
	return rec, nil
}

// header is what part needs of a message's header (net/mail) or a
// part's (net/textproto).
type header interface{ Get(string) string }

// part adds one MIME part (recursing into multipart ones) to rec.
func (rec *Received) part(h header, body io.Reader) error {
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		if h.Get("Content-Type") != "" {
			return fmt.Errorf("content type %q: %w", h.Get("Content-Type"), err)
		}
		mediaType = "text/plain" // RFC 2045's default
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("multipart: %w", err)
			}
			if err := rec.part(p.Header, p); err != nil {
				return err
			}
		}
	}
	data, err := decode(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		return err
	}
	disposition, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	// Mailers (go-mail among them) write a non-ASCII file name as RFC
	// 2047 words inside the quotes, rather than RFC 2231's filename*.
	var dec mime.WordDecoder
	if decoded, err := dec.DecodeHeader(name); err == nil {
		name = decoded
	}
	if disposition == "attachment" || name != "" || mediaType != "text/plain" {
		rec.Attachments = append(rec.Attachments, Attachment{Name: name, ContentType: mediaType, Data: data})
		return nil
	}
	if rec.Text == "" {
		rec.Text = strings.ReplaceAll(string(data), "\r\n", "\n")
	}
	return nil
}

func decode(encoding string, body io.Reader) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body) // skips line ends
	case "", "7bit", "8bit", "binary":
	default:
		return nil, fmt.Errorf("unknown transfer encoding %q", encoding)
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", encoding, err)
	}
	return data, nil
}
