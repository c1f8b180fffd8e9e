// Package admin is the administration of WebTool: users (create without a
// password, edit, deactivate, unlock, sign out, reset by link), roles and
// rights as data, effective rights, and sessions. Every operation is one
// transaction that audits its change with before and after values; what
// the server must do after the commit (close sockets, tell clients their
// rights changed) comes back as an Effect.
package admin

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/mail"
	"webtool/server/store"
)

// Distributors resolves the sync points a user may be given.
type Distributors interface {
	// Ref is the distributor with id (title and code), false when there is
	// no live distributor with that id.
	Ref(id string) (api.Ref, bool)
}

// Deps is what a Service works with.
type Deps struct {
	DB   store.Store
	Auth *auth.Service
	Book *access.Book
	// Mail delivers set-password links; nil: no mail server, the link is
	// shown to the administrator once.
	Mail         mail.Sender
	Distributors Distributors
	// Catalogs lists the catalogs a role grants levels in.
	Catalogs func() []api.RoleCatalog
	// LinkURL is the address of a set-password link with token (the
	// public URL + api.PagePasswordSet + "?token=…").
	LinkURL func(token string) string
	Now     func() time.Time
}

// Effect is what the server does once an operation has committed.
type Effect struct {
	// Ended are the IDs of sessions that ended: their sockets close.
	Ended []string
	// Reason is why they ended.
	Reason api.EndReason
	// Rights are the logins whose rights changed: their sockets hear
	// api.TypeRightsChanged (and the server re-reads their user).
	Rights []string
}

// Service is the administration. It is safe for concurrent use.
type Service struct {
	d Deps
}

// New returns a Service. A nil Now is time.Now; a nil LinkURL gives
// links relative to the server's root.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.LinkURL == nil {
		d.LinkURL = func(token string) string { return api.PagePasswordSet + "?token=" + url.QueryEscape(token) }
	}
	if d.Catalogs == nil {
		d.Catalogs = func() []api.RoleCatalog { return nil }
	}
	return &Service{d: d}
}

// need refuses p unless it holds one of rights.
func need(p access.Principal, rights ...string) error {
	if slices.ContainsFunc(rights, p.Has) {
		return nil
	}
	return api.Errorf(api.CodeForbidden, "this needs the right %s", strings.Join(rights, " or "))
}

// fieldErrors collects every field fault of one save, so they are
// reported at once.
type fieldErrors struct {
	fields map[string]api.Code
	args   map[string]string
}

func (f *fieldErrors) fail(field string, code api.Code) {
	if f.fields == nil {
		f.fields = map[string]api.Code{}
	}
	if _, ok := f.fields[field]; !ok {
		f.fields[field] = code
	}
}

func (f *fieldErrors) arg(field, v string) {
	if f.args == nil {
		f.args = map[string]string{}
	}
	f.args[field] = v
}

// err is the validation error, or nil when no field failed.
func (f *fieldErrors) err(what string) error {
	if len(f.fields) == 0 {
		return nil
	}
	return &api.Error{Code: api.CodeValidation, Message: what + " has errors", Fields: f.fields, Args: f.args}
}

// conflict refuses a stale edit of target, naming the last change of it
// the audit trail knows (who and when), as the catalog's cards do.
func conflict(tx *store.Tx, target, prefix, msg string) error {
	e := &api.Error{Code: api.CodeConflict, Message: msg}
	recent, err := tx.AuditFor(target, 20)
	if err != nil {
		return err
	}
	for _, r := range recent {
		if strings.HasPrefix(r.Action, prefix) {
			e.Args = map[string]string{"by": r.Actor, "at": r.At.UTC().Format(time.RFC3339)}
			break
		}
	}
	return e
}

// changes describes a change for the audit trail as
// "field: before → after; …", never with a secret in it.
type changes []string

func (c *changes) add(field, before, after string) {
	if before == after {
		return
	}
	*c = append(*c, field+": "+shown(before)+" → "+shown(after))
}

func (c changes) String() string {
	s := strings.Join(c, "; ")
	if r := []rune(s); len(r) > 2000 {
		s = string(r[:2000]) + "…"
	}
	return s
}

func shown(v string) string {
	if v == "" {
		return "—"
	}
	return v
}
