package state

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"webtool/server/api"
)

// Administration's client logic: how the users list words a user's
// status and scope, the user card's form and its checks, and the role
// editor's matrix. The server decides every rule; these checks only save
// a round trip for what is certainly wrong (a required field left empty),
// and the screens always show what the server answers.

// UserLocked is the status the users list shows while failed sign-ins
// lock a login (api.AdminUser.LockedUntil is in the future); the server's
// own statuses are api.UserActive and api.UserDeactivated.
const UserLocked = "locked"

// UserStatus is u's status as the list shows it at now: deactivated wins
// over locked, which wins over active.
func UserStatus(u api.AdminUser, now time.Time) string {
	switch {
	case u.Status == api.UserDeactivated:
		return api.UserDeactivated
	case Locked(u, now):
		return UserLocked
	}
	return api.UserActive
}

// Locked reports whether u's login is locked at now.
func Locked(u api.AdminUser, now time.Time) bool {
	return u.LockedUntil != nil && u.LockedUntil.After(now)
}

// FormatMoment shows t as FormatDateTime does ("01.12.2026 23:44" in
// Russian, "01 Dec 2026, 23:44" in English), "" for the zero time.
func FormatMoment(t time.Time, lang string, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return FormatDateTime(t.UTC().Format(time.RFC3339), lang, loc)
}

// RoleByKey is the role with key among roles.
func RoleByKey(roles []api.Role, key string) (api.Role, bool) {
	for _, r := range roles {
		if r.Key == key {
			return r, true
		}
	}
	return api.Role{}, false
}

// RoleLabel is the name of the role key in lang; the key itself for a role
// the list does not have (deleted meanwhile, or the roles not loaded yet).
func RoleLabel(roles []api.Role, key, lang string) string {
	if r, ok := RoleByKey(roles, key); ok {
		if s := r.Label.In(lang); s != "" {
			return s
		}
	}
	return key
}

// ScopeLifted lists, of the role keys held, those whose holders see every
// distributor (api.Role.AllSyncPoints): when it is not empty the user's
// own sync points do not narrow anything.
func ScopeLifted(roles []api.Role, held []string) []string {
	var out []string
	for _, k := range held {
		if r, ok := RoleByKey(roles, k); ok && r.AllSyncPoints {
			out = append(out, k)
		}
	}
	return out
}

// ---- the user card's form

// MaxLoginLen bounds a login typed on the user card (the server has the
// last word).
const MaxLoginLen = 64

// UserForm is the user card's form: the user as read (Orig) and the draft
// being edited, with the faults the client or the server found in it, by
// field ("login", "name", "email", "phone", "roles", "syncPoints").
type UserForm struct {
	New   bool
	Orig  api.AdminUser
	Draft api.AdminUser
	// Errors are the faults by field; Args what the server named with
	// them (the user that already has a login).
	Errors map[string]api.Code
	Args   map[string]string
}

// NewUserForm is the form of a user not saved yet: active, no roles.
func NewUserForm() UserForm {
	u := api.AdminUser{Status: api.UserActive, Roles: []string{}}
	return UserForm{New: true, Orig: u, Draft: cloneUser(u)}
}

// EditUserForm is the form of the existing user u.
func EditUserForm(u api.AdminUser) UserForm {
	return UserForm{Orig: cloneUser(u), Draft: cloneUser(u)}
}

func cloneUser(u api.AdminUser) api.AdminUser {
	u.Roles = slices.Clone(u.Roles)
	if u.Roles == nil {
		u.Roles = []string{}
	}
	u.SyncPoints = slices.Clone(u.SyncPoints)
	return u
}

// Set changes a text field of the draft (login, name, email, phone) and
// forgets the fault found in it: the user is fixing it.
func (f *UserForm) Set(field, value string) {
	switch field {
	case "login":
		if !f.New {
			return // fixed once created
		}
		f.Draft.Login = value
	case "name":
		f.Draft.Name = value
	case "email":
		f.Draft.Email = value
	case "phone":
		f.Draft.Phone = value
	default:
		return
	}
	delete(f.Errors, field)
}

