package ui

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

func rolePath(key string) string { return PathAdminRoles + "/" + url.PathEscape(key) }

// roleHost is what a RoleEditor asks of the screen that holds it.
type roleHost interface {
	closeRole()
	// roleSaved: a save was answered with r (created: a new role).
	roleSaved(r api.Role, created bool)
	// roleDeleted: a delete was answered with the roles left.
	roleDeleted(left api.Roles)
	// copyRole opens a new role made from r.
	copyRole(r api.Role)
	// refreshRoles asks for the roles again.
	refreshRoles()
	notify(code, text string, ok bool)
}

// AdminRoles (#admin-roles) is the roles screen: the table of roles
// (name, key, built-in, how many users hold each) and, beside it like a
// catalog's card, the open role's editor (RoleEditor). Refresh asks again
// for the roles.
//
// Data attributes: #admin-roles[data-rev] counts the roles replies
// applied (loads, and the lists a delete answers), [data-open] the open
// role's key.
type AdminRoles struct {
	app.Compo

	Lang string
	Link *Link
	// Open is the role whose editor the address names ("" none).
	Open string
	// CanUsers: the user may administer users (the title line links there).
	CanUsers bool

	ctx      app.Context
	unsub    func()
	followed bool
	openSeen string
	open     string
	creating bool
	from     *api.Role // the role a new one is copied from, nil for none
	edSeq    int
	edFocus  bool

	roles   api.Roles
	loaded  bool
	loadErr api.Code
	rev     int

	toasts state.Toasts
}

func (c *AdminRoles) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.follow()
	if c.unsub == nil && c.Link != nil {
		c.unsub = c.Link.Subscribe(func(ev LinkEvent) {
			if ev.Reconnected {
				c.Refresh()
			}
		})
	}
	c.fetch()
}

func (c *AdminRoles) OnUpdate(ctx app.Context) {
	c.ctx = ctx
	c.follow()
}

func (c *AdminRoles) OnDismount() {
	if c.unsub != nil {
		c.unsub()
		c.unsub = nil
	}
}

// follow opens the role the address names when it changed.
func (c *AdminRoles) follow() {
	if c.followed && c.Open == c.openSeen {
		return
	}
	c.followed, c.openSeen = true, c.Open
	if c.Open != c.open || (c.Open != "" && c.creating) {
		c.open, c.creating, c.from, c.edFocus = c.Open, false, nil, false
		c.edSeq++
	}
}

// Refresh asks again for the roles (the open editor follows them unless
// it has changes).
func (c *AdminRoles) Refresh() {
	c.fetch()
	c.Update()
}

func (c *AdminRoles) fetch() {
	if c.ctx == nil || c.Link == nil {
		return
	}
	ask(c.ctx, c.Link, api.TypeRoles, nil, nil, func(r api.Roles, err error) {
		c.rev++
		if err != nil {
			c.loadErr = codeOf(err)
			return
		}
		c.roles, c.loaded, c.loadErr = r, true, ""
	})
}

func (c *AdminRoles) navigate(path string) {
	if c.ctx != nil {
		c.ctx.Navigate(path)
	}
}

func (c *AdminRoles) openRole(key string, focus bool) {
	if key != c.open || c.creating {
		c.edSeq++
	}
	c.open, c.creating, c.from, c.edFocus = key, false, nil, focus
	c.navigate(rolePath(key))
	c.Update()
}

func (c *AdminRoles) openNew(from *api.Role) {
	c.open, c.creating, c.from, c.edFocus = "", true, from, true
	c.edSeq++
	c.navigate(PathAdminRoles)
	c.Update()
}

func (c *AdminRoles) closeRole() {
	key := c.open
	c.open, c.creating, c.from = "", false, nil
	c.navigate(PathAdminRoles)
	c.Update()
	if c.ctx != nil {
		c.ctx.Defer(func(app.Context) {
			for i, r := range c.roles.Roles {
				if r.Key == key {
					focusByID(roleRowLinkID(i))
					return
				}
			}
			focusByID("role-create")
		})
	}
}

func (c *AdminRoles) roleSaved(r api.Role, created bool) {
	if i := indexRole(c.roles.Roles, r.Key); i >= 0 {
		c.roles.Roles[i] = r
	} else {
		c.roles.Roles = append(c.roles.Roles, r)
	}
	if created {
		// The editor stays (it shows the reply); the address follows.
		c.creating, c.from, c.open = false, nil, r.Key
		c.navigate(rolePath(r.Key))
	}
	c.fetch()
	c.Update()
}

