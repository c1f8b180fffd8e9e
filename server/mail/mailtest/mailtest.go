// Package mailtest runs a real SMTP server (github.com/emersion/go-smtp)
// in-process on loopback for tests, and keeps what it receives.
package mailtest

import (
	"context"
	"testing"
)

// Received is one delivered message.
type Received struct {
	From    string
	To      []string
	Subject string // decoded
	Text    string // the decoded text/plain body
	Raw     []byte
}

// Server is a running test SMTP server. It accepts any recipient; with
// Auth set it requires that user and password (PLAIN).
type Server struct{}

// Options configure Start.
type Options struct {
	User, Password string // require AUTH PLAIN with these (empty: no auth)
}

// Start starts a server on 127.0.0.1 (a free port) and stops it when t ends.
func Start(t testing.TB, o Options) *Server { panic("not built") }

// URL is the -smtp-url that reaches s (smtp://…?tls=none).
func (s *Server) URL() string { panic("not built") }

// Messages returns what s has received so far.
func (s *Server) Messages() []Received { panic("not built") }

// Wait returns once s has received n messages in all, or ctx ends.
func (s *Server) Wait(ctx context.Context, n int) ([]Received, error) { panic("not built") }
