package ui

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/server/api"
)

// adminNow is the tests' clock: locks end relative to it.
var adminNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.Local)

func adminClock() time.Time { return adminNow }

var adminRoleList = api.Roles{
	Roles: []api.Role{
		{Key: "admin", Label: api.LocalText{RU: "Администратор", EN: "Administrator"}, BuiltIn: true, AllSyncPoints: true,
			Default: api.LevelDelete, Rights: []string{api.RightAdminUsers, api.RightAdminRoles, api.RightExport}, Users: 1, Version: 1},
		{Key: "key_user", Label: api.LocalText{RU: "Ключевой пользователь", EN: "Key user"}, BuiltIn: true,
			Default: api.LevelEdit, Rights: []string{api.RightExport}, Users: 1, Version: 1},
		{Key: "sales", Label: api.LocalText{RU: "Продажи", EN: "Sales"}, Default: api.LevelRead,
			Catalogs: map[string]string{"outlets": api.LevelEdit}, Users: 2, Version: 5},
	},
	Rights: []api.RightInfo{
		{Key: api.RightExport, Label: api.LocalText{RU: "Выгрузка в файлы", EN: "Export"}, Tier: api.TierNormal, Group: "data"},
		{Key: api.RightViewsShare, Label: api.LocalText{RU: "Общие виды", EN: "Shared views"}, Tier: api.TierMedium, Group: "settings"},
		{Key: api.RightAdminUsers, Label: api.LocalText{RU: "Пользователи", EN: "Users"}, Tier: api.TierHigh, Group: "admin"},
		{Key: api.RightAdminRoles, Label: api.LocalText{RU: "Роли и права", EN: "Roles"}, Tier: api.TierHigh, Group: "admin"},
		{Key: "loader.prices", Label: api.LocalText{RU: "Загрузка цен", EN: "Price loader"}, Tier: api.TierNormal, Group: "loaders"},
	},
	Catalogs: []api.RoleCatalog{
		{Key: "outlets", Label: api.LocalText{RU: "Торговые точки", EN: "Outlets"}, Group: "outlets", Max: api.LevelDelete},
		{Key: "sync_results", Label: api.LocalText{RU: "Результаты синхронизации", EN: "Sync results"}, Group: "outlets", Max: api.LevelRead},
		{Key: "products", Label: api.LocalText{RU: "Продукция", EN: "Products"}, Group: "products", Max: api.LevelDelete},
	},
}

func adminUsersFixture() []api.AdminUser {
	signed := time.Date(2026, 12, 1, 23, 44, 0, 0, time.Local)
	locked := time.Date(2026, 12, 1, 14, 5, 0, 0, time.Local)
	created := time.Date(2026, 11, 2, 9, 0, 0, 0, time.Local)
	return []api.AdminUser{
		{Login: "admin", Name: "Администратор", Roles: []string{"admin"}, Status: api.UserActive, HasPassword: true,
			Created: created, LastSignIn: &signed, Sessions: 2, Version: 3},
		{Login: "ann", Name: "Анна Ли", Email: "ann@example.com", Roles: []string{"key_user", "sales"},
			SyncPoints: []api.Ref{{ID: "d1", Label: "ООО Дистрибьютор", Code: "D-01"}}, Status: api.UserActive,
			LockedUntil: &locked, HasPassword: true, Created: created, Version: 4},
		{Login: "old", Name: "Бывший сотрудник", Roles: []string{"sales"}, Status: api.UserDeactivated, Created: created, Version: 2},
	}
}

// fakeAdmin answers the administration's messages like the server would.
type fakeAdmin struct {
	mu       sync.Mutex
	users    []api.AdminUser
	roles    api.Roles
	asked    []api.UsersRequest
	saves    []api.UserSave
	actions  []api.UserAction
	ends     []api.SessionEnd
	roleSave []api.RoleSave
	// link is the delivery a create or reset answers with.
	link *api.LinkSent
	// errs refuses a message type with an error.
	errs map[string]error
	sess []api.SessionInfo
	n    map[string]int // requests by type
}

