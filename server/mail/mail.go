// Package mail sends WebTool's e-mail (set-password links, later load
// protocols) through the SMTP server named by -smtp-url.
package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Config is a parsed -smtp-url.
//
//	smtp://user:pass@host:587     STARTTLS, required
//	smtps://user:pass@host:465    TLS from the first byte
//	smtp://host:2525?tls=none     no TLS: refused unless host is a loopback address (tests)
//
// The user and password are URL-encoded ("p%40ss" for "p@ss"); the query
// may also set the sender: ?from=webtool@example.com.
type Config struct {
	Host     string
	Port     int
	User     string
	Password string
	// TLS is "starttls", "tls" or "none".
	TLS string
	// From is the sender address (-mail-from; default webtool@<host of -public-url or localhost>).
	From string
	// Timeout bounds one delivery (default 20 s).
	Timeout time.Duration
}

// The values of Config.TLS.
const (
	TLSStartTLS = "starttls"
	TLSImplicit = "tls"
	TLSNone     = "none"
)

// DefaultTimeout bounds one delivery when Config.Timeout is zero.
const DefaultTimeout = 20 * time.Second

// flag names the setting in every error, so the operator knows which one
// to fix.
const flag = "-smtp-url"

// ParseURL parses a -smtp-url value, with a clear error for a bad one
// (scheme, port, missing host, tls=none to a non-loopback host). No error
// ever carries the password.
func ParseURL(raw string) (Config, error) {
	// url.Parse quotes the whole URL, password included, in its errors:
	// take the user information off first and parse the rest.
	raw = strings.TrimSpace(raw)
	rest, user, pass, err := splitUserinfo(raw)
	if err != nil {
		return Config{}, err
	}
	c, err := parseRest(rest, user, pass)
	if err != nil && user == "" && misplacedAt(raw) {
		// An '@' outside from= that did not end the user information: a
		// password with an unencoded / ? or # has put its pieces in the
		// port, path or query, which the error would quote.
		return Config{}, fmt.Errorf("%s: not a valid URL; a user or password with / ? # @ or %% must be URL-encoded (%%2F %%3F %%23 %%40 %%25)", flag)
	}
	return c, err
}

// misplacedAt reports whether raw has an '@' that is not in the value of
// from=.
func misplacedAt(raw string) bool {
	for len(raw) > 0 {
		i := strings.Index(raw, "from=")
		if i < 0 {
			break
		}
		head, tail := raw[:i], raw[i+len("from="):]
		if strings.Contains(head, "@") {
			return true
		}
		if j := strings.IndexAny(tail, "&#"); j >= 0 {
			raw = tail[j:]
		} else {
			raw = ""
		}
	}
	return strings.Contains(raw, "@")
}

func parseRest(rest, user, pass string) (Config, error) {
	u, err := url.Parse(rest)
	if err != nil {
		if ue, ok := err.(*url.Error); ok {
			err = ue.Err // without the URL it quotes
		}
		return Config{}, fmt.Errorf("%s: %v", flag, err)
	}
	c := Config{User: user, Password: pass, Timeout: DefaultTimeout}
	switch strings.ToLower(u.Scheme) {
	case "smtp":
		c.TLS, c.Port = TLSStartTLS, 587
	case "smtps":
		c.TLS, c.Port = TLSImplicit, 465
	case "":
		return Config{}, fmt.Errorf("%s: no scheme (want smtp://host:587 or smtps://host:465)", flag)
	default:
		return Config{}, fmt.Errorf("%s: unknown scheme %q (want smtp or smtps)", flag, u.Scheme)
	}
	if u.Opaque != "" {
		return Config{}, fmt.Errorf("%s: want %s://host[:port], with the slashes", flag, u.Scheme)
	}
	if c.Host = u.Hostname(); c.Host == "" {
		return Config{}, fmt.Errorf("%s: no host", flag)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Config{}, fmt.Errorf("%s: bad port %q (want 1 to 65535)", flag, p)
		}
		c.Port = n
	}
	if u.Path != "" && u.Path != "/" {
		return Config{}, fmt.Errorf("%s: unexpected path %q", flag, u.Path)
	}
	if u.Fragment != "" {
		return Config{}, fmt.Errorf("%s: unexpected fragment %q", flag, u.Fragment)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return Config{}, fmt.Errorf("%s: bad query: %v", flag, err)
	}
	for key, values := range q {
		if len(values) != 1 {
			return Config{}, fmt.Errorf("%s: %s is given %d times", flag, key, len(values))
		}
		v := values[0]
		switch key {
		case "tls":
			if v != TLSNone {
				return Config{}, fmt.Errorf("%s: tls=%q: only tls=none is known (the scheme picks TLS: smtp for STARTTLS, smtps for TLS)", flag, v)
			}
			if c.TLS == TLSImplicit {
				return Config{}, fmt.Errorf("%s: tls=none contradicts smtps", flag)
			}
			c.TLS = TLSNone
		case "from":
			if v == "" {
				return Config{}, fmt.Errorf("%s: from is empty", flag)
			}
			c.From = v
		default:
			return Config{}, fmt.Errorf("%s: unknown parameter %q (known: tls, from)", flag, key)
		}
	}
	if c.TLS == TLSNone && !isLoopback(c.Host) {
		return Config{}, fmt.Errorf("%s: tls=none is allowed only for a loopback host", flag)
	}
	return c, nil
}

