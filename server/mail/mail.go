// Package mail sends WebTool's e-mail (set-password links, later load
// protocols) through the SMTP server named by -smtp-url.
package mail

import (
	"context"
	"time"
)

// Config is a parsed -smtp-url.
//
//	smtp://user:pass@host:587     STARTTLS, required
//	smtps://user:pass@host:465    TLS from the first byte
//	smtp://host:2525?tls=none     no TLS: refused unless host is a loopback address (tests)
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

// ParseURL parses a -smtp-url value, with a clear error for a bad one
// (scheme, port, missing host, tls=none to a non-loopback host).
func ParseURL(raw string) (Config, error) { panic("not built") }

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

// New returns a Sender over SMTP (github.com/wneessen/go-mail).
func New(cfg Config) Sender { panic("not built") }
