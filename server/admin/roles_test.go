package admin_test

import (
	"slices"
	"strings"
	"testing"

	"webtool/server/access"
	"webtool/server/api"
)

var chief = api.Role{Key: "chief", Label: api.LocalText{RU: "Руководитель"}, Default: api.LevelRead,
	Rights: []string{api.RightAdminUsers, api.RightAdminRoles}}

func TestLastAdmin(t *testing.T) {
	f := mustFixture(t, nil)
	boss := f.boss(t)
	// hr administers users but not roles: not an administrator who counts.
	f.mustRole(t, boss, api.Role{Key: "user_admin", Label: api.LocalText{RU: "Кадры"}, Default: api.LevelNone, Rights: []string{api.RightAdminUsers}})
	f.mustUserWithPassword(t, "hr", "Отдел кадров", "user_admin")
	hr := f.as(t, "hr")
	bossUser, err := f.svc.User(boss, "boss")
	if err != nil {
		t.Fatal(err)
	}

	// The only administrator can be neither deactivated nor lose the role.
	if _, _, err := f.svc.Act(hr, addr, api.UserAction{Login: "boss", Action: api.ActionDeactivate}); codeOf(err) != api.CodeLastAdmin {
		t.Errorf("deactivating the only admin: %v, want last_admin", err)
	}
	if _, _, err := f.svc.SaveUser(hr, addr, edit(bossUser, func(u *api.AdminUser) { u.Roles = []string{"user_admin"} })); codeOf(err) != api.CodeLastAdmin {
		t.Errorf("taking the admin role from the only admin: %v, want last_admin", err)
	}
	if u, _ := f.svc.User(boss, "boss"); u.Status != api.UserActive || !slices.Equal(u.Roles, []string{"admin"}) || u.Version != bossUser.Version {
		t.Errorf("a refused change was written: %+v", u)
	}

	// With carol an administrator through a stored role, boss may go.
	f.mustRole(t, boss, chief)
	f.mustSave(t, boss, newUser("carol", "Карина", "chief"))
	if _, _, err := f.svc.SaveUser(hr, addr, edit(bossUser, func(u *api.AdminUser) { u.Roles = []string{"viewer"} })); err != nil {
		t.Fatalf("taking the admin role when another admin exists: %v", err)
	}
	// Now carol is the only one: her role may not lose a right she needs,
	roles, err := f.svc.Roles(hr)
	if err != nil {
		t.Fatal(err)
	}
	cr := roleOf(roles, "chief")
	weaker := cr
	weaker.Rights = []string{api.RightAdminUsers}
	if _, _, err := f.svc.SaveRole(f.as(t, "carol"), addr, api.RoleSave{Role: weaker, Based: cr.Version}); codeOf(err) != api.CodeLastAdmin {
		t.Errorf("a role edit that leaves no admin: %v, want last_admin", err)
	}
	if r, _ := f.book.Role("chief"); !slices.Contains(r.Rights, api.RightAdminRoles) {
		t.Errorf("the book took a refused role: %+v", r)
	}
	// nor may she be deactivated or lose the role.
	if _, _, err := f.svc.Act(hr, addr, api.UserAction{Login: "carol", Action: api.ActionDeactivate}); codeOf(err) != api.CodeLastAdmin {
		t.Errorf("deactivating the last admin: %v", err)
	}
	// A second active admin makes both allowed.
	f.mustSave(t, f.as(t, "carol"), newUser("dan", "Даниил", "admin"))
	if _, _, err := f.svc.SaveRole(f.as(t, "carol"), addr, api.RoleSave{Role: weaker, Based: cr.Version}); err != nil {
		t.Errorf("a role edit with another admin left: %v", err)
	}
	if _, _, err := f.svc.Act(hr, addr, api.UserAction{Login: "carol", Action: api.ActionDeactivate}); err != nil {
		t.Errorf("deactivating an admin who is not the last: %v", err)
	}
}