func newFakeAdmin() *fakeAdmin {
	return &fakeAdmin{
		users: adminUsersFixture(),
		roles: adminRoleList,
		sess: []api.SessionInfo{
			{ID: "s1", Login: "ann", Browser: "Chrome 131 · Linux", Addr: "10.0.0.5", SignedIn: adminNow.Add(-time.Hour), LastSeen: adminNow},
			{ID: "s2", Login: "ann", Browser: "Firefox 133 · Windows", Addr: "10.0.0.7", SignedIn: adminNow.Add(-2 * time.Hour), LastSeen: adminNow},
		},
		n: map[string]int{},
	}
}

func (s *fakeAdmin) count(typ string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n[typ]
}

func (s *fakeAdmin) user(login string) (api.AdminUser, bool) {
	for _, u := range s.users {
		if u.Login == login {
			return u, true
		}
	}
	return api.AdminUser{}, false
}

func (s *fakeAdmin) put(u api.AdminUser) {
	for i := range s.users {
		if s.users[i].Login == u.Login {
			s.users[i] = u
			return
		}
	}
	s.users = append(s.users, u)
}

func (s *fakeAdmin) handle(typ string, req, reply any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n[typ]++
	if err := s.errs[typ]; err != nil {
		return err
	}
	var out any
	switch typ {
	case api.TypeUsers:
		r := req.(api.UsersRequest)
		s.asked = append(s.asked, r)
		var list []api.AdminUser
		for _, u := range s.users {
			if (r.Search == "" || strings.Contains(u.Login+" "+strings.ToLower(u.Name), strings.ToLower(r.Search))) &&
				(r.Status == "" || u.Status == r.Status) {
				list = append(list, u)
			}
		}
		out = api.Users{Users: list}
	case api.TypeRoles:
		out = s.roles
	case api.TypeUserGet:
		u, ok := s.user(req.(api.UserRef).Login)
		if !ok {
			return &api.Error{Code: api.CodeNotFound}
		}
		out = u
	case api.TypeUserSave:
		sv := req.(api.UserSave)
		s.saves = append(s.saves, sv)
		u := sv.User
		u.Version = sv.Based + 1
		if sv.New {
			u.Created, u.Status = adminNow, api.UserActive
		}
		s.put(u)
		saved := api.UserSaved{User: u}
		if sv.New {
			saved.Link = s.link
		}
		out = saved
	case api.TypeUserAction:
		a := req.(api.UserAction)
		s.actions = append(s.actions, a)
		u, _ := s.user(a.Login)
		saved := api.UserSaved{}
		switch a.Action {
		case api.ActionDeactivate:
			u.Status, saved.Ended, u.Sessions = api.UserDeactivated, u.Sessions, 0
		case api.ActionReactivate:
			u.Status = api.UserActive
		case api.ActionUnlock:
			u.LockedUntil = nil
		case api.ActionSignOut:
			saved.Ended, u.Sessions = u.Sessions, 0
		case api.ActionResetPassword:
			saved.Link = s.link
		}
		u.Version++
		s.put(u)
		saved.User = u
		out = saved
	case api.TypeSessions:
		out = api.Sessions{Login: req.(api.SessionsRequest).Login, Sessions: s.sess}
	case api.TypeSessionEnd:
		e := req.(api.SessionEnd)
		s.ends = append(s.ends, e)
		var left []api.SessionInfo
		for _, x := range s.sess {
			if !e.Others && x.ID != e.ID {
				left = append(left, x)
			}
		}
		s.sess = left
		out = api.Sessions{Login: e.Login, Sessions: left}
	case api.TypeEffective:
		u, _ := s.user(req.(api.UserRef).Login)
		out = api.EffectiveRights{
			User: u,
			Catalogs: []api.EffectiveCatalog{
				{Key: "outlets", Label: api.LocalText{RU: "Торговые точки", EN: "Outlets"}, Group: "outlets", Level: api.LevelEdit, From: []string{"key_user", "sales"}},
				{Key: "products", Label: api.LocalText{RU: "Продукция", EN: "Products"}, Group: "products", Level: api.LevelNone},
			},
			Rights: []api.EffectiveRight{
				{RightInfo: adminRoleList.Rights[0], From: []string{"key_user"}},
				{RightInfo: adminRoleList.Rights[2]},
			},
		}
	case api.TypeRoleSave:
		sv := req.(api.RoleSave)
		s.roleSave = append(s.roleSave, sv)
		r := sv.Role
		r.Version = sv.Based + 1
		out = r
	case api.TypeRoleDelete:
		key := req.(api.RoleRef).Key
		left := s.roles
		left.Roles = nil
		for _, r := range s.roles.Roles {
			if r.Key != key {
				left.Roles = append(left.Roles, r)
			}
		}
		s.roles = left
		out = left
	case api.TypeLookup:
		out = api.LookupReply{Choices: []api.Choice{{ID: "d2", Label: "ТОВ Схід", Code: "D-02"}}}
	default:
		return &api.Error{Code: api.CodeUnknownType}
	}
	if reply == nil {
		return nil
	}
	b, _ := json.Marshal(out)
	return json.Unmarshal(b, reply)
}