func (c *AdminRoles) roleDeleted(left api.Roles) {
	c.roles, c.loaded = left, true
	c.rev++
	c.closeRole()
}

func (c *AdminRoles) refreshRoles() { c.fetch() }

func (c *AdminRoles) copyRole(r api.Role) {
	from := r
	c.openNew(&from)
}

func (c *AdminRoles) notify(code, text string, ok bool) {
	id, life := c.toasts.Add(code, text, ok)
	if c.ctx != nil {
		c.ctx.After(life, func(app.Context) { c.toasts.Dismiss(id); c.Update() })
	}
	c.Update()
}

func (c *AdminRoles) dismissToast(id int) {
	c.toasts.Dismiss(id)
	c.Update()
}

func indexRole(roles []api.Role, key string) int {
	for i, r := range roles {
		if r.Key == key {
			return i
		}
	}
	return -1
}

func (c *AdminRoles) onCreate(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.openNew(nil)
}

func (c *AdminRoles) t(key string) string { return i18n.T(c.Lang, key) }

func roleRowLinkID(i int) string { return "role-row-" + strconv.Itoa(i) }

func (c *AdminRoles) Render() app.UI {
	c.follow()
	open := c.open != "" || c.creating
	classes := []string{"catalog", "admin-page", "roles-page"}
	if open {
		classes = append(classes, "card-open")
	}
	count := c.t("admin.counting")
	if c.loaded {
		count = i18n.Plural(c.Lang, "admin.roles.count", len(c.roles.Roles))
	}
	var editor app.UI
	if open {
		editor = &RoleEditor{
			Lang: c.Lang, Link: c.Link, Host: c,
			Key: c.open, New: c.creating, From: c.from, Seq: c.edSeq, Focus: c.edFocus,
			Roles: c.roles, Loaded: c.loaded,
		}
	}
	return app.Div().ID("admin-roles").Class(classes...).
		DataSet("rev", c.rev).
		DataSet("count", len(c.roles.Roles)).
		DataSet("open", c.open).
		Body(
			app.Div().Class("catalog-head").Body(
				app.Div().Class("catalog-title-wrap").Body(
					app.H1().Class("page-title", "catalog-title").Text(c.t("admin.roles.title")),
					app.Span().ID("roles-count").Class("catalog-count").Aria("live", "polite").Text(count),
				),
				app.Div().Class("admin-head-actions").Body(
					app.If(c.CanUsers, app.A().ID("roles-to-users").Href(PathAdminUsers).Class("btn", "btn-secondary").
						Body(icon(pathUsers), app.Span().Text(c.t("admin.users.title")))),
					app.Button().ID("role-create").Type("button").Class("btn", "btn-primary").
						OnClick(c.onCreate).
						Body(icon(pathPlus), app.Span().Text(c.t("admin.roles.create"))),
				),
			),
			app.P().Class("admin-lead").Text(c.t("admin.roles.lead")),
			app.Div().Class("catalog-body").Body(
				app.Div().Class("grid-wrap", "admin-table-wrap").Body(c.renderList()),
				editor,
			),
			&Toasts{Lang: c.Lang, List: c.toasts.List, OnDismiss: c.dismissToast},
		)
}