func TestRoleCRUD(t *testing.T) {
	f := mustFixture(t, nil)
	boss := f.boss(t)
	in := api.Role{Key: "sales_lead", Label: api.LocalText{RU: "Руководитель продаж"}, Default: api.LevelRead,
		Catalogs: map[string]string{"local_outlets": api.LevelEdit}, Rights: []string{"loader.sales", api.RightExport, api.RightExport}}
	r := f.mustRole(t, boss, in)
	if r.Version != 1 || r.Label.EN != "Руководитель продаж" || !slices.Equal(r.Rights, []string{api.RightExport, "loader.sales"}) || r.BuiltIn {
		t.Errorf("created %+v", r)
	}
	if got, ok := f.book.Role("sales_lead"); !ok || got.Version != 1 || got.Catalogs["local_outlets"] != access.Edit {
		t.Errorf("the book after a create: %+v %v", got, ok)
	}
	if rec, ok := findAction(f.audit(t, "role:sales_lead"), "role.create"); !ok ||
		!strings.Contains(rec.Detail, "catalogs.local_outlets: — → edit") || !strings.Contains(rec.Detail, "rights: — → export, loader.sales") {
		t.Errorf("create audit %+v", rec)
	}

	tests := []struct {
		name   string
		change func(*api.RoleSave)
		code   api.Code
		field  string
		fcode  api.Code
	}{
		{"built-in edit", func(s *api.RoleSave) { s.New = false; s.Role.Key = "viewer" }, api.CodeForbidden, "", ""},
		{"built-in key taken", func(s *api.RoleSave) { s.Role.Key = "viewer" }, api.CodeValidation, "key", api.FieldUnique},
		{"key taken", func(s *api.RoleSave) { s.Role.Key = "sales_lead" }, api.CodeValidation, "key", api.FieldUnique},
		{"key form", func(s *api.RoleSave) { s.Role.Key = "Sales" }, api.CodeValidation, "key", api.FieldBadValue},
		{"key too short", func(s *api.RoleSave) { s.Role.Key = "s" }, api.CodeValidation, "key", api.FieldBadValue},
		{"label", func(s *api.RoleSave) { s.Role.Label = api.LocalText{EN: "Only English"} }, api.CodeValidation, "label.ru", api.FieldRequired},
		{"default", func(s *api.RoleSave) { s.Role.Default = "owner" }, api.CodeValidation, "default", api.FieldBadValue},
		{"unknown right", func(s *api.RoleSave) { s.Role.Rights = []string{"export", "loader.gone"} }, api.CodeValidation, "rights", api.FieldBadValue},
		{"unknown catalog", func(s *api.RoleSave) { s.Role.Catalogs = map[string]string{"nope": "read"} }, api.CodeValidation, "catalogs.nope", api.FieldBadValue},
		{"bad level", func(s *api.RoleSave) { s.Role.Catalogs = map[string]string{"local_outlets": "all"} }, api.CodeValidation, "catalogs.local_outlets", api.FieldBadValue},
		{"above max", func(s *api.RoleSave) { s.Role.Catalogs = map[string]string{"outlets": "edit"} }, api.CodeValidation, "catalogs.outlets", api.FieldBadValue},
		{"missing", func(s *api.RoleSave) { s.New = false; s.Role.Key = "ghost" }, api.CodeNotFound, "", ""},
		{"stale", func(s *api.RoleSave) { s.New = false; s.Role.Key = "sales_lead"; s.Based = 7 }, api.CodeConflict, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := api.RoleSave{New: true, Role: api.Role{Key: "fresh", Label: api.LocalText{RU: "Новая"}, Default: api.LevelRead}}
			tt.change(&req)
			_, _, err := f.svc.SaveRole(boss, addr, req)
			if codeOf(err) != tt.code {
				t.Fatalf("got %v, want %s", err, tt.code)
			}
			if tt.field != "" {
				if got := fieldsOf(err); got[tt.field] != tt.fcode || len(got) != 1 {
					t.Errorf("fields %v, want only %s: %s", got, tt.field, tt.fcode)
				}
			}
		})
	}
	if _, _, err := f.svc.DeleteRole(boss, addr, "admin"); codeOf(err) != api.CodeForbidden {
		t.Errorf("deleting a built-in role: %v", err)
	}

	// A held role cannot be deleted; its holders hear a change.
	f.mustSave(t, boss, newUser("petrov", "Пётр", "sales_lead"))
	f.mustSave(t, boss, newUser("anna", "Анна", "viewer", "sales_lead"))
	_, _, err := f.svc.DeleteRole(boss, addr, "sales_lead")
	if codeOf(err) != api.CodeInUse || asAPI(err).Args["users"] != "2" {
		t.Errorf("deleting a held role: %v %v", err, asAPI(err).Args)
	}
	changed := r
	changed.Catalogs = map[string]string{"local_outlets": api.LevelDelete}
	saved, eff, err := f.svc.SaveRole(boss, addr, api.RoleSave{Role: changed, Based: r.Version})
	if err != nil {
		t.Fatal(err)
	}
	if saved.Version != 2 || saved.Users != 2 || !slices.Equal(eff.Rights, []string{"anna", "petrov"}) {
		t.Errorf("saved %+v, effect %+v", saved, eff)
	}
	if p := f.as(t, "petrov"); p.Level("local_outlets") != access.Delete {
		t.Errorf("the book after an edit: level %v", p.Level("local_outlets"))
	}
	if rec, ok := findAction(f.audit(t, "role:sales_lead"), "role.update"); !ok || rec.Detail != "catalogs.local_outlets: edit → delete" {
		t.Errorf("update audit %+v", rec)
	}
	// Stale: the first version again.
	if _, _, err := f.svc.SaveRole(boss, addr, api.RoleSave{Role: changed, Based: r.Version}); codeOf(err) != api.CodeConflict || asAPI(err).Args["by"] != "boss" {
		t.Errorf("stale role save: %v", err)
	}

	// Unused, it goes.
	for _, login := range []string{"petrov", "anna"} {
		u, _ := f.svc.User(boss, login)
		f.mustSave(t, boss, edit(u, func(u *api.AdminUser) { u.Roles = []string{"viewer"} }))
	}
	roles, _, err := f.svc.DeleteRole(boss, addr, "sales_lead")
	if err != nil {
		t.Fatal(err)
	}
	if roleOf(roles, "sales_lead").Key != "" || len(roles.Roles) != 3 {
		t.Errorf("roles after the delete: %+v", roles.Roles)
	}
	if _, ok := f.book.Role("sales_lead"); ok {
		t.Error("the book still has the deleted role")
	}
	if rec, ok := findAction(f.audit(t, "role:sales_lead"), "role.delete"); !ok || !strings.Contains(rec.Detail, "default: — → read") {
		t.Errorf("delete audit %+v", rec)
	}
	if _, _, err := f.svc.DeleteRole(boss, addr, "sales_lead"); codeOf(err) != api.CodeNotFound {
		t.Errorf("deleting it again: %v", err)
	}
}