func adminLink(srv *fakeAdmin) *Link {
	link := &Link{}
	link.setSocket(&fakeSocket{handle: srv.handle})
	return link
}

func mustMountUsers(t *testing.T, srv *fakeAdmin, lang string) (*AdminUsers, app.ClientDispatcher) {
	t.Helper()
	page := &AdminUsers{Lang: lang, Link: adminLink(srv), Self: "admin", CanRoles: true, now: adminClock}
	disp := app.NewClientTester(page)
	t.Cleanup(disp.Close)
	settle(disp)
	return page, disp
}

// fakeUserHost is the users screen as a card sees it.
type fakeUserHost struct {
	closed  int
	written []api.AdminUser
	created int
	tabs    []string
	toasts  []string
	links   []string
}

func (h *fakeUserHost) closeUser() { h.closed++ }
func (h *fakeUserHost) userWritten(u api.AdminUser, created bool) {
	h.written = append(h.written, u)
	if created {
		h.created++
	}
}
func (h *fakeUserHost) setTab(tab string) { h.tabs = append(h.tabs, tab) }
func (h *fakeUserHost) showLink(l api.LinkSent, why string) {
	h.links = append(h.links, l.URL+" "+why)
}
func (h *fakeUserHost) notify(code, text string, ok bool) {
	h.toasts = append(h.toasts, code+": "+text)
}

func mustMountUserCard(t *testing.T, srv *fakeAdmin, login string, isNew bool) (*AdminUserCard, *fakeUserHost, app.ClientDispatcher) {
	t.Helper()
	host := &fakeUserHost{}
	card := &AdminUserCard{Lang: "ru", Link: adminLink(srv), Host: host, Login: login, New: isNew, Seq: 1,
		Roles: adminRoleList, RolesKnown: true, Self: "admin", Now: adminClock}
	disp := app.NewClientTester(card)
	t.Cleanup(disp.Close)
	settle(disp)
	return card, host, disp
}

func TestAdminUsersList(t *testing.T) {
	srv := newFakeAdmin()
	page, _ := mustMountUsers(t, srv, "ru")
	got := html(page)
	mustAttr(t, got, "admin-users", "data-rev", "1")
	mustAttr(t, got, "admin-users", "data-count", "3")
	mustContain(t, got,
		`id="users-table"`, `<th scope="col">Логин</th>`, "3 пользователя",
		`id="users-search"`, `id="users-status"`, `id="users-role"`, `id="user-create"`, `href="/admin/roles"`,
		`href="/admin/users/ann"`, "Анна Ли", "ann@example.com",
		`data-role="key_user"`, "Ключевой пользователь", "Продажи",
		"все дистрибьюторы", "ООО Дистрибьютор",
		`class="status-chip status-active"`, `class="status-chip status-off"`, "деактивирован",
		`class="status-chip status-locked"`, "заблокирован до 14:05",
		"01.12.2026 23:44", "ещё не входил",
		`value="sales"`,
	)
	// The user without a password is marked.
	mustContain(t, got, `aria-label="Ожидает установки пароля"`)
}