// SetRole gives (on) or takes the role key. The roles keep the order of
// order (the roles list), so the draft compares equal to the user read
// whatever order the boxes were ticked in.
func (f *UserForm) SetRole(key string, on bool, order []api.Role) {
	has := slices.Contains(f.Draft.Roles, key)
	switch {
	case on && !has:
		f.Draft.Roles = append(f.Draft.Roles, key)
	case !on && has:
		f.Draft.Roles = slices.DeleteFunc(f.Draft.Roles, func(k string) bool { return k == key })
	}
	rank := func(k string) int {
		for i, r := range order {
			if r.Key == k {
				return i
			}
		}
		return len(order)
	}
	slices.SortStableFunc(f.Draft.Roles, func(a, b string) int { return rank(a) - rank(b) })
	delete(f.Errors, "roles")
}

// AddSyncPoint binds the user to the distributor r; false when the user
// already has it (or r names nothing).
func (f *UserForm) AddSyncPoint(r api.Ref) bool {
	if r.ID == "" || slices.ContainsFunc(f.Draft.SyncPoints, func(x api.Ref) bool { return x.ID == r.ID }) {
		return false
	}
	f.Draft.SyncPoints = append(f.Draft.SyncPoints, r)
	delete(f.Errors, "syncPoints")
	return true
}

// RemoveSyncPoint unbinds the user from the distributor id.
func (f *UserForm) RemoveSyncPoint(id string) {
	f.Draft.SyncPoints = slices.DeleteFunc(f.Draft.SyncPoints, func(x api.Ref) bool { return x.ID == id })
	delete(f.Errors, "syncPoints")
}

// Dirty reports whether the draft differs from the user as read.
func (f *UserForm) Dirty() bool {
	a, b := f.Orig, f.Draft
	if f.New && strings.TrimSpace(b.Login) != "" {
		return true
	}
	return strings.TrimSpace(a.Name) != strings.TrimSpace(b.Name) ||
		strings.TrimSpace(a.Email) != strings.TrimSpace(b.Email) ||
		strings.TrimSpace(a.Phone) != strings.TrimSpace(b.Phone) ||
		!sameSet(a.Roles, b.Roles) ||
		!slices.EqualFunc(a.SyncPoints, b.SyncPoints, func(x, y api.Ref) bool { return x.ID == y.ID })
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, k := range a {
		if !slices.Contains(b, k) {
			return false
		}
	}
	return true
}

// LoginChar reports whether r may be in a login: Latin letters, digits
// and . _ - @ (the hint under the field says so).
func LoginChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-@", r)
}

// Check finds what is certainly wrong with the draft: a new user's login
// empty, too long or with other characters, the name empty, no role. The
// server checks all of it again, and more (a login taken, an e-mail not
// well formed).
func (f *UserForm) Check() map[string]api.Code {
	errs := map[string]api.Code{}
	if f.New {
		login := strings.TrimSpace(f.Draft.Login)
		switch {
		case login == "":
			errs["login"] = api.FieldRequired
		case utf8.RuneCountInString(login) > MaxLoginLen:
			errs["login"] = api.FieldTooLong
		case strings.IndexFunc(login, func(r rune) bool { return !LoginChar(r) }) >= 0:
			errs["login"] = api.FieldBadValue
		}
	}
	if strings.TrimSpace(f.Draft.Name) == "" {
		errs["name"] = api.FieldRequired
	}
	if len(f.Draft.Roles) == 0 {
		errs["roles"] = api.FieldRequired
	}
	return errs
}

// Request is the save of the draft: based on the version read, its texts
// trimmed.
func (f *UserForm) Request() api.UserSave {
	u := cloneUser(f.Draft)
	u.Login = strings.TrimSpace(u.Login)
	u.Name = strings.TrimSpace(u.Name)
	u.Email = strings.TrimSpace(u.Email)
	u.Phone = strings.TrimSpace(u.Phone)
	return api.UserSave{User: u, New: f.New, Based: f.Orig.Version}
}

