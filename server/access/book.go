package access

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"webtool/server/api"
	"webtool/server/store"
)

// Roles as data. The built-in roles (Builtin) live in code and cannot be
// changed or deleted, only copied; the roles administrators make are
// stored (store.Roles). A Book holds the current set in memory for the
// principals of every request; it is changed only after the transaction
// that wrote a role commits (Set, Forget).

// ParseLevel reads an api.Level* name.
func ParseLevel(s string) (Level, bool) {
	i := slices.Index(api.Levels, s)
	return Level(max(i, 0)), i >= 0
}

// String is the api.Level* name of l.
func (l Level) String() string {
	if l < 0 || int(l) >= len(api.Levels) {
		return fmt.Sprintf("level(%d)", int(l))
	}
	return api.Levels[l]
}

// Groups of rights on the role editor.
const (
	GroupData     = "data"
	GroupSettings = "settings"
	GroupLoaders  = "loaders"
	GroupReports  = "reports"
	GroupAdmin    = "admin"
)

// fixedRights are the special rights that do not depend on which loaders
// and reports exist. Their tiers are the vendor rules' importance: users
// and roles are "high" (the customer's own administrator only), shared
// views are catalog settings ("medium").
var fixedRights = []api.RightInfo{
	{Key: api.RightExport, Label: api.LocalText{RU: "Выгрузка списков в файлы", EN: "Export lists to files"}, Tier: api.TierNormal, Group: GroupData},
	{Key: api.RightPinGenerate, Label: api.LocalText{RU: "Выдача PIN-кодов пользователям МП", EN: "Issue MM users' PIN codes"}, Tier: api.TierNormal, Group: GroupData},
	{Key: api.RightPinReveal, Label: api.LocalText{RU: "Просмотр выданных PIN-кодов", EN: "Reveal issued PIN codes"}, Tier: api.TierNormal, Group: GroupData},
	{Key: api.RightViewsShare, Label: api.LocalText{RU: "Общие представления для ролей", EN: "Share views with roles"}, Tier: api.TierMedium, Group: GroupSettings},
	{Key: api.RightAuditView, Label: api.LocalText{RU: "Просмотр журнала аудита", EN: "View the audit log"}, Tier: api.TierNormal, Group: GroupAdmin},
	{Key: api.RightAdminUsers, Label: api.LocalText{RU: "Администрирование пользователей", EN: "Administer users"}, Tier: api.TierHigh, Group: GroupAdmin},
	{Key: api.RightAdminRoles, Label: api.LocalText{RU: "Администрирование ролей и прав", EN: "Administer roles and rights"}, Tier: api.TierHigh, Group: GroupAdmin},
}

// RightInfos are the special rights the server knows: the fixed ones plus
// one per loader and report (named by key and label). A loader's or
// report's Key may be given bare ("sales") or with its prefix
// ("loader.sales"); its tier is normal and its group loaders or reports.
func RightInfos(loaders, reports []api.RightInfo) []api.RightInfo {
	out := slices.Clone(fixedRights)
	add := func(list []api.RightInfo, prefix, group string) {
		for _, r := range list {
			if !strings.HasPrefix(r.Key, prefix) {
				r.Key = prefix + r.Key
			}
			r.Tier, r.Group = api.TierNormal, group
			out = append(out, r)
		}
	}
	add(loaders, api.RightLoaderPrefix, GroupLoaders)
	add(reports, api.RightReportPrefix, GroupReports)
	return out
}

// TierOf is the tier of a right key (api.TierNormal for an unknown one).
func TierOf(right string) string {
	for _, r := range fixedRights {
		if r.Key == right {
			return r.Tier
		}
	}
	return api.TierNormal
}

func rightKeys(infos []api.RightInfo) []string {
	out := make([]string, len(infos))
	for i, r := range infos {
		out[i] = r.Key
	}
	return out
}