func TestAdminUsersFilterAsksTheServer(t *testing.T) {
	srv := newFakeAdmin()
	page, disp := mustMountUsers(t, srv, "en")
	doOn(disp, page, func() { page.search = "ann"; page.status = api.UserActive; page.fetchUsers() })
	srv.mu.Lock()
	last := srv.asked[len(srv.asked)-1]
	srv.mu.Unlock()
	if last.Search != "ann" || last.Status != api.UserActive {
		t.Errorf("asked %+v", last)
	}
	got := html(page)
	mustAttr(t, got, "admin-users", "data-search", "ann")
	mustAttr(t, got, "admin-users", "data-count", "1")
	mustContain(t, got, "1 user", "Users")

	doOn(disp, page, func() { page.search = "nobody"; page.fetchUsers() })
	mustContain(t, html(page), `id="users-empty"`, `id="users-reset"`)
	doOn(disp, page, func() { page.resetFilter() })
	mustAttr(t, html(page), "admin-users", "data-count", "3")
}

func TestAdminUsersOpensCard(t *testing.T) {
	srv := newFakeAdmin()
	page, disp := mustMountUsers(t, srv, "ru")
	doOn(disp, page, func() { page.openUser("ann", false) })
	got := html(page)
	mustAttr(t, got, "admin-users", "data-open", "ann")
	mustAttr(t, got, "user-card", "data-login", "ann")
	mustAttr(t, got, "user-card", "data-mode", "view")
	mustAttr(t, got, "user-card", "data-rev", "1")
	mustContain(t, got, `class="catalog admin-page card-open"`, `id="user-card-title"`, "Анна Ли",
		`id="user-unlock"`, `id="user-reset"`, `id="user-sign-out"`, `id="user-deactivate"`,
		`id="user-tab-sessions"`, `id="user-tab-rights"`, `id="user-edit"`, "ООО Дистрибьютор · D-01")
	// The address names the card: a page opened at /admin/users/ann
	// opens it too, with the tab it names.
	other := &AdminUsers{Lang: "ru", Link: adminLink(srv), Open: "old", Tab: "rights", now: adminClock}
	d2 := app.NewClientTester(other)
	defer d2.Close()
	settle(d2)
	got = html(other)
	mustAttr(t, got, "user-card", "data-login", "old")
	mustAttr(t, got, "user-tab-rights", "aria-selected", "true")
	mustContain(t, got, `id="user-reactivate"`, `id="rights-catalogs"`)
	doOn(disp, page, func() { page.closeUser() })
	mustNotContain(t, html(page), `id="user-card"`)
}

func TestAdminUserCreateShowsLinkOnce(t *testing.T) {
	srv := newFakeAdmin()
	expires := adminNow.Add(30 * time.Minute)
	srv.link = &api.LinkSent{URL: "https://wt.example/password?token=abc", ExpiresAt: expires}
	card, host, disp := mustMountUserCard(t, srv, "", true)
	got := html(card)
	mustAttr(t, got, "user-card", "data-mode", "edit")
	mustContain(t, got, "Новый пользователь", `id="user-f-login"`, "Латиница, цифры, . _ - @", `id="user-f-name"`,
		`id="user-role-admin"`, `id="user-sync"`, `role="combobox"`, `id="user-save"`, "Создать пользователя")
	mustNotContain(t, got, `id="user-actions"`, `id="user-tab-sessions"`)

	// What is certainly wrong is shown at once, and nothing is sent.
	doOn(disp, card, func() { card.save() })
	got = html(card)
	mustTag(t, got, `id="err-user-login"`, `data-code="required"`)
	mustTag(t, got, `id="err-user-roles"`, `data-code="required"`)
	mustContain(t, got, "Выберите хотя бы одну роль.")
	if n := srv.count(api.TypeUserSave); n != 0 {
		t.Fatalf("%d saves sent with required fields empty", n)
	}
	doOn(disp, card, func() {
		card.form.Set("login", "bob")
		card.form.Set("name", "Боб Смит")
		card.form.Set("email", "bob@example.com")
		card.form.SetRole("key_user", true, adminRoleList.Roles)
		card.form.AddSyncPoint(api.Ref{ID: "d2", Label: "ТОВ Схід"})
	})
	mustTag(t, html(card), `id="err-user-roles"`, `hidden`)
	doOn(disp, card, func() { card.save() })
	if len(srv.saves) != 1 || !srv.saves[0].New || srv.saves[0].User.Login != "bob" || len(srv.saves[0].User.SyncPoints) != 1 {
		t.Fatalf("saves %+v", srv.saves)
	}
	got = html(card)
	mustAttr(t, got, "user-card", "data-mode", "view")
	mustAttr(t, got, "user-card", "data-login", "bob")
	if host.created != 1 {
		t.Errorf("the screen heard of %d creations", host.created)
	}
	if len(host.links) != 1 || host.links[0] != "https://wt.example/password?token=abc Почтовый сервер не настроен, письмо не отправлено." {
		t.Errorf("links shown %q", host.links)
	}
}

