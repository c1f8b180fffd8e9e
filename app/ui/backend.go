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

func (browserBackend) Socket(cfg wsclient.Config) Socket {
	u := app.Window().URL()
	cfg.URL = wsclient.SocketURL(u.Scheme+":", u.Host, api.PathSocket)
	return wsclient.New(cfg)
}
