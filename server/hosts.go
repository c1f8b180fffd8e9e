package server

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"webtool/server/ratelimit"
)

// hosts is the set of host names the server answers to. A page on another
// site cannot make its visitors' browsers reach us by rebinding its own
// name to our address (DNS rebinding): the browser still sends that name in
// Host, and it is not in the set. Ports are not compared: the attack cannot
// choose the name, only the port, and a reverse proxy may change the port
// while it keeps the name.
type hosts struct {
	mu    sync.RWMutex
	names map[string]bool
	// logged throttles the warnings about refused names, which anyone can
	// cause.
	logged ratelimit.Bucket
}

// newHosts returns the names of cfg: the loopback names, the -addr host,
// the -public-url host and -allowed-hosts.
func newHosts(cfg Config) *hosts {
	h := &hosts{names: map[string]bool{}}
	for _, n := range []string{"localhost", "127.0.0.1", "::1"} {
		h.add(n)
	}
	if host, _, err := net.SplitHostPort(cfg.Addr); err == nil && host != "" {
		h.add(host)
	}
	if u, err := url.Parse(cfg.PublicURL); err == nil && u.Host != "" {
		h.add(u.Hostname())
	}
	for _, n := range splitHosts(cfg.AllowedHosts) {
		h.add(hostName(n))
	}
	return h
}

// add allows one more name (Serve adds the address actually listened on).
func (h *hosts) add(name string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.names[canonicalHost(name)] = true
}

// allows reports whether a request's Host is one of ours.
func (h *hosts) allows(host string) bool {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.names[canonicalHost(hostName(host))]
}

// hostName is the name of a host[:port], without brackets.
func hostName(s string) string {
	if h, _, err := net.SplitHostPort(s); err == nil {
		return h
	}
	return strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
}

// canonicalHost folds the spellings of one name together: case, a trailing
// dot, IPv6 written out in full.
func canonicalHost(name string) string {
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	if ip, err := netip.ParseAddr(name); err == nil {
		return ip.Unmap().String()
	}
	return name
}

// onlyOurHosts refuses, before anything else runs, a request whose Host is
// not one of ours, with 421 Misdirected Request.
func (s *Server) onlyOurHosts(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.hosts.allows(r.Host) {
			next.ServeHTTP(w, r)
			return
		}
		s.hosts.mu.Lock()
		_, warn := s.hosts.logged.Take(ratelimit.Limit{Burst: 5, Every: time.Minute}, s.now())
		s.hosts.mu.Unlock()
		if warn {
			s.log.Warn("refused a request for a host name this server does not serve (see -public-url, -allowed-hosts)",
				"host", truncate(r.Host, 100), "addr", clientAddr(r))
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusMisdirectedRequest)
		io.WriteString(w, "421 Misdirected Request: this server does not serve that host name.\n")
	})
}

// truncate cuts s to at most n bytes, at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n-- // never cut a character in two
	}
	return s[:n]
}

// publicOrigin is the origin of -public-url ("" when unset), which a page
// of this server has even when a proxy in front ends TLS.
func (c Config) publicOrigin() string {
	u, err := url.Parse(c.PublicURL)
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// checkPublicURL says what is wrong with a -public-url value.
func checkPublicURL(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Errorf("%q is not a URL", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("%q must start with https:// (or http://)", s)
	case u.Host == "" || u.User != nil:
		return fmt.Errorf("%q must name a host, without a user", s)
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "":
		return fmt.Errorf("%q must be the site's root: WebTool is not served under a path", s)
	case !validHost(u.Host):
		return fmt.Errorf("%q does not name a valid host", s)
	}
	return nil
}

// splitHosts splits a comma-separated list, dropping blanks.
func splitHosts(s string) []string {
	var out []string
	for _, h := range strings.Split(s, ",") {
		if h = strings.TrimSpace(h); h != "" {
			out = append(out, h)
		}
	}
	return out
}

// validHost reports whether s is a host name or IP address, with or
// without a port.
func validHost(s string) bool {
	name := s
	if h, port, err := net.SplitHostPort(s); err == nil {
		if _, err := strconv.ParseUint(port, 10, 16); err != nil {
			return false
		}
		name = h
	}
	name = strings.TrimSuffix(strings.TrimPrefix(name, "["), "]")
	if _, err := netip.ParseAddr(name); err == nil {
		return true
	}
	if name == "" || len(name) > 253 {
		return false
	}
	for _, label := range strings.Split(strings.TrimSuffix(name, "."), ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// unspecifiedHost reports whether an -addr host listens on every interface,
// so that the names users type cannot be known from it.
func unspecifiedHost(host string) bool {
	ip, err := netip.ParseAddr(host)
	return host == "" || err == nil && ip.IsUnspecified()
}
