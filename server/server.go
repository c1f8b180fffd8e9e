// Package server is WebTool's HTTP side: the page shell and its static files,
// sign-in and sign-out, and the websocket over which the UI talks to the
// services. It owns every decision; the browser only shows what it says.
package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"time"

	"webtool/server/auth"
	"webtool/server/catalog"
	"webtool/server/demo"
	"webtool/server/mobile"
	"webtool/server/pin"
	"webtool/server/store"
	"webtool/server/views"
)

// Server is one running WebTool. Create it with New, start it with Serve,
// stop it with Close.
type Server struct {
	cfg     Config
	out     io.Writer
	log     *slog.Logger
	now     func() time.Time
	db      *store.DB
	auth    *auth.Service
	catalog *catalog.Service
	pins    *pin.Service
	mobile  *mobile.Service
	views   *views.Service
	hub     *hub
	static  *staticFiles
	handler http.Handler

	httpServer *http.Server
	stop       context.CancelFunc
	done       chan struct{}
}

// New opens the store, creates the first administrator (printing the
// password once) and, with cfg.Demo, seeds demo data. files holds the
// embedded "web/" (the built wasm) and "assets/" folders. Messages for the
// person starting the server go to out; the log goes to logw.
func New(cfg Config, files fs.FS, out, logw io.Writer) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	static, err := newStaticFiles(files, cfg.Release)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(cfg.DB, store.Options{})
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, out: out, now: time.Now, db: db, static: static,
		log: slog.New(slog.NewTextHandler(logw, nil)),
	}
	s.auth = auth.NewService(db, auth.NewHasher(auth.DefaultParams, runtime.NumCPU()), auth.Config{
		Lockout:     auth.Lockout{Attempts: cfg.LockoutAttempts, Window: cfg.LockoutWindow},
		SessionIdle: cfg.SessionIdle,
		SessionMax:  cfg.SessionMax,
	}, s.now)
	start := time.Now()
	s.catalog, err = catalog.Open(db, catalog.Definitions(), s.now)
	if err != nil {
		db.Close()
		return nil, err
	}
	s.log.Info("catalogs loaded", "took", time.Since(start).Round(time.Millisecond))
	keys, err := pin.LoadKeys(cfg.PinKeyPath())
	if err != nil {
		db.Close()
		return nil, err
	}
	if s.pins, err = pin.New(db, keys, cfg.PinLength, s.now); err != nil {
		db.Close()
		return nil, err
	}
	s.catalog.SetSecret(s.pins)
	s.mobile = mobile.New(db, s.catalog, s.pins, mobile.Config{
		Lockout:          auth.Lockout{Attempts: cfg.LockoutAttempts, Window: cfg.LockoutWindow},
		GuessesPerMinute: cfg.PinGuessesPerMinute,
	}, s.now)
	if s.views, err = views.Open(db, s.catalog, s.now); err != nil {
		db.Close()
		return nil, err
	}
	s.hub = newHub(s)
	s.catalog.Subscribe(s.hub.changed)
	if err := s.bootstrap(); err != nil {
		db.Close()
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// bootstrap creates the administrator in an empty store and seeds demo data.
func (s *Server) bootstrap() error {
	var users int
	if err := s.db.View(func(tx *store.Tx) (err error) { users, err = tx.Count(store.Users); return }); err != nil {
		return fmt.Errorf("count users: %w", err)
	}
	if users == 0 {
		password, generated := s.cfg.AdminPassword, false
		if password == "" {
			password, generated = auth.NewPassword(), true
		}
		if _, err := s.auth.CreateUser(auth.NewUser{Login: "admin", Name: "Администратор", Password: password, Roles: []string{"admin"}}, "system", ""); err != nil {
			return fmt.Errorf("create administrator: %w", err)
		}
		if generated {
			fmt.Fprintf(s.out, "Created the administrator. Sign in as  admin / %s\n(this password is shown only now; keep it safe)\n", password)
		} else {
			fmt.Fprintf(s.out, "Created the administrator \"admin\" with the password from WEBTOOL_ADMIN_PASSWORD.\n")
		}
	}
	if s.cfg.Demo {
		if err := demo.Seed(s.auth, s.catalog, demo.Options{Outlets: s.cfg.DemoScale}, s.out); err != nil {
			return fmt.Errorf("seed demo data: %w", err)
		}
	}
	return nil
}

// Handler returns the server's HTTP handler (for tests that serve it
// themselves).
func (s *Server) Handler() http.Handler { return s.handler }

// Serve listens on cfg.Addr, prints the address and serves until Close or
// ctx ends.
func (s *Server) Serve(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Addr, err)
	}
	scheme := "http"
	if s.cfg.TLSCert != "" {
		scheme = "https"
		cert, err := tls.LoadX509KeyPair(s.cfg.TLSCert, s.cfg.TLSKey)
		if err != nil {
			ln.Close()
			return fmt.Errorf("load TLS certificate: %w", err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	}
	ctx, s.stop = context.WithCancel(ctx)
	s.done = make(chan struct{})
	s.httpServer = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		// Bodies are small (sign-in, export request, PIN check): a client
		// trickling one must not hold a connection. The websocket upgrade
		// clears this deadline and keeps its own.
		ReadTimeout: 30 * time.Second,
		IdleTimeout: 2 * time.Minute,
		ErrorLog:    slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	go s.hub.run(ctx)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.hub.closeAll()
		s.httpServer.Shutdown(sctx)
		close(s.done)
	}()
	fmt.Fprintf(s.out, "WebTool is running at %s://%s/\n", scheme, ln.Addr())
	fmt.Fprintf(s.out, "Sign in as \"admin\" with the password printed when the store was created (or WEBTOOL_ADMIN_PASSWORD).\n")
	s.log.Info("listening", "addr", ln.Addr().String(), "version", s.static.version)
	if err := s.httpServer.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	<-s.done
	return nil
}

// Close stops serving, ends every socket and closes the store.
func (s *Server) Close() error {
	if s.stop != nil {
		s.stop()
		<-s.done
	}
	return s.db.Close()
}
