// Package access decides what a signed-in user may do: a right level per
// catalog and a set of special rights from the user's roles, and the sync
// points (distributors) whose rows the user may see. The server is the only
// place these are enforced.
package access

import (
	"slices"
	"strings"
	"sync"

	"webtool/server/api"
)

// Level is what a role allows in one catalog. Each level includes the ones
// below it.
type Level int

const (
	None   Level = iota // the catalog is invisible
	Read                // browse, filter, open cards, export
	Edit                // change existing records
	Create              // and add new ones
	Delete              // and delete and restore them
)

// Rights turns a level into the flags the client shows.
func (l Level) Rights() api.Rights {
	return api.Rights{Read: l >= Read, Edit: l >= Edit, Create: l >= Create, Delete: l >= Delete}
}

// Role is a named set of levels and special rights.
type Role struct {
	Key   string
	Label api.LocalText
	// BuiltIn roles live in code (Builtin): never stored, changed or
	// deleted, only copied.
	BuiltIn bool
	// Default applies to catalogs not in Catalogs.
	Default  Level
	Catalogs map[string]Level
	// Rights are the special rights (api.Right*) the role holds, sorted.
	// For a built-in role from a Book they include what its rule grants
	// among the rights the book knows.
	Rights []string
	// AllSyncPoints lifts the row scope: the role sees every distributor.
	AllSyncPoints bool
	// Version counts the writes of a stored role (PutRole), for stale
	// edits; zero for built-in roles.
	Version uint64

	// rule grants rights by kind rather than by name (a built-in role's
	// "every loader"), so that a right added later is held at once.
	rule func(right string) bool
}

// Holds reports whether r grants the special right: by name, or by the
// rule of a built-in role.
func (r Role) Holds(right string) bool {
	return slices.Contains(r.Rights, right) || (r.rule != nil && r.rule(right))
}

// withRights returns r with Rights completed by its rule over known.
func (r Role) withRights(known []string) Role {
	if r.rule == nil {
		return r
	}
	rights := slices.Clone(r.Rights)
	for _, k := range known {
		if r.rule(k) && !slices.Contains(rights, k) {
			rights = append(rights, k)
		}
	}
	slices.Sort(rights)
	r.Rights = rights
	return r
}

// clone returns r with maps and slices of its own.
func (r Role) clone() Role {
	if r.Catalogs != nil {
		c := make(map[string]Level, len(r.Catalogs))
		for k, v := range r.Catalogs {
			c[k] = v
		}
		r.Catalogs = c
	}
	r.Rights = slices.Clone(r.Rights)
	return r
}

// Keys of the built-in roles.
const (
	RoleAdmin   = "admin"
	RoleKeyUser = "key_user"
	RoleViewer  = "viewer"
)

// builtinOrder is the order built-in roles are listed in.
var builtinOrder = []string{RoleAdmin, RoleKeyUser, RoleViewer}

// Builtin are the built-in roles, by key. Treat it as read only: a Book
// hands out copies.
var Builtin = map[string]Role{
	RoleAdmin: {Key: RoleAdmin, Label: api.LocalText{RU: "Администратор", EN: "Administrator"}, BuiltIn: true,
		Default: Delete, AllSyncPoints: true,
		// Every right, by rule: a loader added later is the admin's at once.
		rule: func(string) bool { return true }},
	RoleKeyUser: {Key: RoleKeyUser, Label: api.LocalText{RU: "Ключевой пользователь", EN: "Key user"}, BuiltIn: true,
		Default: Delete,
		Catalogs: map[string]Level{
			// Global catalogs change only through loaders.
			"outlets": Read, "products": Read, "distributors": Read,
			// Local products are edited here only to fix a mapping; the
			// next exchange with the distributor's system overwrites them.
			"local_products": Edit,
		},
		Rights: []string{api.RightExport, api.RightPinGenerate, api.RightPinReveal},
		rule: func(right string) bool {
			return strings.HasPrefix(right, api.RightLoaderPrefix) || strings.HasPrefix(right, api.RightReportPrefix)
		}},
	RoleViewer: {Key: RoleViewer, Label: api.LocalText{RU: "Только просмотр", EN: "Read only"}, BuiltIn: true,
		Default: Read, Rights: []string{api.RightExport}},
}

