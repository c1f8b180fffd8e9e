package ui

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// Where the administration screens live. A user's card is
// PathAdminUsers + "/<login>" (its effective rights "/<login>/rights"), a
// role's editor PathAdminRoles + "/<key>": the address names what is open,
// so a card can be linked to, reloaded and left with the browser's Back.
const (
	PathAdminUsers = "/admin/users"
	PathAdminRoles = "/admin/roles"
)

// Extra icons of the administration screens, in the style of icons.go.
const (
	pathUsers  = `<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20a6.5 6.5 0 0 1 13 0"/><path d="M15.5 4.8a3.5 3.5 0 0 1 0 6.4"/><path d="M18 14.2a6.5 6.5 0 0 1 3.5 5.8"/>`
	pathShield = `<path d="M12 3l8 3v6c0 4.5-3.4 8.2-8 9-4.6-.8-8-4.5-8-9V6z"/><path d="M9 12l2 2 4-4"/>`
	pathLock   = `<rect x="5" y="11" width="14" height="9" rx="2"/><path d="M8 11V8a4 4 0 0 1 8 0v3"/>`
	pathCopy   = `<rect x="9" y="9" width="11" height="11" rx="2"/><path d="M5 15V6a2 2 0 0 1 2-2h9"/>`
	pathMail   = `<rect x="3" y="5" width="18" height="14" rx="2"/><path d="M3.5 6.5l8.5 6.5 8.5-6.5"/>`
)

// adminPage is the administration screen path names, nil when it names
// none. The server decides who may see what: without the right the
// screen shows its "forbidden" answer.
func (c *Root) adminPage(path string) app.UI {
	_, users := cutSection(path, PathAdminUsers)
	_, roles := cutSection(path, PathAdminRoles)
	if (users || roles) && !c.m.NavLoaded {
		// Until the first hello the socket is not open: the screen would
		// ask into the void (a catalog's screen waits the same way).
		return app.Div().Class("page").Aria("busy", "true").Body(
			app.Span().Class("sr-only").Text(i18n.T(c.lang, "admin.loading")),
			app.Div().Class("skeleton"), app.Div().Class("skeleton", "skeleton-short"),
		)
	}
	if rest, ok := cutSection(path, PathAdminUsers); ok {
		login, tab, _ := strings.Cut(rest, "/")
		if l, err := url.PathUnescape(login); err == nil {
			login = l
		}
		return &AdminUsers{
			Lang: c.lang, Link: c.link, Open: login, Tab: tab, Self: c.m.User.Login,
			CanRoles: holds(c.m.User, api.RightAdminRoles),
		}
	}
	if rest, ok := cutSection(path, PathAdminRoles); ok {
		key, _, _ := strings.Cut(rest, "/")
		return &AdminRoles{Lang: c.lang, Link: c.link, Open: key, CanUsers: holds(c.m.User, api.RightAdminUsers)}
	}
	return nil
}

// cutSection reports whether path is section or below it, and what
// follows "section/".
func cutSection(path, section string) (rest string, ok bool) {
	if path == section {
		return "", true
	}
	rest, ok = strings.CutPrefix(path, section+"/")
	return rest, ok
}

// holds reports whether the signed-in user holds a special right (the
// administrator role holds them all, also with a server that does not
// list rights yet).
func holds(u api.User, right string) bool {
	return slices.Contains(u.Rights, right) || slices.Contains(u.Roles, "admin")
}

func userPath(login string) string { return PathAdminUsers + "/" + url.PathEscape(login) }

