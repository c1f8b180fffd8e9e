package admin_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"webtool/server/api"
)

func TestCreateUserShowsLinkWithoutMail(t *testing.T) {
	f := mustFixture(t, nil)
	req := newUser("Ivanov", "Иван Иванов", "key_user")
	req.User.Email = "ivanov@example.com"
	req.User.SyncPoints = []api.Ref{{ID: "D1"}}
	out, eff := f.mustSave(t, f.boss(t), req)
	if out.User.Login != "ivanov" || out.User.HasPassword || out.User.Status != api.UserActive || out.User.Version != 1 {
		t.Errorf("created %+v", out.User)
	}
	if got := out.User.SyncPoints; len(got) != 1 || got[0].Code != "ALPHA" || got[0].Label != "Альфа Дистрибуция" {
		t.Errorf("sync points %+v", got)
	}
	if len(eff.Rights) != 0 || len(eff.Ended) != 0 {
		t.Errorf("a new user's effect: %+v", eff)
	}
	l := out.Link
	if l == nil || l.Mailed || l.URL == "" || !l.ExpiresAt.Equal(f.clock.Now().Add(api.PasswordLinkTTL)) {
		t.Fatalf("link %+v: want shown, valid 30 minutes", l)
	}
	tok := tokenOf(t, l.URL)
	info, err := f.auth.CheckLink(tok)
	if err != nil || info.Login != "ivanov" || !info.First {
		t.Fatalf("CheckLink of the shown link: %+v, %v", info, err)
	}
	recs := f.audit(t, "user:ivanov")
	create, ok := findAction(recs, "user.create")
	if !ok || create.Actor != "boss" || create.Addr != addr || !strings.Contains(create.Detail, "name: — → Иван Иванов") ||
		!strings.Contains(create.Detail, "roles: — → key_user") || !strings.Contains(create.Detail, "syncPoints: — → ALPHA") {
		t.Errorf("create audit %+v", create)
	}
	if shown, ok := findAction(recs, "user.link_shown"); !ok || shown.Actor != "boss" || !strings.Contains(shown.Detail, "no mail server") {
		t.Errorf("link shown audit %+v %v", shown, ok)
	}
	f.noSecrets(t, tok)

	// The link is the user's only way in: it works once.
	if _, _, _, _, err := f.auth.SetPasswordWithLink(tok, "a long and quiet river", addr, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.auth.CheckLink(tok); codeOf(err) != api.CodeLinkInvalid {
		t.Errorf("a used link: %v", err)
	}
	if u, err := f.svc.User(f.boss(t), "ivanov"); err != nil || !u.HasPassword {
		t.Errorf("after the link: %+v %v", u, err)
	}
}

func TestUserValidation(t *testing.T) {
	f := mustFixture(t, nil)
	boss := f.boss(t)
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name   string
		req    api.UserSave
		field  string
		code   api.Code
		change func(*api.UserSave)
	}{
		{name: "login required", field: "login", code: api.FieldRequired, change: func(r *api.UserSave) { r.User.Login = " " }},
		{name: "login too long", field: "login", code: api.FieldTooLong, change: func(r *api.UserSave) { r.User.Login = long(65) }},
		{name: "login characters", field: "login", code: api.FieldBadValue, change: func(r *api.UserSave) { r.User.Login = "иванов" }},
		{name: "login slash", field: "login", code: api.FieldBadValue, change: func(r *api.UserSave) { r.User.Login = "a/b" }},
		{name: "login taken", field: "login", code: api.FieldUnique, change: func(r *api.UserSave) { r.User.Login = "BOSS" }},
		{name: "login changed", field: "login", code: api.FieldFixed, change: func(r *api.UserSave) { r.New = false; r.User.Login = "someone_else" }},
		{name: "name required", field: "name", code: api.FieldRequired, change: func(r *api.UserSave) { r.User.Name = "  " }},
		{name: "name too long", field: "name", code: api.FieldTooLong, change: func(r *api.UserSave) { r.User.Name = long(201) }},
		{name: "e-mail", field: "email", code: api.FieldBadEmail, change: func(r *api.UserSave) { r.User.Email = "petrov@" }},
		{name: "phone", field: "phone", code: api.FieldBadPhone, change: func(r *api.UserSave) { r.User.Phone = "call me" }},
		{name: "roles required", field: "roles", code: api.FieldRequired, change: func(r *api.UserSave) { r.User.Roles = nil }},
		{name: "role unknown", field: "roles", code: api.FieldBadValue, change: func(r *api.UserSave) { r.User.Roles = []string{"viewer", "nope"} }},
		{name: "sync point gone", field: "syncPoints", code: api.FieldNotFound, change: func(r *api.UserSave) { r.User.SyncPoints = []api.Ref{{ID: "D9"}} }},
		{name: "sync point twice", field: "syncPoints", code: api.FieldBadValue, change: func(r *api.UserSave) { r.User.SyncPoints = []api.Ref{{ID: "D1"}, {ID: "D1"}} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newUser("petrov", "Пётр Петров", "viewer")
			req.User.Email, req.User.Phone = "petrov@example.com", "+7 (900) 123-45-67"
			tt.change(&req)
			_, _, err := f.svc.SaveUser(boss, addr, req)
			if codeOf(err) != api.CodeValidation {
				t.Fatalf("got %v, want validation", err)
			}
			if got := fieldsOf(err); got[tt.field] != tt.code || len(got) != 1 {
				t.Errorf("fields %v, want only %s: %s", got, tt.field, tt.code)
			}
		})
	}
	// Every fault at once.
	req := api.UserSave{New: true, User: api.AdminUser{Login: "иван", Email: "x", Phone: "y", Roles: []string{"nope"}, SyncPoints: []api.Ref{{ID: "D9"}}}}
	_, _, err := f.svc.SaveUser(boss, addr, req)
	want := map[string]api.Code{"login": api.FieldBadValue, "name": api.FieldRequired, "email": api.FieldBadEmail,
		"phone": api.FieldBadPhone, "roles": api.FieldBadValue, "syncPoints": api.FieldNotFound}
	if got := fieldsOf(err); len(got) != len(want) {
		t.Errorf("all at once: %v, want %v", got, want)
	} else {
		for k, v := range want {
			if got[k] != v {
				t.Errorf("all at once: %s is %s, want %s", k, got[k], v)
			}
		}
	}
	// Nothing of it was written.
	if users, err := f.svc.Users(boss, api.UsersRequest{}); err != nil || len(users.Users) != 1 {
		t.Errorf("users after refusals: %+v %v", users, err)
	}
}