func (c *AdminRoles) renderList() app.UI {
	switch {
	case c.loadErr != "" && !c.loaded:
		return app.Div().ID("roles-error").Class("alert", "alert-error", "admin-load-error").DataSet("code", string(c.loadErr)).Body(
			app.Span().Class("alert-icon").Body(icon(pathAlert)),
			app.Span().Text(i18n.Error(c.Lang, c.loadErr)),
		)
	case !c.loaded:
		return app.Div().Class("admin-skeleton").Aria("busy", "true").Body(
			app.Span().Class("sr-only").Text(c.t("admin.loading")),
			app.Div().Class("skeleton"), app.Div().Class("skeleton", "skeleton-short"),
		)
	}
	roles := c.roles.Roles
	return app.Div().ID("roles-scroll").Class("admin-scroll").Body(
		app.Table().ID("roles-table").Class("admin-table", "roles-table").Body(
			app.Caption().Class("sr-only").Text(c.t("admin.roles.title")),
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text(c.t("admin.role.label")),
				app.Th().Scope("col").Text(c.t("admin.role.key")),
				app.Th().Scope("col").Text(c.t("admin.role.scope")),
				app.Th().Scope("col").Class("num").Text(c.t("admin.role.users")),
			)),
			app.TBody().Body(app.Range(roles).Slice(func(i int) app.UI {
				r := roles[i]
				key := r.Key
				cls := []string{"admin-row"}
				if i%2 == 1 {
					cls = append(cls, "odd")
				}
				if key == c.open {
					cls = append(cls, "selected")
				}
				scope := app.Span().Class("muted").Text(c.t("admin.scope.points_short"))
				if r.AllSyncPoints {
					scope = app.Span().Class("scope-all").Text(c.t("admin.scope.all_short"))
				}
				return app.Tr().Class(cls...).DataSet("key", key).
					Aria("selected", key == c.open).
					OnClick(func(ctx app.Context, e app.Event) {
						ctx.PreventUpdate()
						if newTabClick(e) {
							return
						}
						e.PreventDefault()
						c.openRole(key, false)
					}, key).
					OnKeyDown(func(ctx app.Context, e app.Event) { c.onRowKey(ctx, e, i) }, i).
					Body(
						app.Td().Class("admin-cell-main").Body(
							app.A().ID(roleRowLinkID(i)).Class("admin-link").Href(rolePath(key)).Text(r.Label.In(c.Lang)),
							app.If(r.BuiltIn, app.Span().Class("tag", "tag-builtin").Text(c.t("admin.role.builtin_tag"))),
						),
						app.Td().Class("mono", "muted").Text(key),
						app.Td().Body(scope),
						app.Td().Class("num").Text(strconv.Itoa(r.Users)),
					)
			})),
		),
	)
}

func (c *AdminRoles) onRowKey(ctx app.Context, e app.Event, i int) {
	ctx.PreventUpdate()
	roles := c.roles.Roles
	switch e.Get("key").String() {
	case "ArrowDown":
		if i+1 < len(roles) {
			e.PreventDefault()
			focusByID(roleRowLinkID(i + 1))
		}
	case "ArrowUp":
		if i > 0 {
			e.PreventDefault()
			focusByID(roleRowLinkID(i - 1))
		}
	case "Enter", " ":
		if i < len(roles) {
			e.PreventDefault()
			c.openRole(roles[i].Key, true)
		}
	}
}

// RoleEditor (#role-editor) edits one role: its names, key (new roles
// only), whether it sees every distributor, the default level, the matrix
// of levels per catalog (radio buttons, one group per row: Tab moves
// between rows, the arrows within one; a level above what the catalog
// allows is disabled; a row at the default says so) and the special
// rights by group with their importance. Built-in roles are read only and
// can be copied. Save sends the role with the version it was based on.
//
// Data attributes: #role-editor[data-rev] counts the roles it has shown
// from the server (opened from the list, the reply of a save),
// [data-key], [data-builtin], [data-dirty]; #role-matrix
// tr[data-catalog][data-level][data-default].
type RoleEditor struct {
	app.Compo

	Lang string
	Link *Link
	Host roleHost
	// Key is the role shown; New: a role not saved yet, made from From
	// when set. Seq changes whenever the screen (re)opens an editor.
	Key   string
	New   bool
	From  *api.Role
	Seq   int
	Focus bool
	// Roles is the screen's list: the role as read, and what a role can
	// grant; Loaded: it has come.
	Roles  api.Roles
	Loaded bool

	ctx      app.Context
	started  bool
	seq      int
	focusSeq int
	known    bool
	form     state.RoleForm
	inputs   inputValues
	busy     bool
	banner   *api.Error
	ask      *confirmAsk
	rev      int
	// reloading: after a stale save the user asked for the role as it is
	// now; the editor takes the next newer version the list brings.
	reloading bool
}

func (c *RoleEditor) OnMount(ctx app.Context) { c.OnUpdate(ctx) }

func (c *RoleEditor) OnUpdate(ctx app.Context) {
	c.ctx = ctx
	c.sync()
	if c.focusSeq != c.seq && (c.Focus || c.New) && c.known {
		c.focusSeq = c.seq
		id := "role-editor-title"
		if c.New {
			id = "role-label-ru"
		}
		ctx.Defer(func(app.Context) { focusByID(id) })
	}
}

func (c *RoleEditor) t(key string) string { return i18n.T(c.Lang, key) }