// AdminUsers (#admin-users) is the users screen: a title line with the
// count and Create, the search (login, name, e-mail, phone; sent to the
// server after a pause in typing), the status and role filters, the table
// of users and, beside it like a catalog's card, the open user's card
// (AdminUserCard). It owns the list and its I/O; Refresh asks again for
// everything on screen (after a push, or a reconnect).
//
// Data attributes for the browser tests: #admin-users[data-rev] counts the
// users replies applied, [data-count] the users shown, [data-search] the
// search they were asked with, [data-open] the open card's login.
type AdminUsers struct {
	app.Compo

	Lang string
	Link *Link
	// Open is the user whose card the address names ("" none), Tab the
	// card's tab it names ("rights", "sessions"; "" the profile).
	Open, Tab string
	// Self is the signed-in login; CanRoles: the user may edit roles
	// (the title line links to them).
	Self     string
	CanRoles bool

	ctx        app.Context
	unsub      func()
	followed   bool
	openSeen   string
	tabSeen    string
	open       string // the login whose card is open
	tab        string
	creating   bool
	cardSeq    int // grows whenever a card is (re)opened
	cardFocus  bool
	cardChange int // grows when what the card shows may have changed

	search    string // as typed
	searchSeq int
	status    string
	role      string
	asked     api.UsersRequest // the filter the list on screen was asked with
	listSeq   int
	users     []api.AdminUser
	loaded    bool
	loadErr   api.Code
	rev       int

	roles      api.Roles
	rolesKnown bool
	rolesErr   api.Code

	toasts state.Toasts
	// link is a set-password link shown once (LinkDialog), nil for none;
	// linkWhy says why it was not mailed.
	link    *api.LinkSent
	linkWhy string
	// now is the clock (locks end); nil: time.Now.
	now func() time.Time
}

func (c *AdminUsers) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.follow()
	if c.unsub == nil && c.Link != nil {
		c.unsub = c.Link.Subscribe(c.onLinkEvent)
	}
	c.fetchUsers()
	c.fetchRoles()
}

func (c *AdminUsers) OnUpdate(ctx app.Context) {
	c.ctx = ctx
	c.follow()
}

func (c *AdminUsers) OnDismount() {
	if c.unsub != nil {
		c.unsub()
		c.unsub = nil
	}
}

func (c *AdminUsers) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

// follow opens what the address names when it changed (a link, Back):
// what the screen opened itself it named already.
func (c *AdminUsers) follow() {
	if c.followed && c.Open == c.openSeen && c.Tab == c.tabSeen {
		return
	}
	c.followed = true
	c.openSeen, c.tabSeen = c.Open, c.Tab
	if c.Open != c.open || c.Tab != c.tab {
		if c.Open != c.open || c.creating {
			c.cardSeq++
			c.cardFocus = false
		}
		c.open, c.tab, c.creating = c.Open, c.Tab, c.Open == "" && c.creating
	}
}

// Refresh asks again for the list, the roles and the open card.
func (c *AdminUsers) Refresh() {
	c.fetchUsers()
	c.fetchRoles()
	c.cardChange++
	c.Update()
}

func (c *AdminUsers) onLinkEvent(ev LinkEvent) {
	if ev.Reconnected {
		c.Refresh()
	}
}

func (c *AdminUsers) request() api.UsersRequest {
	return api.UsersRequest{Search: strings.TrimSpace(c.search), Status: c.status, Role: c.role}
}

// fetchUsers asks for the list with the filter as it is now; a reply to
// an older filter is dropped.
func (c *AdminUsers) fetchUsers() {
	if c.ctx == nil || c.Link == nil {
		return
	}
	c.listSeq++
	seq := c.listSeq
	req := c.request()
	ask(c.ctx, c.Link, api.TypeUsers, req, func() bool { return seq == c.listSeq }, func(r api.Users, err error) {
		c.rev++
		if err != nil {
			c.loadErr = codeOf(err)
			return
		}
		c.users, c.loaded, c.loadErr, c.asked = r.Users, true, "", req
	})
}

func (c *AdminUsers) fetchRoles() {
	if c.ctx == nil || c.Link == nil {
		return
	}
	ask(c.ctx, c.Link, api.TypeRoles, nil, nil, func(r api.Roles, err error) {
		if err != nil {
			c.rolesErr = codeOf(err)
			return
		}
		c.roles, c.rolesKnown, c.rolesErr = r, true, ""
	})
}

// ---- opening and closing cards

func (c *AdminUsers) navigate(path string) {
	if c.ctx != nil {
		c.ctx.Navigate(path)
	}
}

