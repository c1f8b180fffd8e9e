package server

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	netmail "net/mail"
	"net/url"
	"os"
	"strconv"
	"time"
	"webtool/server/pin"
	"webtool/server/store"

	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/mail"
)

// Config is everything the server is started with. ParseFlags fills it from
// the command line and checks it before anything is opened.
type Config struct {
	Addr            string
	DB              string
	Demo            bool
	DemoScale       int
	LockoutAttempts int
	LockoutWindow   time.Duration
	SessionIdle     time.Duration
	SessionMax      time.Duration
	TLSCert         string
	TLSKey          string
	// LoginRate is how many sign-in attempts a minute one client address
	// (an IPv6 /64) may make, that many at once.
	LoginRate int
	// SocketRate is how many messages a second one socket may send, twice
	// that many at once (zero: the default, 50).
	SocketRate int
	// AuditRetention is how long audit records are kept; zero keeps them
	// forever.
	AuditRetention time.Duration
	// PublicURL is the URL users open (behind a proxy, the proxy's); its
	// host is served and its origin is this server's own.
	PublicURL string
	// AllowedHosts are more host names the server answers to, comma
	// separated. Requests naming any other Host are refused (421).
	AllowedHosts string
	// PinKey is the file of the key that seals PINs; empty means DB +
	// ".pinkey". It must stay outside the database file and its backups.
	PinKey string
	// PinLength is the number of digits of a new PIN.
	PinLength int
	// PinGuessesPerMinute caps wrong PINs per minute from all phones.
	PinGuessesPerMinute int
	// ResetPinKey lets the server start over PINs its key file cannot
	// open (the file is lost): it makes a new key and clears those PINs.
	ResetPinKey bool
	// Release labels the build (set at link time: make build RELEASE=...);
	// it is part of the version that tells open tabs to update.
	Release string
	// AdminPassword is the first administrator's password, from
	// WEBTOOL_ADMIN_PASSWORD; empty means generate one.
	AdminPassword string
	// SMTPURL names the mail server that delivers set-password links (see
	// mail.ParseURL); empty: no mail, an administrator hands links over.
	SMTPURL string
	// MailFrom is the sender of WebTool's e-mail.
	MailFrom string
}

// ErrHelp is returned by ParseFlags when -h was asked for.
var ErrHelp = flag.ErrHelp

