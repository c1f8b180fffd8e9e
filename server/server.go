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
	"strings"
	"sync/atomic"
	"time"

	"webtool/server/access"
	"webtool/server/admin"
	"webtool/server/auth"
	"webtool/server/catalog"
	"webtool/server/demo"
	"webtool/server/mail"
	"webtool/server/mobile"
	"webtool/server/pin"
	"webtool/server/ratelimit"
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
	roles   *access.Book
	admin   *admin.Service
	hub     *hub
	// base is the server's own URL as users reach it (-public-url, else
	// what Serve listens on), for the links it mails.
	base atomic.Pointer[string]
	// passwordRate throttles the password endpoints per client address.
	passwordRate *ratelimit.Table
	static       *staticFiles
	hosts        *hosts
	handler      http.Handler

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
		cfg: cfg, out: out, now: time.Now, db: db, static: static, hosts: newHosts(cfg),
		log: slog.New(slog.NewTextHandler(logw, nil)),
	}
	s.auth, err = auth.Open(db, auth.NewHasher(auth.DefaultParams, runtime.NumCPU()), auth.Config{
		Lockout:     auth.Lockout{Attempts: cfg.LockoutAttempts, Window: cfg.LockoutWindow},
		SessionIdle: cfg.SessionIdle,
		SessionMax:  cfg.SessionMax,
		PerAddress:  ratelimit.PerMinute(cfg.LoginRate),
	}, s.now)
	if err != nil {
		db.Close()
		return nil, err
	}
	start := time.Now()
	if s.roles, err = access.OpenBook(db, access.RightInfos(nil, nil)); err != nil {
		db.Close()
		return nil, err
	}
	s.catalog, err = catalog.Open(db, catalog.Definitions(), s.now)
	if err != nil {
		db.Close()
		// store.Open has checked the file's structure; a record that does
		// not decode is damage inside a value.
		return nil, fmt.Errorf("load the catalogs from %s: %w (if the file is damaged, run \"webtool check -db %s\" and restore the last good backup)", cfg.DB, err, cfg.DB)
	}
	s.log.Info("catalogs loaded", "took", time.Since(start).Round(time.Millisecond))
	// A reset clears each PIN through the catalog, so the record's history
	// and the query image show it; its phone binding goes too.
	keys, cleared, err := pin.OpenKeys(db, cfg.PinKeyPath(), pin.KeyOptions{Reset: cfg.ResetPinKey, Now: s.now, Clear: s.catalog.ClearSecrets})
	if err != nil {
		db.Close()
		return nil, err
	}
	if cleared > 0 {
		fmt.Fprintf(s.out, "The PIN key is now %s: the %d PIN codes it could not open were cleared (audited); the MM users need new PINs.\n", cfg.PinKeyPath(), cleared)
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
	s.views.UseRoles(s.roles.Exists)
	var sender mail.Sender
	if mc, ok := cfg.mailConfig(); ok {
		sender = mail.New(mc)
		s.log.Info("mail server for password links", "smtp", mc.String(), "from", mc.From)
	} else {
		s.log.Info("no mail server (-smtp-url): administrators are shown password links to hand over")
	}
	s.admin = admin.New(admin.Deps{
		DB: db, Auth: s.auth, Book: s.roles, Mail: sender,
		Distributors: distributorRefs{s.catalog}, Catalogs: s.catalog.RoleCatalogs,
		LinkURL: s.linkURL, Now: s.now,
	})
	s.passwordRate = ratelimit.NewTable(ratelimit.PerMinute(max(cfg.LoginRate, 1)*4), 50_000)
	s.hub = newHub(s)
	s.catalog.Subscribe(s.hub.changed)
	if err := s.bootstrap(); err != nil {
		db.Close()
		return nil, err
	}
	s.handler = s.onlyOurHosts(s.routes())
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
	// Shutdown closes the listener first and then calls this, so clients
	// told to go away cannot reconnect to this process.
	s.httpServer.RegisterOnShutdown(s.hub.goAway)
	// The address actually listened on is ours too (-addr may name a host
	// that resolved to it).
	if a, ok := ln.Addr().(*net.TCPAddr); ok {
		s.hosts.add(a.IP.String())
	}
	base := s.cfg.PublicURL
	if base == "" {
		base = scheme + "://" + ln.Addr().String()
	}
	base = strings.TrimSuffix(base, "/")
	s.base.Store(&base)
	go s.hub.run(ctx)
	go func() {
		<-ctx.Done()
		s.shutdown()
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

// shutdownGrace bounds a shutdown, so the process exits within the ten
// seconds a service manager is told to wait: requests under way get this
// long to finish and sockets to say goodbye.
const shutdownGrace = 8 * time.Second

// shutdown stops accepting connections, closes every socket with 1001
// (going away) once its requests under way have answered, waits for the
// HTTP requests under way, and writes the pending audit summaries.
func (s *Server) shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := s.httpServer.Shutdown(ctx); err != nil {
		s.log.Warn("shutdown: requests still running after the grace period", "err", err)
		s.httpServer.Close()
	}
	s.hub.wait(ctx)
	s.hub.closeAll() // whatever did not answer its close frame in time
	if err := s.auth.FlushAudit(true); err != nil {
		s.log.Error("shutdown", "err", err)
	}
}

// Close stops serving, ends every socket and closes the store.
func (s *Server) Close() error {
	if s.stop != nil {
		s.stop()
		<-s.done
	}
	return s.db.Close()
}