// openUser opens the card of login; focus: from the keyboard, the focus
// goes into the card.
func (c *AdminUsers) openUser(login string, focus bool) {
	if login == "" {
		return
	}
	if login != c.open || c.creating {
		c.cardSeq++
	} else {
		c.cardChange++ // its row again: show the user as they are now (locked since, signed in)
	}
	c.open, c.tab, c.creating, c.cardFocus = login, "", false, focus
	c.navigate(userPath(login))
	c.Update()
}

func (c *AdminUsers) openNew() {
	c.open, c.tab, c.creating, c.cardFocus = "", "", true, true
	c.cardSeq++
	c.navigate(PathAdminUsers)
	c.Update()
}

// closeUser closes the card; the focus goes back to its row.
func (c *AdminUsers) closeUser() {
	login := c.open
	c.open, c.tab, c.creating = "", "", false
	c.navigate(PathAdminUsers)
	c.Update()
	if c.ctx != nil {
		c.ctx.Defer(func(app.Context) {
			if i := slices.IndexFunc(c.users, func(u api.AdminUser) bool { return u.Login == login }); i >= 0 {
				focusByID(userRowLinkID(i))
			} else {
				focusByID("user-create")
			}
		})
	}
}

// userWritten is told of every answered save and action: the list asks
// again, and a created user's card now names its login.
func (c *AdminUsers) userWritten(u api.AdminUser, created bool) {
	if created {
		// The card stays (it shows the reply); the address follows.
		c.creating, c.open = false, u.Login
		c.navigate(userPath(u.Login))
	}
	if i := slices.IndexFunc(c.users, func(x api.AdminUser) bool { return x.Login == u.Login }); i >= 0 {
		c.users[i] = u // shown at once; the list's answer follows
	}
	c.fetchUsers()
	c.fetchRoles() // the roles' user counts
	c.Update()
}

// setTab names the card's tab in the address.
func (c *AdminUsers) setTab(tab string) {
	c.tab = tab
	if c.open != "" {
		path := userPath(c.open)
		if tab != "" {
			path += "/" + tab
		}
		c.navigate(path)
	}
}

func (c *AdminUsers) showLink(l api.LinkSent, reason string) {
	c.link, c.linkWhy = &l, reason
	c.Update()
}

func (c *AdminUsers) closeLink() {
	c.link, c.linkWhy = nil, ""
	c.Update()
}

func (c *AdminUsers) renderLink() app.UI {
	if c.link == nil {
		return nil
	}
	return &LinkDialog{Lang: c.Lang, Link: *c.link, Reason: c.linkWhy, Now: c.now, OnClose: c.closeLink}
}

func (c *AdminUsers) notify(code, text string, ok bool) {
	id, life := c.toasts.Add(code, text, ok)
	if c.ctx != nil {
		c.ctx.After(life, func(app.Context) { c.toasts.Dismiss(id); c.Update() })
	}
	c.Update()
}

func (c *AdminUsers) dismissToast(id int) {
	c.toasts.Dismiss(id)
	c.Update()
}

// ---- the filter

func (c *AdminUsers) onSearch(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.search = ctx.JSSrc().Get("value").String()
	afterTyping(ctx, &c.searchSeq, c.fetchUsers)
}

func (c *AdminUsers) onSearchKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	switch e.Get("key").String() {
	case "Enter":
		c.searchSeq++ // no second request after the pause
		c.fetchUsers()
	case "ArrowDown":
		if len(c.users) > 0 {
			e.PreventDefault()
			focusByID(userRowLinkID(0))
		}
	}
}

func (c *AdminUsers) onStatus(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.status = ctx.JSSrc().Get("value").String()
	c.fetchUsers()
}

func (c *AdminUsers) onRole(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.role = ctx.JSSrc().Get("value").String()
	c.fetchUsers()
}

func (c *AdminUsers) filtered() bool {
	r := c.asked
	return r.Search != "" || r.Status != "" || r.Role != ""
}

func (c *AdminUsers) resetFilter() {
	c.search, c.status, c.role = "", "", ""
	c.searchSeq++
	setInputValues(map[string]string{"users-search": ""})
	c.fetchUsers()
	c.Update()
}

func (c *AdminUsers) onResetFilter(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.resetFilter()
}