// splitUserinfo takes the user information off a URL, returning the URL
// without it and the decoded user and password.
func splitUserinfo(raw string) (rest, user, pass string, err error) {
	scheme, after, ok := strings.Cut(raw, "://")
	if !ok {
		return raw, "", "", nil
	}
	authority := after
	if i := strings.IndexAny(after, "/?#"); i >= 0 {
		authority = after[:i]
	}
	at := strings.LastIndexByte(authority, '@')
	if at < 0 {
		return raw, "", "", nil
	}
	info := authority[:at]
	rest = scheme + "://" + after[at+1:]
	rawUser, rawPass, _ := strings.Cut(info, ":")
	if user, err = url.PathUnescape(rawUser); err != nil {
		return "", "", "", fmt.Errorf("%s: the user is not URL-encoded correctly", flag)
	}
	if pass, err = url.PathUnescape(rawPass); err != nil {
		// Never quote it: the error would show part of the password.
		return "", "", "", fmt.Errorf("%s: the password is not URL-encoded correctly (write %%25 for %%, %%40 for @, %%3A for :, %%2F for /)", flag)
	}
	if user == "" && pass != "" {
		return "", "", "", fmt.Errorf("%s: a password without a user", flag)
	}
	return rest, user, pass, nil
}

// isLoopback reports whether host names this machine: "localhost",
// 127.0.0.0/8 or ::1. Only there may mail travel without TLS.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// String is the URL of c without the password (for the startup log): a
// set password shows as "***".
func (c Config) String() string {
	var b strings.Builder
	scheme := "smtp"
	if c.TLS == TLSImplicit {
		scheme = "smtps"
	}
	b.WriteString(scheme + "://")
	if c.User != "" {
		b.WriteString(url.User(c.User).String())
		if c.Password != "" {
			b.WriteString(":***")
		}
		b.WriteString("@")
	}
	b.WriteString(net.JoinHostPort(c.Host, strconv.Itoa(c.Port)))
	q := url.Values{}
	if c.TLS == TLSNone {
		q.Set("tls", TLSNone)
	}
	if c.From != "" {
		q.Set("from", c.From)
	}
	if len(q) > 0 {
		b.WriteString("?" + q.Encode())
	}
	return b.String()
}

// FromAddress is the sender address: c.From, or webtool@defaultHost
// (webtool@localhost when defaultHost is empty).
func (c Config) FromAddress(defaultHost string) string {
	if c.From != "" {
		return c.From
	}
	if defaultHost == "" {
		defaultHost = "localhost"
	}
	return "webtool@" + defaultHost
}

// Attachment is a file sent with a message.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Message is one e-mail: plain text (UTF-8).
type Message struct {
	To          string
	Subject     string
	Text        string
	Attachments []Attachment
}

// Sender delivers messages. Send returns an error that names the cause
// (connection refused, authentication failed, recipient refused) and never
// the password.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// New returns a Sender over SMTP (github.com/wneessen/go-mail). It is
// safe for concurrent use: each Send dials anew (mail is rare, and a
// connection kept open would only time out between messages).
func New(cfg Config) Sender { return smtpSender{cfg: cfg} }

type smtpSender struct{ cfg Config }

func (s smtpSender) Send(ctx context.Context, m Message) error {
	msg, err := s.message(m)
	if err != nil {
		return err
	}
	client, err := gomail.NewClient(s.cfg.Host, s.options()...)
	if err != nil {
		return s.errorf("mail: set up the client for %s: %w", s.addr(), err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return s.errorf("mail: send to %s via %s: %w", m.To, s.addr(), err)
	}
	return nil
}

// message builds m as go-mail's Msg: UTF-8 throughout (quoted-printable
// text, RFC 2047 subject), attachments in base64.
func (s smtpSender) message(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	from := s.cfg.FromAddress("")
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("mail: sender %q: %w", from, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("mail: recipient %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	for _, a := range m.Attachments {
		var opts []gomail.FileOption
		if a.ContentType != "" {
			opts = append(opts, gomail.WithFileContentType(gomail.ContentType(a.ContentType)))
		}
		if err := msg.AttachReader(a.Name, bytes.NewReader(a.Data), opts...); err != nil {
			return nil, fmt.Errorf("mail: attach %q: %w", a.Name, err)
		}
	}
	return msg, nil
}

func (s smtpSender) options() []gomail.Option {
	timeout := s.cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(timeout)}
	switch s.cfg.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.User != "" {
		// PLAIN and LOGIN are what nearly every submission server takes
		// over TLS; others are tried if it offers neither. Without TLS
		// (loopback only, see ParseURL) go-mail must be told that plain
		// text is meant.
		mechs := []gomail.SMTPAuthType{gomail.SMTPAuthPlain, gomail.SMTPAuthLogin}
		if s.cfg.TLS == TLSNone {
			mechs = []gomail.SMTPAuthType{gomail.SMTPAuthPlainNoEnc, gomail.SMTPAuthLoginNoEnc}
		}
		opts = append(opts, gomail.WithUsername(s.cfg.User), gomail.WithPassword(s.cfg.Password),
			gomail.WithOpportunisticSMTPAuth(mechs...))
	}
	return opts
}

func (s smtpSender) addr() string { return net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port)) }

// errorf wraps like fmt.Errorf, and takes the password out of the text
// should a server or library ever echo it. Passwords under four
// characters are left alone: hiding every "e" of a message would leave it
// unreadable, and a password that short is no secret worth the cost.
func (s smtpSender) errorf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	if p := s.cfg.Password; len(p) >= 4 && strings.Contains(err.Error(), p) {
		return redacted{text: strings.ReplaceAll(err.Error(), p, "***"), err: err}
	}
	return err
}

// redacted is an error whose text hides the password; errors.Is and As
// still see the cause.
type redacted struct {
	text string
	err  error
}

func (r redacted) Error() string { return r.text }
func (r redacted) Unwrap() error { return errors.Unwrap(r.err) }