// IsBuiltin reports whether key names a built-in role.
func IsBuiltin(key string) bool { _, ok := Builtin[key]; return ok }

// Principal is a user as the services see one: a login, a level per
// catalog, special rights and a row scope.
type Principal struct {
	Login string
	roles []Role
	// rights are the special rights held, among those known when p was
	// made; Has also asks the roles' rules, for rights added later.
	rights map[string]bool
	// syncPoints is nil when the user sees every distributor.
	syncPoints []string
	all        bool
	// conn names the connection (a browser tab) the request came through;
	// empty for work the system does itself.
	conn string
}

// Via returns p acting through connection conn: a change it makes is
// pushed to every other watcher, while that tab updates from its reply.
func (p Principal) Via(conn string) Principal { p.conn = conn; return p }

// Conn is the connection p acts through ("" for none).
func (p Principal) Conn() string { return p.conn }

// NewPrincipal combines the user's BUILT-IN roles (other role keys grant
// nothing) and sync points, with the fixed rights. Runtime code uses
// Book.Principal, which knows the stored roles too; this is for tests,
// the demo and system work.
func NewPrincipal(login string, roles []string, syncPoints []string) Principal {
	fixed := fixedBuiltin()
	return newPrincipal(login, roles, syncPoints, func(key string) (Role, bool) {
		r, ok := fixed[key]
		return r, ok
	})
}

// fixedBuiltin are the built-in roles over the fixed rights, made once.
var fixedBuiltin = sync.OnceValue(func() map[string]Role { return builtinWith(rightKeys(fixedRights)) })

// newPrincipal combines the roles lookup finds.
func newPrincipal(login string, roles, syncPoints []string, lookup func(string) (Role, bool)) Principal {
	p := Principal{Login: login, rights: map[string]bool{}}
	for _, k := range roles {
		r, ok := lookup(k)
		if !ok || slices.ContainsFunc(p.roles, func(h Role) bool { return h.Key == k }) {
			continue
		}
		p.roles = append(p.roles, r)
		p.all = p.all || r.AllSyncPoints
		for _, right := range r.Rights {
			p.rights[right] = true
		}
	}
	if !p.all {
		p.syncPoints = slices.Clone(syncPoints)
		if p.syncPoints == nil {
			p.syncPoints = []string{}
		}
	}
	return p
}

// HasRole reports whether the user has the role with key.
func (p Principal) HasRole(key string) bool {
	for _, r := range p.roles {
		if r.Key == key {
			return true
		}
	}
	return false
}

// Level returns the highest level any of the user's roles grants in catalog.
func (p Principal) Level(catalog string) Level {
	best := None
	for _, r := range p.roles {
		best = max(best, r.Level(catalog))
	}
	return best
}

// Level is the level r grants in catalog.
func (r Role) Level(catalog string) Level {
	if l, ok := r.Catalogs[catalog]; ok {
		return l
	}
	return r.Default
}

// Can reports whether the user has at least level l in catalog.
func (p Principal) Can(catalog string, l Level) bool { return p.Level(catalog) >= l }

// AllSyncPoints reports whether the user sees every distributor's rows.
func (p Principal) AllSyncPoints() bool { return p.all }

// SyncPoints returns the distributors whose rows the user sees; meaningless
// when AllSyncPoints.
func (p Principal) SyncPoints() []string { return p.syncPoints }

// Sees reports whether a row of distributor syncPoint is visible. A row
// with no distributor is visible only to users who see them all.
func (p Principal) Sees(syncPoint string) bool {
	return p.all || (syncPoint != "" && slices.Contains(p.syncPoints, syncPoint))
}

// Has reports whether p holds the special right (api.Right*).
func (p Principal) Has(right string) bool {
	if p.rights[right] {
		return true
	}
	for _, r := range p.roles {
		if r.Holds(right) {
			return true
		}
	}
	return false
}

// Rights lists the special rights p holds, sorted.
func (p Principal) Rights() []string {
	out := make([]string, 0, len(p.rights))
	for k := range p.rights {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// RoleKeys lists the keys of p's known roles.
func (p Principal) RoleKeys() []string {
	out := make([]string, len(p.roles))
	for i, r := range p.roles {
		out[i] = r.Key
	}
	return out
}