// The screen shows the link once, over everything, with Copy and until
// when it works.
func TestAdminUsersLinkDialog(t *testing.T) {
	srv := newFakeAdmin()
	page, disp := mustMountUsers(t, srv, "ru")
	doOn(disp, page, func() {
		page.showLink(api.LinkSent{URL: "https://wt.example/password?token=abc", ExpiresAt: adminNow.Add(30 * time.Minute)},
			"У пользователя нет e-mail, письмо не отправлено.")
	})
	got := html(page)
	mustContain(t, got, `id="link-dialog"`, `role="dialog"`, `value="https://wt.example/password?token=abc"`, `readonly`,
		`id="link-copy"`, "Копировать", "У пользователя нет e-mail", "показывается один раз и действует 30 минут — до 12:30")
	doOn(disp, page, func() { page.closeLink() })
	mustNotContain(t, html(page), `id="link-dialog"`)
}

func TestAdminUserLinkMailedOrFailed(t *testing.T) {
	srv := newFakeAdmin()
	srv.link = &api.LinkSent{Mailed: true, To: "ann@example.com"}
	card, host, disp := mustMountUserCard(t, srv, "ann", false)
	doOn(disp, card, func() { card.act(api.ActionResetPassword) })
	if card.ask == nil {
		t.Fatal("sending a link did not ask first")
	}
	mustContain(t, html(card), `id="confirm-dialog"`, "Отправить пользователю Анна Ли одноразовую ссылку")
	doOn(disp, card, func() { a := card.ask; card.ask = nil; a.Do() })
	if len(srv.actions) != 1 || srv.actions[0].Action != api.ActionResetPassword {
		t.Fatalf("actions %+v", srv.actions)
	}
	if len(host.toasts) == 0 || !strings.Contains(host.toasts[len(host.toasts)-1], "Ссылка отправлена на ann@example.com.") {
		t.Errorf("toasts %v", host.toasts)
	}
	srv.link = &api.LinkSent{MailError: "connection refused"}
	doOn(disp, card, func() { card.runAction(api.ActionResetPassword) })
	mustContain(t, html(card), `id="user-mail-error"`, "Письмо не отправлено: connection refused. Ссылка не действует — отправьте новую.")
}

func TestAdminUserServerErrors(t *testing.T) {
	srv := newFakeAdmin()
	card, _, disp := mustMountUserCard(t, srv, "ann", false)
	doOn(disp, card, func() { card.startEdit() })
	mustAttr(t, html(card), "user-card", "data-mode", "edit")
	srv.errs = map[string]error{api.TypeUserSave: &api.Error{Code: api.CodeValidation, Fields: map[string]api.Code{"email": api.FieldBadEmail}}}
	doOn(disp, card, func() { card.form.Set("email", "nope"); card.save() })
	got := html(card)
	mustTag(t, got, `id="err-user-email"`, `data-code="bad_email"`)
	mustContain(t, got, "Введите адрес в виде name@example.com.", `aria-invalid`)

	srv.errs = map[string]error{api.TypeUserSave: &api.Error{Code: api.CodeConflict}}
	doOn(disp, card, func() { card.save() })
	mustContain(t, html(card), `id="user-card-banner"`, `data-code="conflict"`, `id="user-card-reload"`)
	doOn(disp, card, func() { card.banner = nil; card.cancelEdit() })

	srv.errs = map[string]error{api.TypeUserAction: &api.Error{Code: api.CodeLastAdmin}}
	doOn(disp, card, func() { card.runAction(api.ActionDeactivate) })
	mustContain(t, html(card), `data-code="last_admin"`, "Нельзя: не останется ни одного администратора.")
}