// sync starts over when another role is opened, takes the role once the
// list has it, and follows a newer version of it while nothing is edited
// (an older one is a list asked before the editor's own save).
func (c *RoleEditor) sync() {
	if !c.started || c.seq != c.Seq {
		c.started, c.seq = true, c.Seq
		c.known, c.busy, c.banner, c.ask, c.reloading = false, false, nil, nil, false
		c.inputs.reset()
		if c.New {
			if c.From != nil {
				c.form = state.CopyRoleForm(*c.From, func(k string) bool { return indexRole(c.Roles.Roles, k) >= 0 })
			} else {
				c.form = state.NewRoleForm()
			}
			c.known = true
			return
		}
	}
	if c.form.New {
		return
	}
	i := indexRole(c.Roles.Roles, c.Key)
	if i < 0 {
		return
	}
	r := c.Roles.Roles[i]
	switch {
	case !c.known:
		c.form, c.known = state.EditRoleForm(r), true
		c.rev++
	case r.Version > c.form.Orig.Version && (!c.form.Dirty() || c.reloading):
		c.form, c.reloading, c.banner = state.EditRoleForm(r), false, nil
		c.inputs.reset()
		c.rev++
	default:
		c.form.Orig.Users = r.Users
	}
}

func (c *RoleEditor) readOnly() bool { return c.form.Orig.BuiltIn || c.form.Draft.BuiltIn }

func (c *RoleEditor) save() {
	if c.busy || c.readOnly() || !c.known {
		return
	}
	if errs := c.form.Check(); len(errs) > 0 {
		c.form.Errors = errs
		c.goToError()
		return
	}
	req := c.form.Request()
	created := req.New
	c.busy, c.banner = true, nil
	c.request(api.TypeRoleSave, req, func(r api.Role, err error) {
		c.busy = false
		if err != nil {
			c.refused(err)
			return
		}
		c.form = state.EditRoleForm(r)
		c.inputs.reset()
		c.rev++
		c.Host.roleSaved(r, created)
		c.Host.notify("saved", c.t("card.saved"), true)
	})
}

// request sends one request about the open role; the answer is dropped
// if another role was opened since.
func (c *RoleEditor) request(typ string, req any, done func(api.Role, error)) {
	if c.ctx == nil || c.Link == nil {
		return
	}
	seq := c.seq
	ask(c.ctx, c.Link, typ, req, func() bool { return seq == c.seq }, done)
}

func (c *RoleEditor) refused(err error) {
	var e *api.Error
	if !errors.As(err, &e) {
		code := codeOf(err)
		c.Host.notify(string(code), i18n.Error(c.Lang, code), false)
		return
	}
	if e.Code == api.CodeValidation && len(e.Fields) > 0 {
		c.form.Refused(e)
		c.goToError()
		return
	}
	c.banner = e
}

func (c *RoleEditor) goToError() {
	k := state.FirstError(c.form.Errors, state.RoleFields)
	if k == "" || c.ctx == nil {
		return
	}
	id := "role-" + strings.ReplaceAll(k, "_", "-")
	if cat, ok := strings.CutPrefix(k, "catalogs."); ok {
		id = "lvl-" + cat + "-" + c.form.Level(api.RoleCatalog{Key: cat})
	} else if r, ok := strings.CutPrefix(k, "rights."); ok {
		id = rightID(r)
	}
	c.ctx.Defer(func(app.Context) { focusInView(id) })
}

func (c *RoleEditor) remove() {
	name := c.form.Orig.Label.In(c.Lang)
	c.ask = &confirmAsk{
		Text: i18n.Tf(c.Lang, "admin.role.confirm_delete", name), OK: c.t("card.delete"), Danger: true,
		Do: func() {
			c.busy, c.banner = true, nil
			seq := c.seq
			ask(c.ctx, c.Link, api.TypeRoleDelete, api.RoleRef{Key: c.form.Orig.Key}, func() bool { return seq == c.seq },
				func(left api.Roles, err error) {
					c.busy = false
					if err != nil {
						c.refused(err)
						return
					}
					c.Host.notify("deleted", i18n.Tf(c.Lang, "admin.role.deleted", name), true)
					c.Host.roleDeleted(left)
				})
		},
	}
}

// revert drops the changes (a new role's editor closes).
func (c *RoleEditor) revert() {
	if c.form.New {
		c.Host.closeRole()
		return
	}
	c.form = state.EditRoleForm(c.form.Orig)
	c.banner = nil
	c.inputs.reset()
}

