package state

import (
	"maps"
	"slices"
	"testing"
	"time"

	"webtool/server/api"
)

var adminRoles = []api.Role{
	{Key: "admin", Label: api.LocalText{RU: "Администратор", EN: "Administrator"}, BuiltIn: true, AllSyncPoints: true},
	{Key: "key_user", Label: api.LocalText{RU: "Ключевой пользователь", EN: "Key user"}, BuiltIn: true},
	{Key: "viewer", Label: api.LocalText{RU: "Наблюдатель", EN: "Viewer"}, BuiltIn: true},
}

func TestUserStatus(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	later, earlier := now.Add(time.Minute), now.Add(-time.Minute)
	tests := []struct {
		name string
		u    api.AdminUser
		want string
	}{
		{"active", api.AdminUser{Status: api.UserActive}, api.UserActive},
		{"lock passed", api.AdminUser{Status: api.UserActive, LockedUntil: &earlier}, api.UserActive},
		{"locked", api.AdminUser{Status: api.UserActive, LockedUntil: &later}, UserLocked},
		{"deactivated wins", api.AdminUser{Status: api.UserDeactivated, LockedUntil: &later}, api.UserDeactivated},
	}
	for _, tt := range tests {
		if got := UserStatus(tt.u, now); got != tt.want {
			t.Errorf("%s: UserStatus = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFormatMoment(t *testing.T) {
	at := time.Date(2026, 12, 1, 23, 44, 0, 0, time.UTC)
	if got, want := FormatMoment(at, "ru", time.UTC), "01.12.2026 23:44"; got != want {
		t.Errorf("ru: %q, want %q", got, want)
	}
	if got, want := FormatMoment(at, "en", time.UTC), "01 Dec 2026, 23:44"; got != want {
		t.Errorf("en: %q, want %q", got, want)
	}
	if got := FormatMoment(time.Time{}, "ru", time.UTC); got != "" {
		t.Errorf("zero: %q", got)
	}
}

func TestRoleLabelAndScope(t *testing.T) {
	if got, want := RoleLabel(adminRoles, "key_user", "en"), "Key user"; got != want {
		t.Errorf("label %q, want %q", got, want)
	}
	if got, want := RoleLabel(adminRoles, "gone", "ru"), "gone"; got != want {
		t.Errorf("unknown role %q, want its key", got)
	}
	if got := ScopeLifted(adminRoles, []string{"viewer", "admin"}); !slices.Equal(got, []string{"admin"}) {
		t.Errorf("lifted by %v, want admin", got)
	}
	if got := ScopeLifted(adminRoles, []string{"viewer"}); got != nil {
		t.Errorf("viewer lifts %v", got)
	}
}

func TestUserFormChecksNew(t *testing.T) {
	f := NewUserForm()
	if got, want := f.Check(), map[string]api.Code{"login": api.FieldRequired, "name": api.FieldRequired, "roles": api.FieldRequired}; !maps.Equal(got, want) {
		t.Errorf("empty form: %v, want %v", got, want)
	}
	if f.Dirty() {
		t.Error("an empty new form is dirty")
	}
	for login, want := range map[string]api.Code{
		"ann.lee@x-y_z": "", "Анна": api.FieldBadValue, "ann lee": api.FieldBadValue, "   ": api.FieldRequired,
	} {
		f.Set("login", login)
		if got := f.Check()["login"]; got != want {
			t.Errorf("login %q: %q, want %q", login, got, want)
		}
	}
	long := ""
	for range MaxLoginLen + 1 {
		long += "a"
	}
	f.Set("login", long)
	if got := f.Check()["login"]; got != api.FieldTooLong {
		t.Errorf("a long login: %q", got)
	}
	f.Set("login", "  ann  ")
	f.Set("name", " Анна Ли ")
	f.SetRole("viewer", true, adminRoles)
	f.SetRole("admin", true, adminRoles)
	if errs := f.Check(); len(errs) != 0 {
		t.Errorf("a complete form: %v", errs)
	}
	if !slices.Equal(f.Draft.Roles, []string{"admin", "viewer"}) {
		t.Errorf("roles %v, want the roles list's order", f.Draft.Roles)
	}
	f.AddSyncPoint(api.Ref{ID: "d1", Label: "ООО Дистрибьютор"})
	if f.AddSyncPoint(api.Ref{ID: "d1"}) || f.AddSyncPoint(api.Ref{}) {
		t.Error("a sync point added twice, or an empty one")
	}
	req := f.Request()
	if !req.New || req.User.Login != "ann" || req.User.Name != "Анна Ли" || len(req.User.SyncPoints) != 1 || req.User.Status != api.UserActive {
		t.Errorf("request %+v", req)
	}
}

func TestUserFormEditing(t *testing.T) {
	u := api.AdminUser{Login: "bob", Name: "Bob", Roles: []string{"viewer"}, SyncPoints: []api.Ref{{ID: "d1"}}, Version: 7}
	f := EditUserForm(u)
	if f.Dirty() {
		t.Error("a form as read is dirty")
	}
	f.Set("login", "other")
	if f.Draft.Login != "bob" {
		t.Error("the login changed after creation")
	}
	f.Errors = map[string]api.Code{"name": api.FieldRequired, "roles": api.FieldRequired}
	f.Set("name", "Bob  ")
	if _, ok := f.Errors["name"]; ok {
		t.Error("typing kept the name's error")
	}
	if f.Dirty() {
		t.Error("trailing spaces made the form dirty")
	}
	f.SetRole("key_user", true, adminRoles)
	f.SetRole("viewer", false, adminRoles)
	if !f.Dirty() {
		t.Error("a role change is not dirty")
	}
	f.SetRole("viewer", true, adminRoles)
	f.SetRole("key_user", false, adminRoles)
	if f.Dirty() {
		t.Error("a role given and taken back is dirty")
	}
	f.RemoveSyncPoint("d1")
	if !f.Dirty() || len(u.SyncPoints) != 1 {
		t.Error("removing a sync point: not dirty, or it touched the user read")
	}
	if req := f.Request(); req.New || req.Based != 7 {
		t.Errorf("request %+v, want based on 7", req)
	}
	f.Refused(&api.Error{Code: api.CodeValidation, Fields: map[string]api.Code{"email": api.FieldBadEmail}, Args: map[string]string{"email": "x"}})
	if got := FirstError(f.Errors, UserFields); got != "email" {
		t.Errorf("first error %q", got)
	}
	if got := FirstError(map[string]api.Code{"zzz": "x", "aaa": "y"}, UserFields); got != "aaa" {
		t.Errorf("unknown fields: first %q", got)
	}
}

func TestLevels(t *testing.T) {
	if !LevelAllowed(api.LevelRead, api.LevelRead) || LevelAllowed(api.LevelEdit, api.LevelRead) || !LevelAllowed(api.LevelDelete, "") {
		t.Error("LevelAllowed")
	}
	if got := ClampLevel(api.LevelDelete, api.LevelRead); got != api.LevelRead {
		t.Errorf("clamp %q", got)
	}
	if got := ClampLevel("", ""); got != api.LevelNone {
		t.Errorf("clamp of nothing %q", got)
	}
	for key, ok := range map[string]bool{"ab": true, "key_user2": true, "a": false, "Key": false, "ключ": false, "a-b": false, "abcdefghijabcdefghijabcdefghijabc": false} {
		if RoleKeyOK(key) != ok {
			t.Errorf("RoleKeyOK(%q) = %v", key, !ok)
		}
	}
}

var matrixCats = []api.RoleCatalog{
	{Key: "outlets", Group: "outlets", Max: api.LevelDelete},
	{Key: "sync_results", Group: "outlets", Max: api.LevelRead},
	{Key: "products", Group: "products", Max: api.LevelDelete},
}

func TestRoleMatrix(t *testing.T) {
	r := api.Role{Key: "sales", Label: api.LocalText{RU: "Продажи"}, Default: api.LevelRead, Version: 3,
		Catalogs: map[string]string{"outlets": api.LevelEdit, "products": api.LevelRead}}
	f := EditRoleForm(r)
	if f.Overridden("products") {
		t.Error("a level equal to the default kept as the catalog's own")
	}
	if f.Dirty() {
		t.Error("a role as read is dirty")
	}
	if got := f.Level(matrixCats[0]); got != api.LevelEdit {
		t.Errorf("outlets %q", got)
	}
	f.SetLevel(matrixCats[1], api.LevelDelete) // above the catalog's max: ignored
	if f.Overridden("sync_results") {
		t.Error("a level above max was set")
	}
	f.SetDefault(api.LevelEdit)
	if f.Overridden("outlets") {
		t.Error("outlets equals the new default but shows a level of its own")
	}
	if got := f.Level(matrixCats[1]); got != api.LevelRead {
		t.Errorf("a read-only catalog under an edit default shows %q", got)
	}
	f.SetLevel(matrixCats[2], api.LevelNone)
	f.SetRight(api.RightExport, true)
	f.SetRight(api.RightAuditView, true)
	if !f.Dirty() {
		t.Error("changes are not dirty")
	}
	req := f.Request()
	if req.Based != 3 || req.New || req.Role.Default != api.LevelEdit ||
		!maps.Equal(req.Role.Catalogs, map[string]string{"products": api.LevelNone}) ||
		!slices.Equal(req.Role.Rights, []string{api.RightAuditView, api.RightExport}) {
		t.Errorf("request %+v", req)
	}
	f.ResetLevel("products")
	f.SetRight(api.RightExport, false)
	f.SetRight(api.RightAuditView, false)
	f.SetDefault(api.LevelRead)
	if f.Dirty() || !f.Overridden("outlets") {
		t.Errorf("back as read but dirty, or outlets lost its own level: %+v", f.Draft)
	}
	if r.Catalogs["products"] != api.LevelRead {
		t.Error("the form changed the role it was made from")
	}
}

func TestCopyAndNewRole(t *testing.T) {
	src := api.Role{Key: "key_user", Label: api.LocalText{RU: "Ключевой пользователь", EN: "Key user"}, BuiltIn: true,
		Default: api.LevelEdit, Rights: []string{api.RightExport}, Users: 4, Version: 2}
	taken := func(k string) bool { return k == "key_user" || k == "key_user_copy" }
	f := CopyRoleForm(src, taken)
	d := f.Draft
	if !f.New || d.BuiltIn || d.Users != 0 || d.Version != 0 || d.Key != "key_user_copy2" ||
		d.Label.RU != "Ключевой пользователь (копия)" || d.Label.EN != "Key user (copy)" ||
		d.Default != api.LevelEdit || !slices.Equal(d.Rights, []string{api.RightExport}) {
		t.Errorf("copy %+v", d)
	}
	if errs := f.Check(); len(errs) != 0 {
		t.Errorf("a copy has faults %v", errs)
	}
	if long := CopyRoleForm(api.Role{Key: "abcdefghijabcdefghijabcdefghij"}, nil).Draft.Key; !RoleKeyOK(long) {
		t.Errorf("the copy of a long key is %q", long)
	}
	n := NewRoleForm()
	if got := n.Check(); !maps.Equal(got, map[string]api.Code{"key": api.FieldRequired, "label_ru": api.FieldRequired}) {
		t.Errorf("new role faults %v", got)
	}
	n.SetText("key", "Sales")
	if got := n.Check()["key"]; got != api.FieldBadValue {
		t.Errorf("key Sales: %q", got)
	}
	n.SetText("key", "sales")
	n.SetText("label_ru", "Продажи")
	if req := n.Request(); !req.New || req.Role.Key != "sales" || req.Role.Catalogs != nil || req.Role.Default != api.LevelNone {
		t.Errorf("request %+v", req)
	}
}

func TestGroups(t *testing.T) {
	gs := GroupCatalogs(matrixCats)
	if len(gs) != 2 || gs[0].Key != "outlets" || len(gs[0].Catalogs) != 2 || gs[1].Key != "products" {
		t.Errorf("catalog groups %+v", gs)
	}
	rights := []api.RightInfo{
		{Key: api.RightAdminUsers, Group: "admin"}, {Key: "loader.prices", Group: "loaders"},
		{Key: api.RightExport, Group: "data"}, {Key: "x", Group: "future"}, {Key: api.RightPinGenerate, Group: "data"},
	}
	var keys []string
	for _, g := range GroupRights(rights) {
		keys = append(keys, g.Key)
	}
	if !slices.Equal(keys, []string{"data", "loaders", "admin", "future"}) {
		t.Errorf("right groups %v", keys)
	}
	eff := []api.EffectiveRight{{RightInfo: rights[0]}, {RightInfo: rights[2]}, {RightInfo: rights[4]}}
	got := EffectiveRightGroups(eff)
	if len(got) != 2 || len(got[0]) != 2 || got[0][0].Key != api.RightExport || got[1][0].Key != api.RightAdminUsers {
		t.Errorf("effective right groups %+v", got)
	}
	ec := EffectiveGroups([]api.EffectiveCatalog{{Key: "a", Group: "g1"}, {Key: "b", Group: "g2"}, {Key: "c", Group: "g1"}})
	if len(ec) != 2 || len(ec[0]) != 2 || ec[0][1].Key != "c" {
		t.Errorf("effective catalog groups %+v", ec)
	}
}