// ParseFlags reads the server flags from args (without the program name).
// Usage and errors are written to out.
func ParseFlags(args []string, out io.Writer) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("webtool", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "`host:port` to listen on; port 0 picks a free one")
	fs.StringVar(&c.DB, "db", store.DefaultPath, "`path` of the bbolt database file, created on first start")
	fs.BoolVar(&c.Demo, "demo", false, "seed demo users and data into an empty store")
	fs.IntVar(&c.DemoScale, "demo-scale", 0, "with -demo: how many global outlets to generate (default 5000; up to 2,000,000)")
	fs.IntVar(&c.LockoutAttempts, "lockout-attempts", 3, "failed sign-in attempts that lock a login name")
	fs.DurationVar(&c.LockoutWindow, "lockout-window", 15*time.Minute, "how long a locked login stays locked after its last counted failure")
	fs.DurationVar(&c.SessionIdle, "session-idle", 30*time.Minute, "a session ends after this long without activity")
	fs.DurationVar(&c.SessionMax, "session-max", 12*time.Hour, "a session ends this long after sign-in, active or not")
	fs.StringVar(&c.TLSCert, "tls-cert", "", "PEM certificate `file`: serve HTTPS directly (with -tls-key)")
	fs.StringVar(&c.TLSKey, "tls-key", "", "PEM private key `file` for -tls-cert")
	fs.IntVar(&c.SocketRate, "socket-rate", 50, "messages a second one browser tab may send (twice that at once); beyond that each is refused and a flood closes the socket")
	fs.IntVar(&c.LoginRate, "login-rate", 30, "sign-in attempts a minute from one client address (an IPv6 /64 is one), that many at once; right passwords do not count")
	fs.DurationVar(&c.AuditRetention, "audit-retention", 90*24*time.Hour, "audit records older than this are deleted by a daily job (at least 24h; 0 keeps them forever)")
	fs.StringVar(&c.PublicURL, "public-url", "", "the `URL` users open, e.g. https://webtool.example.com (behind a proxy, the proxy's); its host is served, others get 421")
	fs.StringVar(&c.AllowedHosts, "allowed-hosts", "", "comma-separated host `names` served besides the loopback names, the -addr host and the -public-url host")
	fs.StringVar(&c.PinKey, "pin-key", "", "`file` of the key that encrypts PIN codes, created on first start (default: the -db path + \".pinkey\"); keep it out of database backups")
	fs.IntVar(&c.PinLength, "pin-length", 6, "digits of a new PIN code (4..12); raise it for large fleets")
	fs.IntVar(&c.PinGuessesPerMinute, "pin-guesses-per-minute", 30, "wrong PIN codes per minute accepted from all phones together, before every PIN check is refused for a while")
	fs.StringVar(&c.SMTPURL, "smtp-url", "", "mail server for set-password links: smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465 (TLS); without it administrators are shown each link once to hand over")
	fs.StringVar(&c.MailFrom, "mail-from", "", "sender `address` of WebTool's e-mail (default webtool@ the host of -public-url, or webtool@localhost)")
	fs.BoolVar(&c.ResetPinKey, "reset-pin-key", false, "only when the PIN key file is lost for good: make a new key and clear every PIN code it sealed (audited; MM users need new PINs)")
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: webtool [flags]\n       webtool check|backup|restore|compact [flags]   (the operator's commands; webtool COMMAND -h)\n\nServes WebTool: the page, the sign-in and the websocket, over one bbolt file.\nThe first start creates the administrator \"admin\" with the password in\nWEBTOOL_ADMIN_PASSWORD, or a generated one printed once.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q (all settings are flags; see -h)", fs.Arg(0))
	}
	c.AdminPassword = os.Getenv("WEBTOOL_ADMIN_PASSWORD")
	return c, c.Validate()
}

// mailConfig is the mail server's settings (ok false: none). The sender
// defaults to webtool@ the public host.
func (c Config) mailConfig() (mail.Config, bool) {
	if c.SMTPURL == "" {
		return mail.Config{}, false
	}
	mc, err := mail.ParseURL(c.SMTPURL)
	if err != nil {
		return mail.Config{}, false // Validate has refused it
	}
	switch {
	case c.MailFrom != "":
		mc.From = c.MailFrom
	case mc.From != "":
	case c.PublicURL != "":
		if u, err := url.Parse(c.PublicURL); err == nil && u.Hostname() != "" {
			mc.From = "webtool@" + u.Hostname()
		}
	}
	if mc.From == "" {
		mc.From = "webtool@localhost"
	}
	return mc, true
}

// PinKeyPath is the key file of the PIN codes: PinKey or, by default, next
// to the database file.
func (c Config) PinKeyPath() string { return pin.KeyPath(c.DB, c.PinKey) }