func (c *RoleEditor) close() {
	if !c.readOnly() && c.known && c.form.Dirty() {
		c.ask = &confirmAsk{Text: c.t("card.discard"), Do: c.Host.closeRole}
		return
	}
	c.Host.closeRole()
}

// ---- events

func (c *RoleEditor) onKey(ctx app.Context, e app.Event) {
	if c.ask != nil || handled(e) {
		ctx.PreventUpdate()
		return
	}
	key := e.Get("key").String()
	ctrl := e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool()
	switch {
	case key == "Enter" && ctrl:
		e.PreventDefault()
		rerender(ctx, c)
		c.save()
	case key == "Escape":
		e.Call("stopPropagation")
		rerender(ctx, c)
		c.close()
	default:
		ctx.PreventUpdate()
	}
}

func (c *RoleEditor) onClose(ctx app.Context, e app.Event)  { rerender(ctx, c); c.close() }
func (c *RoleEditor) onSave(ctx app.Context, e app.Event)   { rerender(ctx, c); c.save() }
func (c *RoleEditor) onRevert(ctx app.Context, e app.Event) { rerender(ctx, c); c.revert() }
func (c *RoleEditor) onDelete(ctx app.Context, e app.Event) { rerender(ctx, c); c.remove() }

func (c *RoleEditor) onReload(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.reloading = true
	c.Host.refreshRoles()
}

func (c *RoleEditor) onCopy(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.Host.copyRole(c.form.Draft)
}

func (c *RoleEditor) onDefault(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.form.SetDefault(ctx.JSSrc().Get("value").String())
}

func (c *RoleEditor) onAllSync(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.form.Draft.AllSyncPoints = ctx.JSSrc().Get("checked").Bool()
}

// ---- rendering

func (c *RoleEditor) Render() app.UI {
	c.sync()
	f := &c.form
	ro := c.readOnly()
	title := c.t("admin.role.new")
	switch {
	case c.known && !f.New:
		title = f.Orig.Label.In(c.Lang)
	case !c.known:
		title = c.t("card.loading")
	}
	var sub app.UI
	if c.known && !f.New {
		sub = app.Div().Class("card-sub").Text(i18n.Plural(c.Lang, "admin.role.held_by", f.Orig.Users))
	}
	w := c.inputs.pending()
	if w != nil && c.ctx != nil {
		c.ctx.Defer(func(app.Context) { setInputValues(w) })
	}
	return app.Aside().ID("role-editor").Class("card-panel", "role-panel").
		DataSet("key", f.Draft.Key).
		DataSet("builtin", ro).
		DataSet("dirty", c.known && !ro && f.Dirty()).
		DataSet("rev", c.rev).
		Aria("labelledby", "role-editor-title").
		Aria("busy", !c.known || c.busy).
		Aria("keyshortcuts", "Control+Enter Escape").
		OnKeyDown(c.onKey).
		Body(
			app.Div().Class("card-head").Body(
				app.Div().Class("card-head-text").Body(
					app.Div().Class("card-kicker").Text(c.t("admin.role.kicker")),
					app.H2().ID("role-editor-title").Class("card-heading").TabIndex(-1).Text(title),
					sub,
				),
				app.If(ro, app.Span().Class("tag", "tag-builtin").Text(c.t("admin.role.builtin_tag"))),
				app.Button().ID("role-editor-close").Type("button").Class("icon-btn", "card-close").
					Aria("label", c.t("card.close")).Title(c.t("card.close")).
					OnClick(c.onClose).
					Body(icon(pathClose)),
			),
			c.renderBody(ro),
			c.renderFoot(ro),
			c.renderAsk(),
		)
}

func (c *RoleEditor) renderAsk() app.UI {
	if c.ask == nil {
		return nil
	}
	return c.ask.dialog(c.Lang, func() { c.ask = nil; c.Update() })
}

