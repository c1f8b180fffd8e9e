package access

import (
	"webtool/server/api"
	"webtool/server/store"
)

// Roles as data. The built-in roles (Builtin) live in code and cannot be
// changed or deleted, only copied; the roles administrators make are
// stored (store.Roles). A Book holds the current set in memory for the
// principals of every request; it is changed only after the transaction
// that wrote a role commits (Set, Forget).

// ParseLevel reads an api.Level* name.
func ParseLevel(s string) (Level, bool) { panic("not built") }

// String is the api.Level* name of l.
func (l Level) String() string { panic("not built") }

// RightInfos are the special rights the server knows: the fixed ones plus
// one per loader and report (named by key and label).
func RightInfos(loaders, reports []api.RightInfo) []api.RightInfo { panic("not built") }

// TierOf is the tier of a right key (api.TierNormal for an unknown one).
func TierOf(right string) string { panic("not built") }

// Book is the current set of roles. It is safe for concurrent use.
type Book struct{}

// OpenBook loads the stored roles of db (creating the bucket), beside the
// built-in ones. rights are every right a role may hold (RightInfos).
func OpenBook(db store.Store, rights []api.RightInfo) (*Book, error) { panic("not built") }

// Principal is login acting with the roles (keys; unknown ones grant
// nothing) and sync points, as the book has them now.
func (b *Book) Principal(login string, roles, syncPoints []string) Principal { panic("not built") }

// Role returns the role with key.
func (b *Book) Role(key string) (Role, bool) { panic("not built") }

// Roles lists every role: built-in first, then by key.
func (b *Book) Roles() []Role { panic("not built") }

// Rights lists the rights a role may hold.
func (b *Book) Rights() []api.RightInfo { panic("not built") }

// Set puts r in the book (after the transaction that stored it commits).
func (b *Book) Set(r Role) { panic("not built") }

// Forget removes the role with key (after its deletion commits).
func (b *Book) Forget(key string) { panic("not built") }

// GetRole reads a stored role.
func GetRole(tx *store.Tx, key string) (Role, bool, error) { panic("not built") }

// PutRole stores r (Version + 1) and returns it as stored.
func PutRole(tx *store.Tx, r Role) (Role, error) { panic("not built") }

// DeleteRole removes a stored role.
func DeleteRole(tx *store.Tx, key string) error { panic("not built") }

// Has reports whether p holds the special right (api.Right*).
func (p Principal) Has(right string) bool { panic("not built") }

// Rights lists the special rights p holds, sorted.
func (p Principal) Rights() []string { panic("not built") }

// RoleKeys lists the keys of p's known roles.
func (p Principal) RoleKeys() []string { panic("not built") }
