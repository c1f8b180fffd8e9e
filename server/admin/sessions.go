package admin

import (
	"fmt"
	"regexp"
	"strings"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/store"
)

// Sessions lists the live sessions of req.Login ("" one's own; another's
// needs RightAdminUsers); current is the asking session's ID (its storage
// ID, auth.Session.ID, or its PublicID).
func (s *Service) Sessions(p access.Principal, current string, req api.SessionsRequest) (api.Sessions, error) {
	login, err := whose(p, req.Login)
	if err != nil {
		return api.Sessions{}, err
	}
	var out api.Sessions
	err = s.d.DB.View(func(tx *store.Tx) error {
		if _, err := mustUser(tx, login); err != nil {
			return err
		}
		out, err = s.sessionsTx(tx, login, current)
		return err
	})
	if err != nil {
		return api.Sessions{}, fmt.Errorf("list the sessions of %q: %w", login, err)
	}
	return out, nil
}

// whose is the login a sessions request is about; another's needs
// RightAdminUsers.
func whose(p access.Principal, login string) (string, error) {
	login = auth.NormalizeLogin(login)
	if login == "" || login == p.Login {
		return p.Login, nil
	}
	return login, need(p, api.RightAdminUsers)
}

func (s *Service) sessionsTx(tx *store.Tx, login, current string) (api.Sessions, error) {
	live, err := s.d.Auth.LiveSessions(tx, login)
	if err != nil {
		return api.Sessions{}, err
	}
	out := api.Sessions{Login: login, Sessions: make([]api.SessionInfo, 0, len(live))}
	for _, sess := range live {
		out.Sessions = append(out.Sessions, api.SessionInfo{ID: auth.PublicID(sess.ID), Login: sess.Login,
			Browser: Browser(sess.Agent), Addr: sess.Addr, SignedIn: sess.CreatedAt, LastSeen: sess.LastSeen,
			Current: current != "" && (sess.ID == current || auth.PublicID(sess.ID) == current)})
	}
	return out, nil
}

// EndSessions ends sessions (see api.SessionEnd). One's own end as a
// sign-out (api.EndLogout), another user's as revoked.
func (s *Service) EndSessions(p access.Principal, current, addr string, req api.SessionEnd) (api.Sessions, Effect, error) {
	login, err := whose(p, req.Login)
	if err != nil {
		return api.Sessions{}, Effect{}, err
	}
	if req.ID == "" && !req.Others {
		return api.Sessions{}, Effect{}, api.Errorf(api.CodeBadRequest, "name a session, or ask for all the others")
	}
	own := login == p.Login
	eff := Effect{Reason: api.EndRevoked}
	if own {
		eff.Reason = api.EndLogout
	}
	var out api.Sessions
	err = s.d.DB.Update(func(tx *store.Tx) error {
		if _, err := mustUser(tx, login); err != nil {
			return err
		}
		// auth audits each ended session (session.end by p).
		if req.ID != "" {
			id, ok, err := s.d.Auth.EndSessionTx(tx, login, req.ID, eff.Reason, p.Login, addr)
			if err != nil {
				return err
			}
			if !ok {
				return api.Errorf(api.CodeNotFound, "no such live session")
			}
			eff.Ended = append(eff.Ended, id)
		}
		if req.Others {
			keep := ""
			if own {
				keep = current
			}
			ended, err := s.d.Auth.EndSessions(tx, login, eff.Reason, keep, p.Login, addr)
			if err != nil {
				return err
			}
			eff.Ended = append(eff.Ended, ended...)
		}
		out, err = s.sessionsTx(tx, login, current)
		return err
	})
	if err != nil {
		return api.Sessions{}, Effect{}, fmt.Errorf("end the sessions of %q: %w", login, err)
	}
	return out, eff, nil
}

// browsers name a browser by the token of its User-Agent, most specific
// first (Edge and Opera say Chrome too, Chrome says Safari).
var browsers = []struct {
	name string
	re   *regexp.Regexp
}{
	{"Edge", regexp.MustCompile(`\bEdg(?:e|A|iOS)?/(\d+)`)},
	{"Opera", regexp.MustCompile(`\bOPR/(\d+)`)},
	{"Yandex", regexp.MustCompile(`\bYaBrowser/(\d+)`)},
	{"Samsung Internet", regexp.MustCompile(`\bSamsungBrowser/(\d+)`)},
	{"Firefox", regexp.MustCompile(`\b(?:Firefox|FxiOS)/(\d+)`)},
	{"Headless Chrome", regexp.MustCompile(`\bHeadlessChrome/(\d+)`)},
	{"Chrome", regexp.MustCompile(`\b(?:Chrome|CriOS)/(\d+)`)},
	{"Safari", regexp.MustCompile(`\bVersion/(\d+)(?:\.\d+)*.*\bSafari/`)},
}

// systems name an operating system, most specific first (Android says
// Linux, an iPad says Mac OS X).
var systems = []struct{ name, token string }{
	{"Android", "Android"}, {"iOS", "iPhone"}, {"iOS", "iPad"}, {"iOS", "iPod"},
	{"Windows", "Windows"}, {"ChromeOS", "CrOS"}, {"macOS", "Macintosh"}, {"macOS", "Mac OS X"}, {"Linux", "Linux"},
}

// Browser is a short readable form of a User-Agent: "Chrome 131 · Linux",
// "Firefox 133 · Windows", "Safari 17 · iOS"; what it cannot read is shown
// as its first 40 characters.
func Browser(agent string) string {
	var name string
	for _, b := range browsers {
		if m := b.re.FindStringSubmatch(agent); m != nil {
			name = b.name + " " + m[1]
			break
		}
	}
	var system string
	for _, o := range systems {
		if strings.Contains(agent, o.token) {
			system = o.name
			break
		}
	}
	switch {
	case name != "" && system != "":
		return name + " · " + system
	case name != "":
		return name
	}
	if r := []rune(strings.TrimSpace(agent)); len(r) > 40 {
		return string(r[:40])
	}
	return strings.TrimSpace(agent)
}