func (c *RoleEditor) renderBody(ro bool) app.UI {
	if !c.known {
		body := app.Div().Class("skeleton")
		if c.Loaded {
			// The list has come without the role: deleted meanwhile.
			return app.Div().Class("card-scroll").Body(
				app.Div().ID("role-editor-error").Class("alert", "alert-error").DataSet("code", string(api.CodeNotFound)).Body(
					app.Span().Class("alert-icon").Body(icon(pathAlert)),
					app.Span().Text(c.t("admin.role.not_found")),
				),
			)
		}
		return app.Div().Class("card-scroll").Body(body, app.Div().Class("skeleton", "skeleton-short"))
	}
	f := &c.form
	var key app.UI
	if f.New {
		key = c.textField("key", "role-key", c.t("admin.role.key"), f.Draft.Key, true, c.t("admin.role.key_hint"), ro)
	} else {
		key = viewField("key", c.t("admin.role.key"), true, app.Div().Class("card-value", "mono").Text(f.Draft.Key))
	}
	return app.Div().ID("role-editor-scroll").Class("card-scroll").Body(
		app.Div().Class("card-alerts").Body(c.renderAlerts(ro)...),
		app.Div().Class("card-fields").Body(
			c.textField("label_ru", "role-label-ru", c.t("admin.role.label_ru"), f.Draft.Label.RU, true, "", ro),
			c.textField("label_en", "role-label-en", c.t("admin.role.label_en"), f.Draft.Label.EN, false, "", ro),
			key,
			c.renderDefault(ro),
			app.Div().Class("card-field", "field-edit", "field-wide", "field-check").DataSet("field", "allSyncPoints").Body(
				app.Label().Class("switch").Body(
					app.Input().ID("role-all-sync").Type("checkbox").Class("switch-input").
						Checked(f.Draft.AllSyncPoints).Disabled(ro).
						Aria("describedby", "hint-role-all-sync").
						OnChange(c.onAllSync),
					app.Span().Class("switch-track").Aria("hidden", "true"),
					app.Span().Class("switch-label", "strong").Text(c.t("admin.role.all_sync")),
				),
				app.P().ID("hint-role-all-sync").Class("field-hint").Text(c.t("admin.role.all_sync_hint")),
			),
		),
		c.renderMatrix(ro),
		c.renderRights(ro),
	)
}

func (c *RoleEditor) renderAlerts(ro bool) []app.UI {
	var out []app.UI
	if ro {
		out = append(out, app.Div().ID("role-builtin-note").Class("alert", "alert-info").Role("note").Body(
			app.Span().Class("alert-icon").Body(icon(pathInfo)),
			app.Span().Text(c.t("admin.role.builtin_note")),
		))
	}
	if e := c.banner; e != nil {
		text := i18n.Error(c.Lang, e.Code)
		var reload app.UI
		switch e.Code {
		case api.CodeConflict:
			text = c.t("admin.role.conflict")
			reload = app.Button().ID("role-reload").Type("button").Class("btn", "btn-secondary", "btn-sm").
				Disabled(c.reloading).OnClick(c.onReload).Text(c.t("admin.reload"))
		case api.CodeInUse:
			n := c.form.Orig.Users
			for _, k := range []string{"count", "users"} {
				if v, err := strconv.Atoi(e.Args[k]); err == nil {
					n = v
					break
				}
			}
			text = i18n.Plural(c.Lang, "admin.role.in_use", n)
		}
		out = append(out, app.Div().ID("role-editor-banner").Class("alert", "alert-error").Role("alert").
			DataSet("code", string(e.Code)).Body(
			app.Span().Class("alert-icon").Body(icon(pathAlert)),
			app.Span().Class("alert-grow").Text(text),
			reload,
		))
	}
	return out
}

func (c *RoleEditor) fieldError(field string) app.UI {
	code, bad := c.form.Errors[field]
	p := app.P().ID("err-role-"+field).Class("field-error").
		DataSet("field", field).
		DataSet("code", string(code)).
		Hidden(!bad)
	if !bad {
		return p.Body(icon(pathAlert), app.Span())
	}
	return p.Body(icon(pathAlert), app.Span().Text(adminFieldError(c.Lang, "role_"+field, code, "")))
}