func TestAdminUserActions(t *testing.T) {
	srv := newFakeAdmin()
	card, host, disp := mustMountUserCard(t, srv, "admin", false)
	doOn(disp, card, func() { card.act(api.ActionSignOut) })
	mustContain(t, html(card), "Завершить все сеансы пользователя Администратор?", "Это вы: ваш сеанс тоже завершится.")
	doOn(disp, card, func() { a := card.ask; card.ask = nil; a.Do() })
	if len(srv.actions) != 1 || srv.actions[0].Action != api.ActionSignOut || srv.actions[0].Login != "admin" {
		t.Fatalf("actions %+v", srv.actions)
	}
	if last := host.toasts[len(host.toasts)-1]; !strings.Contains(last, "Завершено 2 сеанса.") {
		t.Errorf("toast %q", last)
	}
	mustAttr(t, html(card), "user-card", "data-rev", "2")
	if len(host.written) != 1 {
		t.Errorf("the screen heard of %d writes", len(host.written))
	}
}

func TestAdminUserSessionsAndRights(t *testing.T) {
	srv := newFakeAdmin()
	card, host, disp := mustMountUserCard(t, srv, "ann", false)
	doOn(disp, card, func() { card.setTab(userTabSessions) })
	got := html(card)
	mustAttr(t, got, "user-sessions", "data-count", "2")
	mustContain(t, got, "Chrome 131 · Linux", "10.0.0.5", `id="user-sessions-end-all"`, `aria-label="Завершить сеанс: Firefox 133 · Windows, 10.0.0.7"`)
	if len(host.tabs) != 1 || host.tabs[0] != userTabSessions {
		t.Errorf("tabs named %v", host.tabs)
	}
	doOn(disp, card, func() { card.endSession("s1") })
	if len(srv.ends) != 1 || srv.ends[0].ID != "s1" || srv.ends[0].Login != "ann" || srv.ends[0].Others {
		t.Fatalf("ends %+v", srv.ends)
	}
	mustAttr(t, html(card), "user-sessions", "data-count", "1")

	doOn(disp, card, func() { card.setTab(userTabRights) })
	got = html(card)
	mustAttr(t, got, "user-rights", "data-rev", "1")
	mustTag(t, got, `scope="colgroup"`, `colspan="3"`)
	mustContain(t, got, `id="rights-catalogs"`, `">Торговые точки</th>`,
		`data-catalog="outlets"`, `class="level-chip level-edit"`, "Правка",
		`data-right="export"`, `class="held held-yes"`, `class="held held-no"`, "высокая важность",
		`data-scope="points"`, "ООО Дистрибьютор · D-01")
	if n := srv.count(api.TypeEffective); n != 1 {
		t.Errorf("%d effective rights requests", n)
	}
}

func mustMountRoles(t *testing.T, srv *fakeAdmin, open string) (*AdminRoles, app.ClientDispatcher) {
	t.Helper()
	page := &AdminRoles{Lang: "ru", Link: adminLink(srv), Open: open, CanUsers: true}
	disp := app.NewClientTester(page)
	t.Cleanup(disp.Close)
	settle(disp)
	return page, disp
}

// fakeRoleHost is the roles screen as an editor sees it.
type fakeRoleHost struct {
	closed  int
	saved   []api.Role
	deleted int
	copied  []api.Role
	toasts  []string
}

func (h *fakeRoleHost) closeRole()                         { h.closed++ }
func (h *fakeRoleHost) roleSaved(r api.Role, created bool) { h.saved = append(h.saved, r) }
func (h *fakeRoleHost) roleDeleted(left api.Roles)         { h.deleted++ }
func (h *fakeRoleHost) copyRole(r api.Role)                { h.copied = append(h.copied, r) }
func (h *fakeRoleHost) refreshRoles()                      {}
func (h *fakeRoleHost) notify(code, text string, ok bool) {
	h.toasts = append(h.toasts, code+": "+text)
}

func mustMountEditor(t *testing.T, srv *fakeAdmin, key string) (*RoleEditor, *fakeRoleHost, app.ClientDispatcher) {
	t.Helper()
	host := &fakeRoleHost{}
	ed := &RoleEditor{Lang: "ru", Link: adminLink(srv), Host: host, Key: key, Seq: 1, Roles: srv.roles, Loaded: true}
	disp := app.NewClientTester(ed)
	t.Cleanup(disp.Close)
	settle(disp)
	return ed, host, disp
}