// Book is the current set of roles. It is safe for concurrent use.
type Book struct {
	rights []api.RightInfo
	known  []string // keys of rights
	// builtin are the built-in roles with the rights their rules grant
	// among known, made once: never changed, never handed out.
	builtin map[string]Role

	mu     sync.RWMutex
	stored map[string]Role
}

// OpenBook loads the stored roles of db (creating the bucket), beside the
// built-in ones. rights are every right a role may hold (RightInfos).
func OpenBook(db store.Store, rights []api.RightInfo) (*Book, error) {
	if err := db.EnsureBuckets(store.Roles); err != nil {
		return nil, fmt.Errorf("open roles: %w", err)
	}
	b := &Book{rights: slices.Clone(rights), known: rightKeys(rights)}
	b.builtin = builtinWith(b.known)
	var loaded *Book
	err := db.View(func(tx *store.Tx) (err error) {
		loaded, err = b.Load(tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open roles: %w", err)
	}
	return loaded, nil
}

// Load returns a new Book with b's rights and the roles stored as tx sees
// them: inside a transaction that changes roles, the book as it will be
// once tx commits (to judge a change before it is made). Rights the book
// does not know are dropped from the roles (a loader that is gone); a
// stored role with a built-in key is ignored (code wins).
func (b *Book) Load(tx *store.Tx) (*Book, error) {
	out := &Book{rights: b.rights, known: b.known, builtin: b.builtin, stored: map[string]Role{}}
	err := tx.ForEach(store.Roles, func(key string, raw []byte) error {
		var s storedRole
		if err := store.Decode(raw, &s); err != nil {
			return fmt.Errorf("decode role %q: %w", key, err)
		}
		if IsBuiltin(key) {
			return nil
		}
		r := s.role()
		r.Key = key
		out.stored[key] = out.keepKnown(r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load roles: %w", err)
	}
	return out, nil
}

// keepKnown drops from r the rights b does not know.
func (b *Book) keepKnown(r Role) Role {
	r.Rights = slices.DeleteFunc(slices.Clone(r.Rights), func(k string) bool { return !slices.Contains(b.known, k) })
	return r
}

// Principal is login acting with the roles (keys; unknown ones grant
// nothing) and sync points, as the book has them now.
func (b *Book) Principal(login string, roles, syncPoints []string) Principal {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return newPrincipal(login, roles, syncPoints, b.find)
}

// find finds a role, shared with the book (a Principal only reads it);
// b.mu is held.
func (b *Book) find(key string) (Role, bool) {
	if r, ok := b.builtin[key]; ok {
		return r, true
	}
	r, ok := b.stored[key]
	return r, ok
}

// lookup finds a role and copies it; b.mu is held.
func (b *Book) lookup(key string) (Role, bool) {
	r, ok := b.find(key)
	return r.clone(), ok
}

// builtinWith is Builtin with each role's rights completed over known.
func builtinWith(known []string) map[string]Role {
	out := make(map[string]Role, len(Builtin))
	for k, r := range Builtin {
		out[k] = r.withRights(known)
	}
	return out
}

// Role returns the role with key.
func (b *Book) Role(key string) (Role, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.lookup(key)
}

// Exists reports whether the book has a role with key (for
// views.Service.UseRoles).
func (b *Book) Exists(key string) bool {
	b.mu.RLock()
	defer b.mu.RUnlock()
	_, ok := b.find(key)
	return ok
}

// Roles lists every role: built-in first, then by key.
func (b *Book) Roles() []Role {
	b.mu.RLock()
	defer b.mu.RUnlock()
	out := make([]Role, 0, len(builtinOrder)+len(b.stored))
	for _, k := range builtinOrder {
		r, _ := b.lookup(k)
		out = append(out, r)
	}
	keys := make([]string, 0, len(b.stored))
	for k := range b.stored {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		r, _ := b.lookup(k)
		out = append(out, r)
	}
	return out
}

// Rights lists the rights a role may hold.
func (b *Book) Rights() []api.RightInfo { return slices.Clone(b.rights) }

// Knows reports whether right is one a role may hold.
func (b *Book) Knows(right string) bool { return slices.Contains(b.known, right) }

// Set puts r in the book (after the transaction that stored it commits).
// A built-in key is ignored, and so is a version older than the one held
// (two saves whose commits and Sets crossed).
func (b *Book) Set(r Role) {
	if IsBuiltin(r.Key) {
		return
	}
	r = b.keepKnown(r.clone())
	r.BuiltIn, r.rule = false, nil
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stored == nil {
		b.stored = map[string]Role{}
	}
	if old, ok := b.stored[r.Key]; ok && old.Version > r.Version {
		return
	}
	b.stored[r.Key] = r
}

// Forget removes the role with key (after its deletion commits).
func (b *Book) Forget(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.stored, key)
}

// storedRole is a role as store.Roles keeps it: levels by name, so the
// file reads plainly and a level added between two old ones cannot shift
// the stored meaning.
type storedRole struct {
	Key           string            `json:"key"`
	Label         api.LocalText     `json:"label"`
	Default       string            `json:"default"`
	Catalogs      map[string]string `json:"catalogs,omitempty"`
	Rights        []string          `json:"rights,omitempty"`
	AllSyncPoints bool              `json:"allSyncPoints,omitempty"`
	Version       uint64            `json:"version"`
}

func toStored(r Role) storedRole {
	s := storedRole{Key: r.Key, Label: r.Label, Default: r.Default.String(), Rights: r.Rights,
		AllSyncPoints: r.AllSyncPoints, Version: r.Version}
	if len(r.Catalogs) > 0 {
		s.Catalogs = make(map[string]string, len(r.Catalogs))
		for k, l := range r.Catalogs {
			s.Catalogs[k] = l.String()
		}
	}
	return s
}

// role reads s back; a level this program does not know grants nothing.
func (s storedRole) role() Role {
	r := Role{Key: s.Key, Label: s.Label, Rights: slices.Clone(s.Rights), AllSyncPoints: s.AllSyncPoints, Version: s.Version}
	r.Default, _ = ParseLevel(s.Default)
	if len(s.Catalogs) > 0 {
		r.Catalogs = make(map[string]Level, len(s.Catalogs))
		for k, name := range s.Catalogs {
			r.Catalogs[k], _ = ParseLevel(name)
		}
	}
	slices.Sort(r.Rights)
	r.Rights = slices.Compact(r.Rights)
	return r
}

// GetRole reads a stored role.
func GetRole(tx *store.Tx, key string) (Role, bool, error) {
	var s storedRole
	ok, err := tx.Get(store.Roles, key, &s)
	if err != nil || !ok {
		return Role{}, false, err
	}
	return s.role(), true, nil
}

// PutRole stores r (Version + 1) and returns it as stored.
func PutRole(tx *store.Tx, r Role) (Role, error) {
	if IsBuiltin(r.Key) {
		return Role{}, fmt.Errorf("put role %q: built-in roles are not stored", r.Key)
	}
	old, _, err := GetRole(tx, r.Key)
	if err != nil {
		return Role{}, fmt.Errorf("put role %q: %w", r.Key, err)
	}
	r = r.clone()
	r.BuiltIn, r.rule = false, nil
	r.Version = old.Version + 1
	slices.Sort(r.Rights)
	r.Rights = slices.Compact(r.Rights)
	if err := tx.Put(store.Roles, r.Key, toStored(r)); err != nil {
		return Role{}, fmt.Errorf("put role %q: %w", r.Key, err)
	}
	return r, nil
}

// DeleteRole removes a stored role.
func DeleteRole(tx *store.Tx, key string) error {
	if err := tx.Delete(store.Roles, key); err != nil {
		return fmt.Errorf("delete role %q: %w", key, err)
	}
	return nil
}
