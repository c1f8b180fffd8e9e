// Package access decides what a signed-in user may do: a right level per
// catalog from the user's roles, and the sync points (distributors) whose
// rows the user may see. The server is the only place these are enforced.
package access

import (
	"slices"

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

// Role is a named set of levels.
type Role struct {
	Key   string
	Label api.LocalText
	// Default applies to catalogs not in Catalogs.
	Default  Level
	Catalogs map[string]Level
	// AllSyncPoints lifts the row scope: the role sees every distributor.
	AllSyncPoints bool
}

// Roles are the built-in roles.
var Roles = map[string]Role{
	"admin": {Key: "admin", Label: api.LocalText{RU: "Администратор", EN: "Administrator"},
		Default: Delete, AllSyncPoints: true},
	"key_user": {Key: "key_user", Label: api.LocalText{RU: "Ключевой пользователь", EN: "Key user"},
		Default: Delete,
		Catalogs: map[string]Level{
			// Global catalogs change only through loaders.
			"outlets": Read, "products": Read, "distributors": Read,
			// Local products are edited here only to fix a mapping; the
			// next exchange with the distributor's system overwrites them.
			"local_products": Edit,
		}},
	"viewer": {Key: "viewer", Label: api.LocalText{RU: "Только просмотр", EN: "Read only"}, Default: Read},
}

// Principal is a user as the services see one: a login, a level per
// catalog and a row scope.
type Principal struct {
	Login string
	roles []Role
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

// NewPrincipal combines the user's roles (unknown role keys grant nothing)
// and sync points.
func NewPrincipal(login string, roles []string, syncPoints []string) Principal {
	p := Principal{Login: login}
	for _, k := range roles {
		if r, ok := Roles[k]; ok {
			p.roles = append(p.roles, r)
			p.all = p.all || r.AllSyncPoints
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
		l, ok := r.Catalogs[catalog]
		if !ok {
			l = r.Default
		}
		best = max(best, l)
	}
	return best
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