func (c *RoleEditor) textField(field, id, label, value string, required bool, hint string, ro bool) app.UI {
	_, bad := c.form.Errors[field]
	cls := []string{"card-field", "field-edit", "field-half"}
	if bad {
		cls = append(cls, "invalid")
	}
	in := app.Input().ID(id).Type("text").Class("input").
		Value(c.inputs.value(id, value)).
		Required(required).
		Disabled(ro).
		MaxLength(120).
		Attr("autocomplete", "off").
		OnInput(func(ctx app.Context, e app.Event) {
			ctx.PreventUpdate()
			_, had := c.form.Errors[field]
			typed := ctx.JSSrc().Get("value").String()
			c.inputs.typedInto(id, typed)
			c.form.SetText(field, typed)
			if had || field == "label_ru" {
				c.Update() // the error goes; Save and the title follow the name
			}
		}, field)
	if field == "key" {
		in = in.MaxLength(32).Attr("autocapitalize", "none").Attr("spellcheck", "false").Class("mono")
	}
	desc := ""
	if hint != "" {
		desc = "hint-role-" + field
	}
	if bad {
		in = in.Aria("invalid", true)
		desc = strings.TrimSpace(desc + " err-role-" + field)
	}
	if desc != "" {
		in = in.Aria("describedby", desc)
	}
	var hintUI app.UI
	if hint != "" {
		hintUI = app.P().ID("hint-role-" + field).Class("field-hint").Text(hint)
	}
	var req app.UI
	if required {
		req = app.Span().Class("req").Title(c.t("card.required")).Text("*")
	}
	return app.Div().Class(cls...).DataSet("field", field).Body(
		app.Label().For(id).Class("card-label").Body(app.Text(label), req),
		in,
		hintUI,
		c.fieldError(field),
	)
}

func (c *RoleEditor) renderDefault(ro bool) app.UI {
	def := c.form.Draft.Default
	return app.Div().Class("card-field", "field-edit", "field-half").DataSet("field", "default").Body(
		app.Label().For("role-default").Class("card-label").Text(c.t("admin.role.default")),
		app.Select().ID("role-default").Class("input", "select").
			Disabled(ro).
			Aria("describedby", "hint-role-default").
			OnChange(c.onDefault).
			Body(app.Range(api.Levels).Slice(func(i int) app.UI {
				l := api.Levels[i]
				return app.Option().Value(l).Selected(l == def).Text(c.t("admin.level." + l))
			})),
		app.P().ID("hint-role-default").Class("field-hint").Text(c.t("admin.role.default_hint")),
		c.fieldError("default"),
	)
}

// levelRadioID is the radio of level in the matrix row of catalog key.
func levelRadioID(key, level string) string { return "lvl-" + key + "-" + level }

func (c *RoleEditor) renderMatrix(ro bool) app.UI {
	groups := state.GroupCatalogs(c.Roles.Catalogs)
	levels := api.Levels
	return app.Section().Class("role-section").Aria("labelledby", "role-matrix-title").Body(
		app.H3().ID("role-matrix-title").Class("rights-title").Text(c.t("admin.role.matrix")),
		app.P().ID("role-matrix-hint").Class("field-hint").Text(c.t("admin.role.matrix_hint")),
		c.fieldError("catalogs"),
		app.Div().Class("matrix-wrap").Body(app.Table().ID("role-matrix").Class("admin-table", "matrix-table").
			Aria("describedby", "role-matrix-hint").
			Body(
				app.Caption().Class("sr-only").Text(c.t("admin.role.matrix")),
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text(c.t("admin.role.catalog")),
					app.Range(levels).Slice(func(i int) app.UI {
						return app.Th().Scope("col").Class("center").Text(c.t("admin.level." + levels[i]))
					}),
				)),
				app.Range(groups).Slice(func(g int) app.UI {
					grp := groups[g]
					return app.TBody().Body(
						app.Tr().Class("group-row").Body(
							app.Th().Scope("colgroup").ColSpan(len(levels)+1).Text(groupName(c.Lang, grp.Key)),
						),
						app.Range(grp.Catalogs).Slice(func(i int) app.UI { return c.renderMatrixRow(grp.Catalogs[i], ro) }),
					)
				}),
			)),
	)
}