// Refused takes the faults of a refused save: the server's, which replace
// whatever the client thought.
func (f *UserForm) Refused(e *api.Error) {
	f.Errors = maps.Clone(e.Fields)
	f.Args = maps.Clone(e.Args)
}

// UserFields is the order of the user card's fields, which is the order
// the card takes the user through its errors.
var UserFields = []string{"login", "name", "email", "phone", "roles", "syncPoints"}

// FirstError is the first field (in card order) with a fault, "" if none;
// a field the card does not know comes last.
func FirstError(errs map[string]api.Code, order []string) string {
	for _, k := range order {
		if _, bad := errs[k]; bad {
			return k
		}
	}
	keys := slices.Sorted(maps.Keys(errs))
	if len(keys) > 0 {
		return keys[0]
	}
	return ""
}

// ---- roles and the rights matrix

// LevelRank is the place of a level in api.Levels (none 0 … delete 4);
// an unknown level ranks as none.
func LevelRank(level string) int {
	if i := slices.Index(api.Levels, level); i >= 0 {
		return i
	}
	return 0
}

// LevelAllowed reports whether a role can give level in a catalog whose
// highest level is max ("" means any).
func LevelAllowed(level, max string) bool {
	return max == "" || LevelRank(level) <= LevelRank(max)
}

// ClampLevel is level, or max when level is above it: what a role with
// level really gives in a catalog that goes no higher than max.
func ClampLevel(level, max string) string {
	if !LevelAllowed(level, max) {
		return max
	}
	if level == "" {
		return api.LevelNone
	}
	return level
}

