package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/wsclient"
	"webtool/server/api"
)

// Backend is everything the UI asks of the server. The browser one talks
// HTTP and WebSocket through wsclient; tests give the root a fake, which is
// what keeps Root testable natively.
type Backend interface {
	Session(ctx context.Context) (api.LoginReply, error)
	Login(ctx context.Context, req api.LoginRequest) (api.LoginReply, error)
	Logout(ctx context.Context) error
	// Passwords over HTTP (no session needed): the forgot-password
	// request, a one-time link's check and use, and the meter's rating.
	PasswordForgot(ctx context.Context, req api.PasswordForgot) error
	PasswordLink(ctx context.Context, req api.PasswordLinkCheck) (api.PasswordLinkInfo, error)
	PasswordSet(ctx context.Context, req api.PasswordSet) (api.LoginReply, error)
	PasswordStrength(ctx context.Context, req api.PasswordStrengthRequest) (api.PasswordStrength, error)
	// Socket returns a websocket client, not yet started.
	Socket(cfg wsclient.Config) Socket
}

// Socket is the part of *wsclient.Client the UI uses.
type Socket interface {
	Start()
	Close()
	Request(ctx context.Context, typ string, req, reply any) error
}

type browserBackend struct{}

func (browserBackend) Session(ctx context.Context) (api.LoginReply, error) {
	return wsclient.Session(ctx)
}

func (browserBackend) Login(ctx context.Context, req api.LoginRequest) (api.LoginReply, error) {
	return wsclient.Login(ctx, req)
}

func (browserBackend) Logout(ctx context.Context) error { return wsclient.Logout(ctx) }

func (browserBackend) PasswordForgot(ctx context.Context, req api.PasswordForgot) error {
	return wsclient.PasswordForgot(ctx, req)
}

func (browserBackend) PasswordLink(ctx context.Context, req api.PasswordLinkCheck) (api.PasswordLinkInfo, error) {
	return wsclient.PasswordLink(ctx, req)
}

func (browserBackend) PasswordSet(ctx context.Context, req api.PasswordSet) (api.LoginReply, error) {
	return wsclient.PasswordSet(ctx, req)
}

func (browserBackend) PasswordStrength(ctx context.Context, req api.PasswordStrengthRequest) (api.PasswordStrength, error) {
	return wsclient.PasswordStrength(ctx, req)
}

func (browserBackend) Socket(cfg wsclient.Config) Socket {
	u := app.Window().URL()
	cfg.URL = wsclient.SocketURL(u.Scheme+":", u.Host, api.PathSocket)
	return wsclient.New(cfg)
}