func TestStaleUserEdit(t *testing.T) {
	f := mustFixture(t, nil)
	boss := f.boss(t)
	out, _ := f.mustSave(t, boss, newUser("petrov", "Пётр Петров", "viewer"))
	read := out.User
	f.clock.Add(time.Minute)
	saved, eff := f.mustSave(t, boss, edit(read, func(u *api.AdminUser) { u.Name = "Пётр Петрович Петров" }))
	if saved.User.Version != 2 || len(eff.Rights) != 0 {
		t.Errorf("a name change: version %d, effect %+v", saved.User.Version, eff)
	}
	_, _, err := f.svc.SaveUser(boss, addr, edit(read, func(u *api.AdminUser) { u.Phone = "+7 900 000 00 00" }))
	if codeOf(err) != api.CodeConflict {
		t.Fatalf("stale edit: %v, want conflict", err)
	}
	var e *api.Error
	if errors.As(err, &e); e.Args["by"] != "boss" || e.Args["at"] != f.clock.Now().Format(time.RFC3339) {
		t.Errorf("conflict args %v", e.Args)
	}
	upd, ok := findAction(f.audit(t, "user:petrov"), "user.update")
	if !ok || upd.Detail != "name: Пётр Петров → Пётр Петрович Петров" {
		t.Errorf("update audit %q", upd.Detail)
	}
	// A save that changes nothing writes nothing.
	again, _ := f.mustSave(t, boss, edit(saved.User, func(*api.AdminUser) {}))
	if again.User.Version != 2 {
		t.Errorf("an empty save wrote version %d", again.User.Version)
	}
	// Roles and sync points change rights: the user's sockets hear it.
	_, eff = f.mustSave(t, boss, edit(saved.User, func(u *api.AdminUser) { u.SyncPoints = []api.Ref{{ID: "D2"}} }))
	if !slices.Equal(eff.Rights, []string{"petrov"}) {
		t.Errorf("sync point change: effect %+v", eff)
	}
}