func TestRolesList(t *testing.T) {
	f := mustFixture(t, nil)
	roles, err := f.svc.Roles(f.boss(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := roleKeys(roles); !slices.Equal(got, []string{"admin", "key_user", "viewer"}) {
		t.Errorf("roles %v", got)
	}
	admin := roleOf(roles, "admin")
	if !admin.BuiltIn || admin.Users != 1 || !slices.Contains(admin.Rights, "loader.sales") || admin.Default != api.LevelDelete {
		t.Errorf("admin role %+v", admin)
	}
	if key := roleOf(roles, "key_user"); key.Catalogs["outlets"] != api.LevelRead || slices.Contains(key.Rights, api.RightAdminUsers) {
		t.Errorf("key user role %+v", key)
	}
	if len(roles.Rights) != 8 || len(roles.Catalogs) != len(testCatalogs) {
		t.Errorf("%d rights, %d catalogs", len(roles.Rights), len(roles.Catalogs))
	}
}

func TestEffective(t *testing.T) {
	f := mustFixture(t, nil)
	boss := f.boss(t)
	f.mustRole(t, boss, api.Role{Key: "local_editor", Label: api.LocalText{RU: "Редактор"}, Default: api.LevelRead,
		Catalogs: map[string]string{"local_products": api.LevelDelete}, Rights: []string{api.RightExport, api.RightViewsShare}})
	req := newUser("petrov", "Пётр", "key_user", "local_editor")
	req.User.SyncPoints = []api.Ref{{ID: "D1"}}
	f.mustSave(t, boss, req)
	eff, err := f.svc.Effective(boss, "petrov")
	if err != nil {
		t.Fatal(err)
	}
	cats := map[string]api.EffectiveCatalog{}
	for _, c := range eff.Catalogs {
		cats[c.Key] = c
	}
	for key, want := range map[string]struct {
		level string
		from  []string
	}{
		"outlets":        {api.LevelRead, []string{"key_user", "local_editor"}},
		"local_outlets":  {api.LevelDelete, []string{"key_user"}},
		"local_products": {api.LevelDelete, []string{"local_editor"}},
	} {
		if got := cats[key]; got.Level != want.level || !slices.Equal(got.From, want.from) || got.Label.RU == "" {
			t.Errorf("%s: %+v, want %s from %v", key, got, want.level, want.from)
		}
	}
	rights := map[string][]string{}
	for _, r := range eff.Rights {
		rights[r.Key] = r.From
	}
	if len(rights) != 8 {
		t.Errorf("%d rights listed, want every right", len(rights))
	}
	for key, want := range map[string][]string{
		api.RightExport: {"key_user", "local_editor"}, api.RightPinGenerate: {"key_user"}, api.RightViewsShare: {"local_editor"},
		"loader.sales": {"key_user"}, api.RightAdminUsers: nil,
	} {
		if got := rights[key]; !slices.Equal(got, want) {
			t.Errorf("right %s from %v, want %v", key, got, want)
		}
	}
	if eff.AllSyncPoints || len(eff.AllFrom) != 0 || eff.User.Login != "petrov" {
		t.Errorf("scope %v %v", eff.AllSyncPoints, eff.AllFrom)
	}
	mine, err := f.svc.Effective(boss, "")
	if err != nil || !mine.AllSyncPoints || !slices.Equal(mine.AllFrom, []string{"admin"}) {
		t.Errorf("the admin's own: %v %v %v", mine.AllSyncPoints, mine.AllFrom, err)
	}
	// One's own needs no right; another's does.
	f.mustUserWithPassword(t, "kate", "Екатерина", "viewer")
	if _, err := f.svc.Effective(f.as(t, "kate"), "kate"); err != nil {
		t.Errorf("one's own effective rights: %v", err)
	}
	if _, err := f.svc.Effective(boss, "ghost"); codeOf(err) != api.CodeNotFound {
		t.Errorf("an unknown user: %v", err)
	}
}

func roleOf(rs api.Roles, key string) api.Role {
	for _, r := range rs.Roles {
		if r.Key == key {
			return r
		}
	}
	return api.Role{}
}

func roleKeys(rs api.Roles) []string {
	var out []string
	for _, r := range rs.Roles {
		out = append(out, r.Key)
	}
	return out
}