func (c *AdminUsers) onCreate(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.openNew()
}

// ---- rendering

func (c *AdminUsers) t(key string) string { return i18n.T(c.Lang, key) }

func (c *AdminUsers) Render() app.UI {
	c.follow()
	open := c.open != "" || c.creating
	classes := []string{"catalog", "admin-page"}
	if open {
		classes = append(classes, "card-open")
	}
	count := c.t("admin.counting")
	if c.loaded {
		count = i18n.Plural(c.Lang, "admin.users.count", len(c.users))
	}
	return app.Div().ID("admin-users").Class(classes...).
		DataSet("rev", c.rev).
		DataSet("count", len(c.users)).
		DataSet("search", c.asked.Search).
		DataSet("open", c.open).
		Body(
			app.Div().Class("catalog-head").Body(
				app.Div().Class("catalog-title-wrap").Body(
					app.H1().Class("page-title", "catalog-title").Text(c.t("admin.users.title")),
					app.Span().ID("users-count").Class("catalog-count").Aria("live", "polite").Text(count),
				),
				app.Div().Class("admin-head-actions").Body(
					app.If(c.CanRoles, app.A().ID("users-to-roles").Href(PathAdminRoles).Class("btn", "btn-secondary").
						Body(icon(pathShield), app.Span().Text(c.t("admin.roles.title")))),
					app.Button().ID("user-create").Type("button").Class("btn", "btn-primary").
						OnClick(c.onCreate).
						Body(icon(pathPlus), app.Span().Text(c.t("admin.users.create"))),
				),
			),
			c.renderToolbar(),
			app.Div().Class("catalog-body").Body(
				c.renderTable(),
				c.renderCard(open),
			),
			c.renderLink(),
			&Toasts{Lang: c.Lang, List: c.toasts.List, OnDismiss: c.dismissToast},
		)
}

func (c *AdminUsers) renderToolbar() app.UI {
	roles := c.roles.Roles
	return app.Div().Class("catalog-toolbar").Body(app.Div().Class("tb-row").Body(
		app.Div().Class("search-box").Body(
			app.Label().For("users-search").Class("search-icon").Body(
				icon(pathSearch),
				app.Span().Class("sr-only").Text(c.t("admin.users.search")),
			),
			// Not bound to the state: a render while keys are arriving
			// would drop the ones typed meanwhile.
			app.Input().ID("users-search").Type("search").Class("input", "search-input").
				Placeholder(c.t("admin.users.search_hint")).
				Attr("autocomplete", "off").
				Aria("controls", "users-table").
				OnInput(c.onSearch).
				OnKeyDown(c.onSearchKey),
		),
		app.Label().For("users-status").Class("sr-only").Text(c.t("admin.users.status_filter")),
		app.Select().ID("users-status").Class("input", "select", "admin-filter").
			OnChange(c.onStatus).
			Body(
				app.Option().Value("").Selected(c.status == "").Text(c.t("admin.users.status_all")),
				app.Option().Value(api.UserActive).Selected(c.status == api.UserActive).Text(c.t("admin.status.active_many")),
				app.Option().Value(api.UserDeactivated).Selected(c.status == api.UserDeactivated).Text(c.t("admin.status.deactivated_many")),
			),
		app.Label().For("users-role").Class("sr-only").Text(c.t("admin.users.role_filter")),
		app.Select().ID("users-role").Class("input", "select", "admin-filter").
			OnChange(c.onRole).
			Body(
				app.Option().Value("").Selected(c.role == "").Text(c.t("admin.users.role_all")),
				app.Range(roles).Slice(func(i int) app.UI {
					r := roles[i]
					return app.Option().Value(r.Key).Selected(c.role == r.Key).Text(r.Label.In(c.Lang))
				}),
			),
		app.Div().Class("toolbar-spacer"),
	))
}