func TestDeactivate(t *testing.T) {
	f := mustFixture(t, nil)
	boss := f.boss(t)
	f.mustUserWithPassword(t, "kate", "Екатерина", "key_user")
	tok1, _ := f.mustLogin(t, "kate")
	f.mustLogin(t, "kate")
	out, eff, err := f.svc.Act(boss, addr, api.UserAction{Login: "kate", Action: api.ActionDeactivate})
	if err != nil {
		t.Fatal(err)
	}
	if len(eff.Ended) != 2 || eff.Reason != api.EndRevoked || !slices.Equal(eff.Rights, []string{"kate"}) || out.Ended != 2 {
		t.Errorf("effect %+v, ended %d", eff, out.Ended)
	}
	if out.User.Status != api.UserDeactivated || out.User.Sessions != 0 {
		t.Errorf("user after %+v", out.User)
	}
	if _, _, err := f.auth.Check(tok1, false); codeOf(err) != api.CodeUnauthorized {
		t.Errorf("a session of a deactivated user: %v", err)
	} else if e := asAPI(err); e.Reason != api.EndRevoked {
		t.Errorf("reason %q, want revoked", e.Reason)
	}
	if _, _, _, err := f.auth.Login("kate", bossPassword, addr, ""); codeOf(err) != api.CodeBadCredentials {
		t.Errorf("sign-in of a deactivated user: %v, want bad_credentials", err)
	}
	if rec, ok := findAction(f.audit(t, "user:kate"), "user.deactivate"); !ok || !strings.Contains(rec.Detail, "status: active → deactivated") ||
		!strings.Contains(rec.Detail, "sessions: — → 2 ended") {
		t.Errorf("deactivate audit %+v", rec)
	}
	// A reset is refused until the user is back.
	if _, _, err := f.svc.Act(boss, addr, api.UserAction{Login: "kate", Action: api.ActionResetPassword}); codeOf(err) != api.CodeBadRequest {
		t.Errorf("reset of a deactivated user: %v", err)
	}
	out, eff, err = f.svc.Act(boss, addr, api.UserAction{Login: "kate", Action: api.ActionReactivate})
	if err != nil || out.User.Status != api.UserActive || !slices.Equal(eff.Rights, []string{"kate"}) {
		t.Fatalf("reactivate: %+v %+v %v", out.User, eff, err)
	}
	f.mustLogin(t, "kate")

	if _, _, err := f.svc.Act(boss, addr, api.UserAction{Login: "boss", Action: api.ActionDeactivate}); codeOf(err) != api.CodeBadRequest {
		t.Errorf("deactivating oneself: %v", err)
	}
	if _, _, err := f.svc.Act(boss, addr, api.UserAction{Login: "nobody", Action: api.ActionDeactivate}); codeOf(err) != api.CodeNotFound {
		t.Errorf("an unknown user: %v", err)
	}
	if _, _, err := f.svc.Act(boss, addr, api.UserAction{Login: "kate", Action: "delete"}); codeOf(err) != api.CodeBadRequest {
		t.Errorf("an unknown action: %v", err)
	}
}

func TestSignOutEverywhere(t *testing.T) {
	f := mustFixture(t, nil)
	f.mustUserWithPassword(t, "kate", "Екатерина", "key_user")
	tok, _ := f.mustLogin(t, "kate")
	out, eff, err := f.svc.Act(f.boss(t), addr, api.UserAction{Login: "kate", Action: api.ActionSignOut})
	if err != nil || len(eff.Ended) != 1 || out.Ended != 1 || out.User.Status != api.UserActive {
		t.Fatalf("sign out: %+v %+v %v", out, eff, err)
	}
	if _, _, err := f.auth.Check(tok, false); codeOf(err) != api.CodeUnauthorized {
		t.Errorf("signed-out session: %v", err)
	}
	f.mustLogin(t, "kate") // the user may sign in again
}

func TestUnlock(t *testing.T) {
	f := mustFixture(t, nil)
	f.mustUserWithPassword(t, "kate", "Екатерина", "key_user")
	for range testAuthConfig.Lockout.Attempts {
		// The attempt that reaches the limit may answer locked already.
		if _, _, _, err := f.auth.Login("kate", "wrong password", addr, ""); codeOf(err) != api.CodeBadCredentials && codeOf(err) != api.CodeLocked {
			t.Fatal(err)
		}
	}
	if _, _, _, err := f.auth.Login("kate", bossPassword, addr, ""); codeOf(err) != api.CodeLocked {
		t.Fatalf("after failures: %v, want locked", err)
	}
	u, err := f.svc.User(f.boss(t), "kate")
	if err != nil || u.LockedUntil == nil || !u.LockedUntil.Equal(f.clock.Now().Add(testAuthConfig.Lockout.Window)) {
		t.Fatalf("locked user %+v %v", u, err)
	}
	out, _, err := f.svc.Act(f.boss(t), addr, api.UserAction{Login: "kate", Action: api.ActionUnlock})
	if err != nil || out.User.LockedUntil != nil {
		t.Fatalf("unlock: %+v %v", out.User, err)
	}
	if rec, ok := findAction(f.audit(t, "user:kate"), "login.unlock"); !ok || rec.Actor != "boss" {
		t.Errorf("unlock audit %+v", rec)
	}
	f.mustLogin(t, "kate")
}