func (c *RoleEditor) renderMatrixRow(cat api.RoleCatalog, ro bool) app.UI {
	f := &c.form
	level := f.Level(cat)
	own := f.Overridden(cat.Key)
	label := cat.Label.In(c.Lang)
	cls := []string{"admin-row", "static", "matrix-row"}
	if !own {
		cls = append(cls, "at-default")
	}
	var mark app.UI
	switch {
	case own && !ro:
		mark = app.Button().Type("button").Class("matrix-reset").
			Aria("label", i18n.Tf(c.Lang, "admin.role.reset_level", label)).
			Title(i18n.Tf(c.Lang, "admin.role.reset_level", label)).
			OnClick(func(ctx app.Context, e app.Event) { rerender(ctx, c); c.form.ResetLevel(cat.Key) }, cat.Key).
			Body(icon(pathRestore))
	case !own:
		mark = app.Span().Class("default-tag").Text(c.t("admin.role.at_default"))
	}
	return app.Tr().Class(cls...).DataSet("catalog", cat.Key).DataSet("level", level).DataSet("default", !own).Body(
		app.Th().Scope("row").Body(
			app.Span().Class("matrix-label").Text(label),
			mark,
		),
		app.Range(api.Levels).Slice(func(i int) app.UI {
			l := api.Levels[i]
			allowed := state.LevelAllowed(l, cat.Max)
			name := c.t("admin.level." + l)
			td := app.Td().Class("center", "matrix-cell")
			if !allowed {
				td = td.Class("above-max").Title(c.t("admin.role.above_max"))
			}
			return td.Body(app.Input().ID(levelRadioID(cat.Key, l)).Type("radio").Class("matrix-radio").
				Name("lvl-%s", cat.Key).
				Value(l).
				Checked(l == level).
				Disabled(ro || !allowed).
				Aria("label", label+": "+name).
				OnChange(func(ctx app.Context, e app.Event) { rerender(ctx, c); c.form.SetLevel(cat, l) }, cat.Key, l))
		}),
	)
}

// rightID is the checkbox of a special right ("loader.prices" has a dot,
// which an id may hold but a CSS selector would misread).
func rightID(key string) string { return "right-" + strings.ReplaceAll(key, ".", "-") }

func (c *RoleEditor) renderRights(ro bool) app.UI {
	groups := state.GroupRights(c.Roles.Rights)
	return app.Section().Class("role-section").Aria("labelledby", "role-rights-title").Body(
		app.H3().ID("role-rights-title").Class("rights-title").Text(c.t("admin.role.rights")),
		c.fieldError("rights"),
		app.Div().ID("role-rights").Class("rights-groups").Body(
			app.Range(groups).Slice(func(g int) app.UI {
				grp := groups[g]
				return app.FieldSet().Class("rights-group").DataSet("group", grp.Key).Body(
					app.Legend().Class("rights-legend").Text(rightGroupName(c.Lang, grp.Key)),
					app.Ul().Class("check-list").Body(app.Range(grp.Rights).Slice(func(i int) app.UI {
						r := grp.Rights[i]
						key := r.Key
						return app.Li().DataSet("right", key).Body(
							app.Label().Class("check").Body(
								app.Input().ID(rightID(key)).Type("checkbox").Class("check-input").
									Checked(c.form.HasRight(key)).
									Disabled(ro).
									OnChange(func(ctx app.Context, e app.Event) {
										rerender(ctx, c)
										c.form.SetRight(key, ctx.JSSrc().Get("checked").Bool())
									}, key),
								// The tag in the text: a wrapped one stays under the words.
								app.Span().Class("check-label").Body(app.Text(r.Label.In(c.Lang)), tierTag(c.Lang, r.Tier)),
							),
						)
					})),
				)
			}),
		),
	)
}

func (c *RoleEditor) renderFoot(ro bool) app.UI {
	f := &c.form
	if !c.known {
		return app.Div().Class("card-foot").Body(
			app.Button().Type("button").Class("btn", "btn-secondary").OnClick(c.onClose).Text(c.t("card.close")),
		)
	}
	copyBtn := app.Button().ID("role-copy").Type("button").Class("btn", "btn-secondary").
		Disabled(c.busy).OnClick(c.onCopy).
		Body(icon(pathCopy), app.Span().Text(c.t("admin.role.copy")))
	if ro {
		return app.Div().Class("card-foot").Body(copyBtn)
	}
	save := c.t("card.save")
	if f.New {
		save = c.t("admin.role.create")
	}
	if c.busy {
		save = c.t("card.saving")
	}
	dirty := f.Dirty()
	return app.Div().Class("card-foot").Body(
		app.Button().ID("role-save").Type("button").Class("btn", "btn-primary").
			Disabled(c.busy || !dirty).OnClick(c.onSave).
			Body(icon(pathCheck), app.Span().Text(save)),
		app.Button().ID("role-revert").Type("button").Class("btn", "btn-secondary").
			Disabled(c.busy || (!dirty && !f.New)).OnClick(c.onRevert).Text(c.t("card.cancel")),
		app.If(!f.New, copyBtn),
		app.Div().Class("toolbar-spacer"),
		app.If(!f.New, app.Button().ID("role-delete").Type("button").Class("btn", "btn-danger-ghost").
			Disabled(c.busy).OnClick(c.onDelete).
			Body(icon(pathTrash), app.Span().Text(c.t("card.delete")))),
	)
}