func (c *AdminUsers) renderTable() app.UI {
	var body app.UI
	switch {
	case c.loadErr != "" && !c.loaded:
		body = app.Div().ID("users-error").Class("alert", "alert-error", "admin-load-error").DataSet("code", string(c.loadErr)).Body(
			app.Span().Class("alert-icon").Body(icon(pathAlert)),
			app.Span().Text(i18n.Error(c.Lang, c.loadErr)),
		)
	case !c.loaded:
		body = app.Div().Class("admin-skeleton").Aria("busy", "true").Body(
			app.Span().Class("sr-only").Text(c.t("admin.loading")),
			app.Div().Class("skeleton"), app.Div().Class("skeleton"), app.Div().Class("skeleton", "skeleton-short"),
		)
	default:
		body = c.renderUsers()
	}
	return app.Div().Class("grid-wrap", "admin-table-wrap").Body(body)
}

func (c *AdminUsers) renderUsers() app.UI {
	users := c.users
	now := c.clock()
	var empty app.UI
	if len(users) == 0 {
		var reset app.UI
		text := c.t("admin.users.empty")
		if c.filtered() {
			text = c.t("catalog.empty_filter")
			reset = app.Button().ID("users-reset").Type("button").Class("btn", "btn-secondary", "btn-sm").
				OnClick(c.onResetFilter).Text(c.t("catalog.reset_filter"))
		}
		empty = app.Div().ID("users-empty").Class("grid-empty", "admin-empty").Body(
			app.Div().Class("empty-icon").Body(icon(pathUsers)),
			app.P().Text(text),
			reset,
		)
	}
	return app.Div().ID("users-scroll").Class("admin-scroll").Body(
		app.Table().ID("users-table").Class("admin-table", "users-table").
			Aria("rowcount", len(users)+1).
			Body(
				app.Caption().Class("sr-only").Text(c.t("admin.users.title")),
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text(c.t("admin.user.login")),
					app.Th().Scope("col").Text(c.t("admin.user.name")),
					app.Th().Scope("col").Text(c.t("admin.user.email")),
					app.Th().Scope("col").Text(c.t("admin.user.roles")),
					app.Th().Scope("col").Text(c.t("admin.user.sync_points")),
					app.Th().Scope("col").Text(c.t("admin.user.status")),
					app.Th().Scope("col").Text(c.t("admin.user.last_sign_in")),
					app.Th().Scope("col").Class("num").Text(c.t("admin.user.sessions")),
				)),
				app.TBody().Body(
					app.Range(users).Slice(func(i int) app.UI { return c.renderRow(i, users[i], now) }),
				),
			),
		empty,
	)
}

func userRowLinkID(i int) string { return "user-row-" + strconv.Itoa(i) }

// newTabClick reports whether a click asks for a new tab or window
// (Ctrl, ⌘ or Shift held), which the row's link is for.
func newTabClick(e app.Event) bool {
	if app.IsServer {
		return false
	}
	return e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("shiftKey").Bool()
}

func (c *AdminUsers) renderRow(i int, u api.AdminUser, now time.Time) app.UI {
	login := u.Login
	cls := []string{"admin-row"}
	if i%2 == 1 {
		cls = append(cls, "odd")
	}
	if login == c.open {
		cls = append(cls, "selected")
	}
	st := state.UserStatus(u, now)
	if st == api.UserDeactivated {
		cls = append(cls, "inactive")
	}
	last := app.Td().Class("nowrap")
	if u.LastSignIn != nil && !u.LastSignIn.IsZero() {
		last = last.Text(state.FormatMoment(*u.LastSignIn, c.Lang, nil))
	} else {
		last = last.Class("muted").Text(c.t("admin.user.never"))
	}
	return app.Tr().Class(cls...).DataSet("login", login).
		Aria("selected", login == c.open).
		OnClick(func(ctx app.Context, e app.Event) {
			ctx.PreventUpdate()
			if newTabClick(e) {
				return // the browser opens the row's link in a new tab
			}
			e.PreventDefault()
			c.openUser(login, false)
		}, login).
		OnKeyDown(func(ctx app.Context, e app.Event) { c.onRowKey(ctx, e, i) }, i).
		Body(
			app.Td().Class("admin-cell-main").Body(
				app.A().ID(userRowLinkID(i)).Class("admin-link").Href(userPath(login)).Text(login),
				app.If(!u.HasPassword, app.Span().Class("admin-note-dot").
					Title(c.t("admin.user.no_password")).
					Aria("label", c.t("admin.user.no_password")).
					Body(icon(pathMail))),
			),
			app.Td().Text(u.Name),
			app.Td().Class("muted").Text(u.Email),
			app.Td().Body(c.roleChips(u.Roles)),
			app.Td().Body(c.scopeCell(u)),
			app.Td().Body(statusChip(c.Lang, u, now)),
			last,
			app.Td().Class("num").Text(strconv.Itoa(u.Sessions)),
		)
}