// Validate checks that the settings make sense together.
func (c Config) Validate() error {
	var errs []error
	bad := func(flag, format string, args ...any) {
		errs = append(errs, fmt.Errorf("-%s: %s", flag, fmt.Sprintf(format, args...)))
	}
	if host, port, err := net.SplitHostPort(c.Addr); err != nil {
		bad("addr", "%q is not host:port (for example 127.0.0.1:8080)", c.Addr)
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		bad("addr", "port %q is not a number from 0 to 65535", port)
	} else if host != "" && net.ParseIP(host) == nil && host != "localhost" {
		if _, err := net.LookupHost(host); err != nil {
			bad("addr", "host %q does not resolve", host)
		}
	}
	if c.DemoScale < 0 || c.DemoScale > 2_000_000 {
		bad("demo-scale", "%d is out of range 0..2000000", c.DemoScale)
	} else if c.DemoScale > 0 && !c.Demo {
		bad("demo-scale", "needs -demo")
	}
	if c.DB == "" {
		bad("db", "must name a file")
	}
	if c.LockoutAttempts < 1 || c.LockoutAttempts > 100 {
		bad("lockout-attempts", "%d is out of range 1..100", c.LockoutAttempts)
	}
	if c.LockoutWindow <= 0 || c.LockoutWindow > 24*time.Hour {
		bad("lockout-window", "%v is out of range (0, 24h]", c.LockoutWindow)
	}
	if c.SessionIdle <= 0 {
		bad("session-idle", "%v must be positive", c.SessionIdle)
	}
	if c.SessionMax <= 0 || c.SessionMax > 30*24*time.Hour {
		bad("session-max", "%v is out of range (0, 720h]", c.SessionMax)
	} else if c.SessionIdle > c.SessionMax {
		bad("session-idle", "%v is longer than -session-max %v", c.SessionIdle, c.SessionMax)
	}
	if c.PinLength < 4 || c.PinLength > 12 {
		bad("pin-length", "%d is out of range 4..12", c.PinLength)
	}
	if c.PinGuessesPerMinute < 1 {
		bad("pin-guesses-per-minute", "%d must be at least 1", c.PinGuessesPerMinute)
	}
	if c.PinKey != "" && c.PinKey == c.DB {
		bad("pin-key", "must not be the database file")
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		bad("tls-cert", "-tls-cert and -tls-key go together")
	}
	for flag, path := range map[string]string{"tls-cert": c.TLSCert, "tls-key": c.TLSKey} {
		if path == "" {
			continue
		}
		if _, err := os.Stat(path); err != nil {
			bad(flag, "cannot read %s: %v", path, errors.Unwrap(err))
		}
	}
	if c.SocketRate < 0 || c.SocketRate > 100_000 {
		bad("socket-rate", "%d is out of range 0..100000 (0: the default, 50)", c.SocketRate)
	}
	if c.LoginRate < 1 || c.LoginRate > 10_000 {
		bad("login-rate", "%d is out of range 1..10000", c.LoginRate)
	}
	if c.AuditRetention < 0 || (c.AuditRetention > 0 && c.AuditRetention < 24*time.Hour) {
		bad("audit-retention", "%v must be at least 24h (or 0 to keep the audit trail forever)", c.AuditRetention)
	}
	if c.PublicURL != "" {
		if err := checkPublicURL(c.PublicURL); err != nil {
			bad("public-url", "%v", err)
		}
	}
	for _, h := range splitHosts(c.AllowedHosts) {
		if !validHost(h) {
			bad("allowed-hosts", "%q is not a host name or IP address", h)
		}
	}
	if host, _, err := net.SplitHostPort(c.Addr); err == nil && unspecifiedHost(host) && c.PublicURL == "" && c.AllowedHosts == "" {
		bad("addr", "%s is reachable from other machines, but only loopback names are served: name the URL users open with -public-url (or the host names with -allowed-hosts)", c.Addr)
	}
	if c.SMTPURL != "" {
		if _, err := mail.ParseURL(c.SMTPURL); err != nil {
			errs = append(errs, err)
		}
	}
	if c.MailFrom != "" {
		if a, err := netmail.ParseAddress(c.MailFrom); err != nil || a.Name != "" {
			bad("mail-from", "%q is not a plain e-mail address (like webtool@example.com)", c.MailFrom)
		}
	}
	if c.AdminPassword != "" {
		if err := auth.CheckPassword(c.AdminPassword); err != nil {
			errs = append(errs, fmt.Errorf("WEBTOOL_ADMIN_PASSWORD: must be %d to %d characters", api.MinPasswordChars, api.MaxPasswordChars))
		}
	}
	return errors.Join(errs...)
}