// RoleKeyOK reports whether key is a valid role key: [a-z0-9_]{2,32}.
func RoleKeyOK(key string) bool {
	if len(key) < 2 || len(key) > 32 {
		return false
	}
	for _, r := range key {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// RoleForm is the role editor's form: the role as read and the draft.
// A catalog without a level of its own in the draft's Catalogs follows
// the Default; the save sends only the levels that differ from it.
type RoleForm struct {
	New    bool
	Orig   api.Role
	Draft  api.Role
	Errors map[string]api.Code
}

// EditRoleForm is the form of the role r as read.
func EditRoleForm(r api.Role) RoleForm {
	return RoleForm{Orig: cloneRole(r), Draft: normalRole(cloneRole(r))}
}

// NewRoleForm is the form of a new role that gives nothing.
func NewRoleForm() RoleForm {
	r := api.Role{Default: api.LevelNone}
	return RoleForm{New: true, Orig: cloneRole(r), Draft: cloneRole(r)}
}

// CopyRoleForm is a new role made from r: every right of r, the key
// "<key>_copy" (with a number when that is taken too: taken reports keys
// in use), the name with " (копия)" / " (copy)".
func CopyRoleForm(r api.Role, taken func(key string) bool) RoleForm {
	c := normalRole(cloneRole(r))
	c.BuiltIn, c.Users, c.Version = false, 0, 0
	c.Key = copyKey(r.Key, taken)
	c.Label = api.LocalText{RU: r.Label.RU + " (копия)", EN: r.Label.EN + " (copy)"}
	if r.Label.EN == "" {
		c.Label.EN = ""
	}
	return RoleForm{New: true, Orig: api.Role{Default: api.LevelNone}, Draft: c}
}

func copyKey(key string, taken func(string) bool) string {
	base := key + "_copy"
	for n := 1; ; n++ {
		k := base
		if n > 1 {
			k += strconv.Itoa(n)
		}
		if len(k) > 32 {
			// Keep the end, which tells the copies apart.
			k = strings.TrimLeft(k[len(k)-32:], "_")
		}
		if taken == nil || !taken(k) || n > 99 {
			return k
		}
	}
}

func cloneRole(r api.Role) api.Role {
	r.Catalogs = maps.Clone(r.Catalogs)
	if r.Catalogs == nil {
		r.Catalogs = map[string]string{}
	}
	r.Rights = slices.Clone(r.Rights)
	if r.Default == "" {
		r.Default = api.LevelNone
	}
	return r
}

// normalRole drops the catalog levels equal to the default.
func normalRole(r api.Role) api.Role {
	maps.DeleteFunc(r.Catalogs, func(_, l string) bool { return l == r.Default })
	return r
}

// Level is what the draft gives in the catalog cat (clamped to its Max).
func (f *RoleForm) Level(cat api.RoleCatalog) string {
	l, ok := f.Draft.Catalogs[cat.Key]
	if !ok {
		l = f.Draft.Default
	}
	return ClampLevel(l, cat.Max)
}

// Overridden reports whether the catalog key has a level of its own, not
// the default's.
func (f *RoleForm) Overridden(key string) bool {
	l, ok := f.Draft.Catalogs[key]
	return ok && l != f.Draft.Default
}

// SetLevel gives level in the catalog cat; the default's level (or, in a
// catalog that goes no higher, its Max when the default is above it)
// makes the row follow the default again.
func (f *RoleForm) SetLevel(cat api.RoleCatalog, level string) {
	if !LevelAllowed(level, cat.Max) {
		return
	}
	if level == ClampLevel(f.Draft.Default, cat.Max) {
		delete(f.Draft.Catalogs, cat.Key)
		return
	}
	f.Draft.Catalogs[cat.Key] = level
}

// ResetLevel makes the catalog key follow the default again.
func (f *RoleForm) ResetLevel(key string) { delete(f.Draft.Catalogs, key) }

// SetDefault changes the level of every catalog without one of its own.
// A catalog's own level that equals the new default shows as the default
// but is kept, so changing the default back restores it.
func (f *RoleForm) SetDefault(level string) {
	if slices.Contains(api.Levels, level) {
		f.Draft.Default = level
	}
}

// HasRight reports whether the draft holds the special right key.
func (f *RoleForm) HasRight(key string) bool { return slices.Contains(f.Draft.Rights, key) }

// SetRight gives (on) or takes the special right key; the rights stay
// sorted, so the draft compares equal however they were ticked.
func (f *RoleForm) SetRight(key string, on bool) {
	has := f.HasRight(key)
	switch {
	case on && !has:
		f.Draft.Rights = append(f.Draft.Rights, key)
		slices.Sort(f.Draft.Rights)
	case !on && has:
		f.Draft.Rights = slices.DeleteFunc(f.Draft.Rights, func(k string) bool { return k == key })
	}
}

// SetText changes the key (new roles only) or a name ("label_ru",
// "label_en") and forgets the fault found in it.
func (f *RoleForm) SetText(field, value string) {
	switch field {
	case "key":
		if !f.New {
			return
		}
		f.Draft.Key = value
	case "label_ru":
		f.Draft.Label.RU = value
	case "label_en":
		f.Draft.Label.EN = value
	default:
		return
	}
	delete(f.Errors, field)
}

// Dirty reports whether the draft differs from the role as read.
func (f *RoleForm) Dirty() bool {
	if f.New {
		return true
	}
	a, b := normalRole(cloneRole(f.Orig)), normalRole(cloneRole(f.Draft))
	return strings.TrimSpace(a.Label.RU) != strings.TrimSpace(b.Label.RU) ||
		strings.TrimSpace(a.Label.EN) != strings.TrimSpace(b.Label.EN) ||
		a.Default != b.Default || a.AllSyncPoints != b.AllSyncPoints ||
		!maps.Equal(a.Catalogs, b.Catalogs) || !sameSet(a.Rights, b.Rights)
}

// Check finds what is certainly wrong with the draft: a new role's key
// empty or not [a-z0-9_]{2,32}, the Russian name empty.
func (f *RoleForm) Check() map[string]api.Code {
	errs := map[string]api.Code{}
	if f.New {
		switch key := strings.TrimSpace(f.Draft.Key); {
		case key == "":
			errs["key"] = api.FieldRequired
		case !RoleKeyOK(key):
			errs["key"] = api.FieldBadValue
		}
	}
	if strings.TrimSpace(f.Draft.Label.RU) == "" {
		errs["label_ru"] = api.FieldRequired
	}
	return errs
}

// Request is the save of the draft, based on the version read.
func (f *RoleForm) Request() api.RoleSave {
	r := normalRole(cloneRole(f.Draft))
	r.Key = strings.TrimSpace(r.Key)
	r.Label = api.LocalText{RU: strings.TrimSpace(r.Label.RU), EN: strings.TrimSpace(r.Label.EN)}
	if len(r.Catalogs) == 0 {
		r.Catalogs = nil
	}
	if len(r.Rights) == 0 {
		r.Rights = nil
	}
	r.Users, r.BuiltIn = 0, false
	return api.RoleSave{Role: r, New: f.New, Based: f.Orig.Version}
}

// RoleFields is the order of the role editor's fields.
var RoleFields = []string{"key", "label_ru", "label_en", "default", "catalogs", "rights"}

// Refused takes the faults of a refused save. A fault in one catalog's
// level ("catalogs.<key>") or right ("rights.<key>") is kept as it came.
func (f *RoleForm) Refused(e *api.Error) { f.Errors = maps.Clone(e.Fields) }

// CatalogGroup is one group of the matrix: the catalogs of a navigation
// group, in the order the server listed them.
type CatalogGroup struct {
	Key      string
	Catalogs []api.RoleCatalog
}

// GroupCatalogs groups cats by Group, groups in the order they first
// appear.
func GroupCatalogs(cats []api.RoleCatalog) []CatalogGroup {
	var out []CatalogGroup
	for _, c := range cats {
		i := slices.IndexFunc(out, func(g CatalogGroup) bool { return g.Key == c.Group })
		if i < 0 {
			out = append(out, CatalogGroup{Key: c.Group})
			i = len(out) - 1
		}
		out[i].Catalogs = append(out[i].Catalogs, c)
	}
	return out
}

// RightGroupOrder is the order of the special rights' groups on the role
// editor; a group the client does not know comes after them.
var RightGroupOrder = []string{"data", "settings", "loaders", "reports", "admin"}

// RightGroup is one group of special rights.
type RightGroup struct {
	Key    string
	Rights []api.RightInfo
}

// GroupRights groups rights by Group in RightGroupOrder, each group's
// rights in the order the server listed them.
func GroupRights(rights []api.RightInfo) []RightGroup {
	var out []RightGroup
	for _, r := range rights {
		i := slices.IndexFunc(out, func(g RightGroup) bool { return g.Key == r.Group })
		if i < 0 {
			out = append(out, RightGroup{Key: r.Group})
			i = len(out) - 1
		}
		out[i].Rights = append(out[i].Rights, r)
	}
	rank := func(k string) int {
		if i := slices.Index(RightGroupOrder, k); i >= 0 {
			return i
		}
		return len(RightGroupOrder)
	}
	slices.SortStableFunc(out, func(a, b RightGroup) int { return rank(a.Key) - rank(b.Key) })
	return out
}

// EffectiveGroups groups a user's effective catalogs like GroupCatalogs.
func EffectiveGroups(cats []api.EffectiveCatalog) [][]api.EffectiveCatalog {
	var keys []string
	var out [][]api.EffectiveCatalog
	for _, c := range cats {
		i := slices.Index(keys, c.Group)
		if i < 0 {
			keys = append(keys, c.Group)
			out = append(out, nil)
			i = len(out) - 1
		}
		out[i] = append(out[i], c)
	}
	return out
}

// EffectiveRightGroups groups a user's effective rights like GroupRights.
func EffectiveRightGroups(rights []api.EffectiveRight) [][]api.EffectiveRight {
	infos := make([]api.RightInfo, len(rights))
	for i, r := range rights {
		infos[i] = r.RightInfo
	}
	var out [][]api.EffectiveRight
	for _, g := range GroupRights(infos) {
		var list []api.EffectiveRight
		for _, info := range g.Rights {
			for _, r := range rights {
				if r.Key == info.Key {
					list = append(list, r)
					break
				}
			}
		}
		out = append(out, list)
	}
	return out
}