// onRowKey: Enter opens (the row's link does), ArrowDown and ArrowUp move
// to the next and previous user.
func (c *AdminUsers) onRowKey(ctx app.Context, e app.Event, i int) {
	ctx.PreventUpdate()
	switch e.Get("key").String() {
	case "ArrowDown":
		if i+1 < len(c.users) {
			e.PreventDefault()
			focusByID(userRowLinkID(i + 1))
		}
	case "ArrowUp":
		e.PreventDefault()
		if i > 0 {
			focusByID(userRowLinkID(i - 1))
		} else {
			focusByID("users-search")
		}
	case "Enter", " ":
		if i < len(c.users) {
			e.PreventDefault()
			c.openUser(c.users[i].Login, true)
		}
	}
}

func (c *AdminUsers) roleChips(keys []string) app.UI {
	return roleChips(c.Lang, c.roles.Roles, keys)
}

// roleChips shows role keys as chips with the roles' names.
func roleChips(lang string, roles []api.Role, keys []string) app.UI {
	if len(keys) == 0 {
		return app.Span().Class("muted").Text("—")
	}
	return app.Span().Class("chip-list").Body(
		app.Range(keys).Slice(func(i int) app.UI {
			return app.Span().Class("role-chip").DataSet("role", keys[i]).Text(state.RoleLabel(roles, keys[i], lang))
		}),
	)
}

// scopeCell says which distributors' rows the user sees: all of them when
// a role lifts the scope, else the sync points' names.
func (c *AdminUsers) scopeCell(u api.AdminUser) app.UI {
	if len(state.ScopeLifted(c.roles.Roles, u.Roles)) > 0 {
		return app.Span().Class("scope-all").Text(c.t("admin.scope.all_short"))
	}
	if len(u.SyncPoints) == 0 {
		return app.Span().Class("muted").Text("—")
	}
	names := make([]string, len(u.SyncPoints))
	for i, r := range u.SyncPoints {
		names[i] = syncPointName(r)
	}
	text := strings.Join(names, ", ")
	return app.Span().Class("admin-clip").Title(text).Text(text)
}

// syncPointName is a sync point's name, its code or id when it has none.
func syncPointName(r api.Ref) string {
	switch {
	case r.Label != "":
		return r.Label
	case r.Code != "":
		return r.Code
	}
	return r.ID
}

// statusChip shows a user's status: active green, deactivated grey,
// locked red with when the lock ends.
func statusChip(lang string, u api.AdminUser, now time.Time) app.UI {
	st := state.UserStatus(u, now)
	switch st {
	case state.UserLocked:
		return app.Span().Class("status-chip", "status-locked").DataSet("status", st).Body(
			icon(pathLock),
			app.Text(i18n.Tf(lang, "admin.status.locked_until", state.FormatUntil(*u.LockedUntil, lang, nil, now))),
		)
	case api.UserDeactivated:
		return app.Span().Class("status-chip", "status-off").DataSet("status", st).Text(i18n.T(lang, "admin.status.deactivated"))
	}
	return app.Span().Class("status-chip", "status-active").DataSet("status", st).Text(i18n.T(lang, "admin.status.active"))
}

func (c *AdminUsers) renderCard(open bool) app.UI {
	if !open {
		return nil
	}
	return &AdminUserCard{
		Lang: c.Lang, Link: c.Link, Host: c,
		Login: c.open, New: c.creating, Seq: c.cardSeq, Focus: c.cardFocus, Tab: c.tab,
		Roles: c.roles, RolesKnown: c.rolesKnown, Changed: c.cardChange, Self: c.Self, Now: c.now,
	}
}