func TestUsersList(t *testing.T) {
	f := mustFixture(t, nil)
	boss := f.boss(t)
	for _, u := range []api.UserSave{
		{New: true, User: api.AdminUser{Login: "petrov", Name: "Пётр Петров", Email: "p@alpha.example", Roles: []string{"key_user"}, SyncPoints: []api.Ref{{ID: "D1"}}}},
		{New: true, User: api.AdminUser{Login: "sidorov", Name: "Сидор Сидоров", Phone: "+7 900 111 22 33", Roles: []string{"viewer"}}},
		{New: true, User: api.AdminUser{Login: "anna", Name: "Анна Петрова", Roles: []string{"viewer"}, SyncPoints: []api.Ref{{ID: "D2"}}}},
	} {
		f.mustSave(t, boss, u)
	}
	if _, _, err := f.svc.Act(boss, addr, api.UserAction{Login: "sidorov", Action: api.ActionDeactivate}); err != nil {
		t.Fatal(err)
	}
	delete(testDistributors, "D2")
	defer func() { testDistributors["D2"] = api.Ref{ID: "D2", Label: "Бета Трейд", Code: "BETA"} }()
	tests := []struct {
		req  api.UsersRequest
		want []string
	}{
		{api.UsersRequest{}, []string{"anna", "boss", "petrov", "sidorov"}},
		{api.UsersRequest{Search: "петр"}, []string{"anna", "petrov"}},
		{api.UsersRequest{Search: "ПЕТР анна"}, []string{"anna"}},
		{api.UsersRequest{Search: "alpha.example"}, []string{"petrov"}},
		{api.UsersRequest{Search: "111 22"}, []string{"sidorov"}},
		{api.UsersRequest{Status: api.UserDeactivated}, []string{"sidorov"}},
		{api.UsersRequest{Status: api.UserActive, Role: "viewer"}, []string{"anna"}},
		{api.UsersRequest{Role: "admin"}, []string{"boss"}},
	}
	for _, tt := range tests {
		got, err := f.svc.Users(boss, tt.req)
		if err != nil {
			t.Fatal(err)
		}
		var logins []string
		for _, u := range got.Users {
			logins = append(logins, u.Login)
		}
		if !slices.Equal(logins, tt.want) {
			t.Errorf("%+v: %v, want %v", tt.req, logins, tt.want)
		}
	}
	anna, err := f.svc.User(boss, "Anna")
	if err != nil || len(anna.SyncPoints) != 1 || anna.SyncPoints[0] != (api.Ref{ID: "D2"}) {
		t.Errorf("a distributor that is gone shows its ID: %+v %v", anna.SyncPoints, err)
	}
	if _, err := f.svc.Users(boss, api.UsersRequest{Status: "sleeping"}); codeOf(err) != api.CodeBadRequest {
		t.Errorf("an unknown status: %v", err)
	}
}

func TestForbidden(t *testing.T) {
	f := mustFixture(t, nil)
	f.mustUserWithPassword(t, "kate", "Екатерина", "key_user")
	kate := f.as(t, "kate")
	checks := map[string]error{}
	_, checks["users"] = f.svc.Users(kate, api.UsersRequest{})
	_, checks["user"] = f.svc.User(kate, "boss")
	_, _, checks["save"] = f.svc.SaveUser(kate, addr, newUser("x", "X", "viewer"))
	_, _, checks["act"] = f.svc.Act(kate, addr, api.UserAction{Login: "boss", Action: api.ActionSignOut})
	_, checks["roles"] = f.svc.Roles(kate)
	_, _, checks["role save"] = f.svc.SaveRole(kate, addr, api.RoleSave{New: true, Role: api.Role{Key: "x1", Label: api.LocalText{RU: "X"}, Default: "read"}})
	_, _, checks["role delete"] = f.svc.DeleteRole(kate, addr, "x1")
	_, checks["effective"] = f.svc.Effective(kate, "boss")
	_, checks["sessions"] = f.svc.Sessions(kate, "", api.SessionsRequest{Login: "boss"})
	_, _, checks["end"] = f.svc.EndSessions(kate, "", addr, api.SessionEnd{Login: "boss", Others: true})
	for name, err := range checks {
		if codeOf(err) != api.CodeForbidden {
			t.Errorf("%s by a key user: %v, want forbidden", name, err)
		}
	}
	// A user administrator may read the roles, not change them.
	f.mustRole(t, f.boss(t), api.Role{Key: "user_admin", Label: api.LocalText{RU: "Кадры"}, Default: api.LevelNone, Rights: []string{api.RightAdminUsers}})
	f.mustUserWithPassword(t, "hr", "Отдел кадров", "user_admin")
	hr := f.as(t, "hr")
	if _, err := f.svc.Roles(hr); err != nil {
		t.Errorf("roles for a user administrator: %v", err)
	}
	if _, _, err := f.svc.SaveRole(hr, addr, api.RoleSave{New: true, Role: api.Role{Key: "x1", Label: api.LocalText{RU: "X"}, Default: "read"}}); codeOf(err) != api.CodeForbidden {
		t.Errorf("role save by a user administrator: %v", err)
	}
	if _, err := f.svc.Users(hr, api.UsersRequest{}); err != nil {
		t.Errorf("users for a user administrator: %v", err)
	}
}