func TestAdminRolesPage(t *testing.T) {
	srv := newFakeAdmin()
	page, disp := mustMountRoles(t, srv, "sales")
	got := html(page)
	mustAttr(t, got, "admin-roles", "data-rev", "1")
	mustAttr(t, got, "admin-roles", "data-open", "sales")
	mustAttr(t, got, "role-editor", "data-key", "sales")
	mustContain(t, got, `id="roles-table"`, "Администратор", "встроенная", "3 роли", `href="/admin/roles/sales"`,
		`href="/admin/users"`, `id="role-create"`, "Назначена 2 пользователям")
	// A copy opens as a new role; creating it names it in the address.
	doOn(disp, page, func() { page.copyRole(srv.roles.Roles[1]) })
	got = html(page)
	mustAttr(t, got, "role-editor", "data-key", "key_user_copy")
	mustNotContain(t, got, `data-open="sales"`)
	mustContain(t, got, "Новая роль", `id="role-key"`, `value="Ключевой пользователь (копия)"`, `id="role-save"`)
	doOn(disp, page, func() {
		page.roleSaved(api.Role{Key: "key_user_copy", Label: api.LocalText{RU: "Копия"}, Version: 1}, true)
	})
	mustAttr(t, html(page), "admin-roles", "data-open", "key_user_copy")
	doOn(disp, page, func() { page.closeRole() })
	mustNotContain(t, html(page), `id="role-editor"`)
}

func TestAdminRoleMatrix(t *testing.T) {
	srv := newFakeAdmin()
	ed, host, disp := mustMountEditor(t, srv, "sales")
	got := html(ed)
	mustAttr(t, got, "role-editor", "data-rev", "1")
	mustTag(t, got, `scope="colgroup"`, `colspan="6"`)
	mustContain(t, got, `id="role-matrix"`, `">Удаление</th>`, `">Продукция</th>`, `name="lvl-outlets"`,
		`aria-label="Торговые точки: Правка"`, "по умолчанию", "Вернуть уровень по умолчанию: Торговые точки",
		"высокая важность", "средняя важность", `id="right-loader-prices"`, "Загрузчики", `id="role-default"`)
	mustTag(t, got, `id="lvl-outlets-edit"`, `checked`)
	mustTag(t, got, `id="lvl-sync_results-edit"`, `disabled`)
	mustTag(t, got, `data-catalog="products"`, `data-default`)
	mustAttr(t, got, "role-save", "disabled", "true")

	doOn(disp, ed, func() {
		ed.form.SetLevel(srv.roles.Catalogs[2], api.LevelCreate)
		ed.form.SetRight(api.RightExport, true)
	})
	got = html(ed)
	mustAttr(t, got, "role-editor", "data-dirty", "true")
	mustTag(t, got, `id="lvl-products-create"`, `checked`)
	doOn(disp, ed, func() { ed.save() })
	if len(srv.roleSave) != 1 {
		t.Fatalf("role saves %+v", srv.roleSave)
	}
	sv := srv.roleSave[0]
	if sv.New || sv.Based != 5 || sv.Role.Catalogs["products"] != api.LevelCreate || sv.Role.Catalogs["outlets"] != api.LevelEdit || len(sv.Role.Rights) != 1 {
		t.Errorf("saved %+v", sv)
	}
	mustAttr(t, html(ed), "role-editor", "data-rev", "2")
	if len(host.saved) != 1 {
		t.Errorf("the screen heard of %d saves", len(host.saved))
	}

	// In use: the banner says how many hold it.
	srv.errs = map[string]error{api.TypeRoleDelete: &api.Error{Code: api.CodeInUse, Args: map[string]string{"count": "2"}}}
	doOn(disp, ed, func() { ed.remove() })
	mustContain(t, html(ed), `id="confirm-dialog"`, "Удалить роль «Продажи»?")
	doOn(disp, ed, func() { a := ed.ask; ed.ask = nil; a.Do() })
	mustContain(t, html(ed), `id="role-editor-banner"`, "Роль назначена 2 пользователям")
	if host.deleted != 0 {
		t.Error("a refused delete was reported done")
	}

	// A new role's key is checked before it is sent.
	srv.errs = nil
	doOn(disp, ed, func() { ed.Host.copyRole(ed.form.Draft) })
	if len(host.copied) != 1 || host.copied[0].Key != "sales" {
		t.Errorf("copied %+v", host.copied)
	}
}

func TestAdminBuiltInRoleIsReadOnly(t *testing.T) {
	srv := newFakeAdmin()
	ed, host, disp := mustMountEditor(t, srv, "key_user")
	got := html(ed)
	mustAttr(t, got, "role-editor", "data-builtin", "true")
	mustContain(t, got, `id="role-builtin-note"`, "Встроенная роль: только копирование", `id="role-copy"`)
	mustNotContain(t, got, `id="role-save"`, `id="role-delete"`)
	mustTag(t, got, `id="lvl-outlets-edit"`, `checked`, `disabled`)
	mustTag(t, got, `id="right-export"`, `checked`, `disabled`)
	doOn(disp, ed, func() { ed.save() })
	if len(srv.roleSave) != 0 {
		t.Error("a built-in role was saved")
	}
	doOn(disp, ed, func() { ed.Host.copyRole(ed.form.Draft) })
	if len(host.copied) != 1 {
		t.Error("no copy")
	}
}

func TestAdminNewRoleChecks(t *testing.T) {
	srv := newFakeAdmin()
	host := &fakeRoleHost{}
	ed := &RoleEditor{Lang: "en", Link: adminLink(srv), Host: host, New: true, Seq: 1, Roles: srv.roles, Loaded: true}
	disp := app.NewClientTester(ed)
	defer disp.Close()
	settle(disp)
	mustContain(t, html(ed), "New role", `id="role-key"`, "Create role")
	doOn(disp, ed, func() { ed.form.SetText("key", "Bad Key"); ed.save() })
	got := html(ed)
	mustTag(t, got, `id="err-role-key"`, `data-code="bad_value"`)
	mustTag(t, got, `id="err-role-label_ru"`, `data-code="required"`)
	mustContain(t, got, "Key: 2–32 characters, lower-case Latin letters, digits and _.")
	if len(srv.roleSave) != 0 {
		t.Error("a role with faults was sent")
	}
}

func TestAdminRoutesAndNavigation(t *testing.T) {
	r := &Root{lang: "ru", link: &Link{}}
	r.m.User = api.User{Login: "root", Roles: []string{"admin"}}
	if _, ok := r.adminPage("/admin/users").(*AdminUsers); ok {
		t.Error("the users screen before the first hello (no socket yet)")
	}
	r.m.NavLoaded = true
	for path, want := range map[string]string{
		"/admin/users": "", "/admin/users/ann": "ann", "/admin/users/a%40b/rights": "a@b",
	} {
		page, ok := r.adminPage(path).(*AdminUsers)
		if !ok || page.Open != want || !page.CanRoles {
			t.Errorf("%s: %#v", path, r.adminPage(path))
		}
	}
	if p, _ := r.adminPage("/admin/users/ann/rights").(*AdminUsers); p.Tab != "rights" {
		t.Errorf("tab %q", p.Tab)
	}
	if p, ok := r.adminPage("/admin/roles/sales").(*AdminRoles); !ok || p.Open != "sales" {
		t.Errorf("roles page %#v", r.adminPage("/admin/roles/sales"))
	}
	if r.adminPage("/admin/usersx") != nil || r.adminPage("/c/outlets") != nil {
		t.Error("a path outside administration led to it")
	}

	nav := &NavPanel{Lang: "ru", Loaded: true, Open: true, Path: "/admin/users/ann", Groups: []api.NavGroup{{Key: "admin", Items: []api.NavItem{
		{Key: "users", Label: api.LocalText{RU: "Пользователи"}, Path: PathAdminUsers},
		{Key: "roles", Label: api.LocalText{RU: "Роли"}, Path: PathAdminRoles},
	}}}}
	disp := app.NewClientTester(nav)
	defer disp.Close()
	got := html(nav)
	mustContain(t, got, `href="/admin/users"`, `href="/admin/roles"`, "Администрирование")
	mustTag(t, got, `href="/admin/users"`, `aria-current="page"`)
	mustTag(t, got, `href="/admin/roles"`, `draggable="false"`)
	if strings.Count(got, `aria-current`) != 1 {
		t.Errorf("aria-current on more than one item:\n%s", got)
	}
}
