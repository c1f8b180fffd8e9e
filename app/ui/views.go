package ui

import (
	"errors"
	"slices"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// Views and form settings on the catalog screen: the layout a catalog
// opens with, the View menu (#view-menu, #view-list), the name dialog
// (#view-dialog), sharing (#view-share-dialog), and the form settings
// entries of the list menu. The layout itself lives in c.q, c.cols and
// c.totals; c.viewID names the view it came from and c.applied is the
// layout as last applied or saved, so later changes on this tab show.

// shareRoles are the roles a view may be shared with.
var shareRoles = []string{"key_user", "viewer"}

// viewDialog is the open name dialog: creating, renaming or duplicating.
type viewDialog struct {
	Open bool
	Mode string // "create", "rename", "duplicate"
	ID   string // the view renamed or duplicated
	Name string // what the input starts with; the typed text stays in the DOM
	Err  string // i18n key of the error next to the name
	Busy bool
}

// Actions of the list menu about form settings.
const (
	actSettingsSave  = "settings-save"
	actSettingsReset = "settings-reset"
)

// currentLayout is the layout on screen.
func (c *CatalogPage) currentLayout() api.Layout { return c.q.Layout(c.cols, c.totals) }

// currentView is the view on screen, or nil.
func (c *CatalogPage) currentView() *api.View { return state.FindView(c.views, c.viewID) }

// modified reports whether the screen shows a view other than as saved.
func (c *CatalogPage) modified() bool {
	v := c.currentView()
	return v != nil && !state.SameLayout(c.Catalog, c.currentLayout(), v.Layout)
}

// applyLayout shows a layout (nil: the catalog's defaults) and refetches.
func (c *CatalogPage) applyLayout(l *api.Layout) {
	var lay api.Layout
	if l != nil {
		lay = *l
	}
	lay = state.Effective(c.Catalog, lay)
	c.q = state.Query{Filter: lay.Filter, Sort: slices.Clone(lay.Sort), Deleted: lay.Deleted}
	c.q.Filter.All = slices.Clone(lay.Filter.All)
	c.q.Filter.Groups = slices.Clone(lay.Filter.Groups)
	c.search = lay.Filter.Search
	c.searchSeq++
	c.cols = slices.Clone(lay.Columns)
	c.totals = slices.Clone(lay.Totals)
	c.totalVals = nil
	c.applied = c.currentLayout()
	c.resetQuery()
	if c.ctx != nil {
		c.measureSoon(c.ctx)
	}
}

// showURL puts the catalog and the current view in the address bar
// without a reload or a new history entry.
func (c *CatalogPage) showURL() {
	if app.IsServer {
		return
	}
	u := state.CatalogURL(c.key, c.viewID)
	loc := app.Window().Get("location")
	if loc.Get("pathname").String()+loc.Get("search").String() == u {
		return
	}
	app.Window().Get("history").Call("replaceState", nil, "", u)
}

// linkView is the view named in the address (a copied link or bookmark).
func linkView() string {
	if app.IsServer {
		return ""
	}
	return state.ParseViewParam(app.Window().Get("location").Get("search").String())
}

// openLayout asks for the user's settings and views of the catalog and
// shows the layout it opens with; the rows load after that, so the list
// does not flash the defaults first.
func (c *CatalogPage) openLayout() {
	if c.ctx == nil || c.Link == nil {
		c.load()
		c.fetchTotals()
		return
	}
	ctx, key, link := c.ctx, c.key, linkView()
	ctx.Async(func() {
		var fs api.FormSettings
		var vs api.Views
		errS := c.Link.Request(ctx, api.TypeSettings, api.SettingsRequest{Catalog: key}, &fs)
		errV := c.Link.Request(ctx, api.TypeViews, api.SettingsRequest{Catalog: key}, &vs)
		ctx.Dispatch(func(app.Context) {
			if c.key != key {
				return
			}
			if errS != nil {
				fs = api.FormSettings{}
			}
			if errV == nil {
				c.views, c.viewsKnown = vs.Views, true
			}
			open := state.ChooseOpening(link, fs, c.views)
			c.viewID = open.View
			c.applyLayout(open.Layout)
			c.showURL()
			c.Update()
		})
	})
}

// fetchViews asks for the catalog's views again.
func (c *CatalogPage) fetchViews() {
	if c.ctx == nil || c.Link == nil {
		return
	}
	ctx, key := c.ctx, c.key
	ctx.Async(func() {
		var vs api.Views
		err := c.Link.Request(ctx, api.TypeViews, api.SettingsRequest{Catalog: key}, &vs)
		ctx.Dispatch(func(app.Context) {
			if c.key != key || err != nil {
				return
			}
			c.setViews(vs.Views)
		})
	})
}

func (c *CatalogPage) setViews(views []api.View) {
	c.views, c.viewsKnown = views, true
	if c.viewID != "" && c.currentView() == nil {
		// The current view was deleted or unshared: the list stays as it is.
		c.viewID = ""
		c.showURL()
	}
	c.Update()
}

// onSettingsPush applies form settings saved in another tab, unless the
// user changed the layout on this one since it was applied.
func (c *CatalogPage) onSettingsPush(fs api.FormSettings) {
	if fs.Catalog != c.key || !state.SameLayout(c.Catalog, c.currentLayout(), c.applied) {
		return
	}
	if fs.Layout == nil {
		// Reset: the catalog's defaults, or the default view (now none).
		c.viewID = ""
		c.applyLayout(nil)
	} else {
		c.viewID = ""
		if state.FindView(c.views, fs.View) != nil {
			c.viewID = fs.View
		}
		c.applyLayout(fs.Layout)
	}
	c.showURL()
	c.Update()
}

// request runs one request off the UI goroutine and hands its answer to
// done on it, unless the user moved to another catalog meanwhile.
func (c *CatalogPage) request(typ string, req, reply any, done func(error)) {
	if c.ctx == nil || c.Link == nil {
		return
	}
	ctx, key := c.ctx, c.key
	ctx.Async(func() {
		err := c.Link.Request(ctx, typ, req, reply)
		ctx.Dispatch(func(app.Context) {
			if c.key == key {
				done(err)
				c.Update()
			}
		})
	})
}

// ---- the View menu

func (c *CatalogPage) renderViewButton() app.UI {
	name := c.t("view.none")
	if v := c.currentView(); v != nil {
		name = state.ViewName(*v, c.Lang)
	}
	mod := c.modified()
	return app.Button().ID("view-menu").Type("button").Class("btn", "btn-secondary", "btn-sm", "view-menu-btn").
		Aria("haspopup", "menu").
		Aria("expanded", c.viewMenu).
		Aria("controls", "view-list").
		Title(c.t("view.menu")).
		DataSet("view", c.viewID).
		OnClick(c.onViewMenu).
		Body(
			app.Span().Class("sr-only").Text(c.t("view.menu")+": "),
			app.Span().ID("view-name-current").Class("view-current").Text(name),
			app.If(mod, app.Span().ID("view-modified").Class("view-modified").
				Title(c.t("view.modified_hint")).Text(c.t("view.modified"))),
			app.Span().Class("caret").Aria("hidden", "true").Text("▾"),
		)
}

func (c *CatalogPage) onViewMenu(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	if c.viewMenu {
		c.viewMenu = false
		return
	}
	c.menu = gridMenu{}
	c.viewMenuX, c.viewMenuY = 0, 0
	if !app.IsServer {
		r := ctx.JSSrc().Call("getBoundingClientRect")
		w, _ := app.Window().Size()
		c.viewMenuX = max(4, min(r.Get("left").Int(), w-284))
		c.viewMenuY = r.Get("bottom").Int() + 4
	}
	c.viewMenu = true
	ctx.Defer(func(app.Context) { focusItemIn("#view-list", 0) })
	if !c.viewsKnown {
		c.fetchViews()
	}
}

func (c *CatalogPage) closeViewMenu(ctx app.Context) {
	rerender(ctx, c)
	c.viewMenu = false
	ctx.Defer(func(app.Context) { focusByID("view-menu") })
}

func (c *CatalogPage) renderViewMenu() app.UI {
	if !c.viewMenu {
		return nil
	}
	var builtin, shared, own []api.View
	for _, v := range c.views {
		switch {
		case v.BuiltIn:
			builtin = append(builtin, v)
		case v.Mine:
			own = append(own, v)
		default:
			shared = append(shared, v)
		}
	}
	var items []app.UI
	group := func(title string, vs []api.View) {
		if len(vs) == 0 {
			return
		}
		items = append(items, app.Div().Class("menu-title").Aria("hidden", "true").Text(title))
		for _, v := range vs {
			items = append(items, c.renderViewItem(v))
		}
	}
	group(c.t("view.builtin"), builtin)
	group(c.t("view.shared_group"), shared)
	group(c.t("view.own"), own)
	if len(own) == 0 {
		items = append(items, app.Div().Class("menu-note", "muted").Text(c.t("view.empty")))
	}
	action := func(id, label string, h app.EventHandler) app.UI {
		return app.Button().ID(id).Type("button").Class("menu-item").Role("menuitem").TabIndex(-1).
			OnClick(h).Text(label)
	}
	items = append(items, app.Div().Class("menu-sep").Role("separator"),
		action("view-create", c.t("view.create"), c.onViewCreate))
	if v := c.currentView(); v != nil {
		if v.Mine {
			items = append(items,
				action("view-save", c.t("view.save"), c.onViewSave),
				action("view-rename", c.t("view.rename"), c.onViewRename),
				action("view-duplicate", c.t("view.duplicate"), c.onViewDuplicate),
				action("view-delete", c.t("view.delete"), c.onViewDelete),
			)
		}
		label := c.t("view.set_default")
		if v.Default {
			label = c.t("view.unset_default")
		}
		items = append(items, action("view-default", label, c.onViewDefault))
		if v.Mine && c.Admin {
			items = append(items, action("view-share", c.t("view.share"), c.onViewShareOpen))
		}
	}
	return app.Div().Body(
		app.Div().Class("menu-overlay").OnClick(c.onViewOverlay),
		app.Div().ID("view-list").Class("menu", "view-list").Role("menu").
			Aria("label", c.t("view.menu")).
			Style("left", strconv.Itoa(c.viewMenuX)+"px").
			Style("top", strconv.Itoa(c.viewMenuY)+"px").
			OnKeyDown(c.onViewMenuKey).
			Body(app.Range(items).Slice(func(i int) app.UI { return items[i] })),
	)
}

func (c *CatalogPage) renderViewItem(v api.View) app.UI {
	return app.Button().Type("button").Class("menu-item", "view-item").
		Role("menuitemradio").TabIndex(-1).
		Aria("checked", v.ID == c.viewID).
		DataSet("id", v.ID).
		DataSet("default", v.Default).
		OnClick(c.onViewPick, v.ID).
		Body(
			app.Span().Class("view-check").Aria("hidden", "true").Text(map[bool]string{true: "✓", false: ""}[v.ID == c.viewID]),
			app.Span().Class("view-item-name").Text(state.ViewName(v, c.Lang)),
			app.If(!v.BuiltIn && !v.Mine, app.Span().Class("view-tag").Text(c.t("view.shared"))),
			app.If(v.Mine && len(v.Roles) > 0, app.Span().Class("view-tag").Text(c.t("view.shared"))),
			app.If(v.Default, app.Span().Class("view-star").Title(c.t("view.default_mark")).
				Aria("label", c.t("view.default_mark")).Text("★")),
		)
}

func (c *CatalogPage) onViewOverlay(ctx app.Context, e app.Event) {
	e.PreventDefault()
	c.closeViewMenu(ctx)
}

func (c *CatalogPage) onViewMenuKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if menuKey(e, "#view-list") {
		c.closeViewMenu(ctx)
	}
}

func (c *CatalogPage) onViewPick(ctx app.Context, e app.Event) {
	id := ctx.JSSrc().Get("dataset").Get("id").String()
	c.closeViewMenu(ctx)
	v := state.FindView(c.views, id)
	if v == nil {
		return
	}
	c.viewID = v.ID
	l := v.Layout
	c.applyLayout(&l)
	c.showURL()
}

// ---- the name dialog

func (c *CatalogPage) openViewDialog(ctx app.Context, mode, id, name string) {
	c.closeViewMenu(ctx)
	c.viewDlg = viewDialog{Open: true, Mode: mode, ID: id, Name: name}
	ctx.Defer(func(app.Context) {
		focusByID("view-name")
		if !app.IsServer {
			if el := app.Window().GetElementByID("view-name"); el.Truthy() {
				el.Call("select")
			}
		}
	})
}

func (c *CatalogPage) onViewCreate(ctx app.Context, e app.Event) {
	c.openViewDialog(ctx, "create", "", "")
}

func (c *CatalogPage) onViewRename(ctx app.Context, e app.Event) {
	if v := c.currentView(); v != nil && v.Mine {
		c.openViewDialog(ctx, "rename", v.ID, v.Name)
		return
	}
	c.closeViewMenu(ctx)
}

func (c *CatalogPage) onViewDuplicate(ctx app.Context, e app.Event) {
	if v := c.currentView(); v != nil && v.Mine {
		c.openViewDialog(ctx, "duplicate", v.ID, state.CopyName(v.Name, c.t("view.copy_word"), c.views))
		return
	}
	c.closeViewMenu(ctx)
}

func (c *CatalogPage) renderViewDialog() app.UI {
	d := c.viewDlg
	if !d.Open {
		return nil
	}
	title := c.t("view.create_title")
	if d.Mode == "rename" {
		title = c.t("view.rename_title")
	}
	input := app.Input().ID("view-name").Type("text").Class("input").
		Attr("maxlength", api.MaxViewName).Attr("autocomplete", "off").
		Aria("invalid", d.Err != "").
		Value(d.Name).
		OnKeyDown(c.onViewNameKey)
	if d.Err != "" {
		input = input.Aria("describedby", "view-name-error")
	}
	return app.Div().Class("modal-backdrop").OnKeyDown(onEscape(c.onViewDialogCancel)).Body(
		app.Div().ID("view-dialog").Class("modal").
			Role("dialog").Aria("modal", "true").Aria("labelledby", "view-dialog-title").
			Body(
				app.H2().ID("view-dialog-title").Class("modal-title").Text(title),
				app.Div().Class("field").Body(
					app.Label().For("view-name").Class("field-label").Text(c.t("view.name")),
					input,
					app.If(d.Err != "", app.P().ID("view-name-error").Class("field-error", "view-error").
						Role("alert").Text(c.t(d.Err))),
				),
				app.Div().Class("modal-actions").Body(
					app.Button().ID("view-cancel").Type("button").Class("btn", "btn-secondary").
						OnClick(c.onViewDialogCancel).Text(c.t("view.cancel")),
					app.Button().ID("view-ok").Type("button").Class("btn", "btn-primary").
						Disabled(d.Busy).
						OnClick(c.onViewDialogOK).Text(c.t("view.ok")),
				),
			),
	)
}

func (c *CatalogPage) onViewNameKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if e.Get("key").String() == "Enter" {
		e.PreventDefault()
		c.onViewDialogOK(ctx, e)
	}
}

func (c *CatalogPage) onViewDialogCancel(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.viewDlg = viewDialog{}
	ctx.Defer(func(app.Context) { focusByID("view-menu") })
}

func typedViewName() string {
	if app.IsServer {
		return ""
	}
	if el := app.Window().GetElementByID("view-name"); el.Truthy() {
		return el.Get("value").String()
	}
	return ""
}

func (c *CatalogPage) onViewDialogOK(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	d := c.viewDlg
	if !d.Open || d.Busy {
		return
	}
	name := typedViewName()
	req := api.ViewSave{Catalog: c.key, Name: name, Layout: c.currentLayout()}
	switch d.Mode {
	case "rename":
		v := state.FindView(c.views, d.ID)
		if v == nil {
			c.viewDlg = viewDialog{}
			return
		}
		req.ID, req.Layout = v.ID, v.Layout
	case "duplicate":
		if v := state.FindView(c.views, d.ID); v != nil {
			req.Layout = v.Layout
		}
	}
	c.viewDlg.Busy, c.viewDlg.Name, c.viewDlg.Err = true, name, ""
	var out api.View
	c.request(api.TypeViewSave, req, &out, func(err error) {
		c.viewDlg.Busy = false
		if err != nil {
			var ae *api.Error
			if errors.As(err, &ae) && ae.Fields["name"] != "" {
				key := "view.err." + string(ae.Fields["name"])
				if !i18n.Has(key) {
					key = i18n.ErrorKey(ae.Code)
				}
				c.viewDlg.Err = key
				c.viewDlg.Name = name
				focusByID("view-name")
				return
			}
			c.requestFailed(err)
			return
		}
		c.viewDlg = viewDialog{}
		c.upsertView(out)
		if d.Mode == "duplicate" {
			c.viewID = out.ID
			l := out.Layout
			c.applyLayout(&l)
		} else if d.Mode == "create" {
			c.viewID = out.ID
			c.applied = c.currentLayout()
		}
		c.showURL()
		c.notify("view_saved", i18n.Tf(c.Lang, "view.saved", out.Name), true)
		c.fetchViews()
		focusByID("view-menu")
	})
}

// upsertView puts a saved view into the list at once; the views reply
// that follows brings the order and the marks.
func (c *CatalogPage) upsertView(v api.View) {
	for i := range c.views {
		if c.views[i].ID == v.ID {
			v.Default = c.views[i].Default
			c.views[i] = v
			return
		}
	}
	c.views = append(c.views, v)
}

// ---- actions on the current view

func (c *CatalogPage) onViewSave(ctx app.Context, e app.Event) {
	c.closeViewMenu(ctx)
	v := c.currentView()
	if v == nil || !v.Mine {
		return
	}
	lay := c.currentLayout()
	var out api.View
	c.request(api.TypeViewSave, api.ViewSave{ID: v.ID, Catalog: c.key, Name: v.Name, Layout: lay}, &out, func(err error) {
		if err != nil {
			c.requestFailed(err)
			return
		}
		c.upsertView(out)
		c.applied = lay
		c.notify("view_saved", i18n.Tf(c.Lang, "view.saved", out.Name), true)
	})
}

func (c *CatalogPage) onViewDelete(ctx app.Context, e app.Event) {
	c.closeViewMenu(ctx)
	v := c.currentView()
	if v == nil || !v.Mine {
		return
	}
	id, name := v.ID, v.Name
	c.ask = &confirmAsk{
		Text:   i18n.Tf(c.Lang, "view.confirm_delete", name),
		OK:     c.t("view.delete_ok"),
		Danger: true,
		Do: func() {
			var out api.Views
			c.request(api.TypeViewDelete, api.ViewRef{ID: id}, &out, func(err error) {
				if err != nil {
					c.requestFailed(err)
					return
				}
				c.setViews(out.Views)
				c.notify("view_deleted", i18n.Tf(c.Lang, "view.deleted", name), true)
			})
		},
	}
}

func (c *CatalogPage) onViewDefault(ctx app.Context, e app.Event) {
	c.closeViewMenu(ctx)
	v := c.currentView()
	if v == nil {
		return
	}
	id := v.ID
	if v.Default {
		id = ""
	}
	var out api.Views
	c.request(api.TypeViewDefault, api.ViewDefault{Catalog: c.key, ID: id}, &out, func(err error) {
		if err != nil {
			c.requestFailed(err)
			return
		}
		c.setViews(out.Views)
	})
}

// ---- sharing (administrators)

func (c *CatalogPage) onViewShareOpen(ctx app.Context, e app.Event) {
	c.closeViewMenu(ctx)
	v := c.currentView()
	if v == nil || !v.Mine || !c.Admin {
		return
	}
	c.shareOpen, c.shareID, c.shareRoles = true, v.ID, slices.Clone(v.Roles)
	ctx.Defer(func(app.Context) { focusFirst("#view-share-dialog input") })
}

func (c *CatalogPage) renderShareDialog() app.UI {
	if !c.shareOpen {
		return nil
	}
	return app.Div().Class("modal-backdrop").OnKeyDown(onEscape(c.onShareCancel)).Body(
		app.Div().ID("view-share-dialog").Class("modal").
			Role("dialog").Aria("modal", "true").Aria("labelledby", "view-share-title").
			Body(
				app.H2().ID("view-share-title").Class("modal-title").Text(c.t("view.share_title")),
				app.FieldSet().Class("share-roles").Body(
					app.Legend().Class("modal-text").Text(c.t("view.share_hint")),
					app.Range(shareRoles).Slice(func(i int) app.UI {
						role := shareRoles[i]
						id := "view-share-" + role
						return app.Div().Class("share-role").Body(
							app.Input().ID(id).Type("checkbox").Class("check-input").
								DataSet("role", role).
								Checked(slices.Contains(c.shareRoles, role)),
							app.Label().For(id).Text(c.t("role."+role)),
						)
					}),
				),
				app.Div().Class("modal-actions").Body(
					app.Button().ID("view-share-cancel").Type("button").Class("btn", "btn-secondary").
						OnClick(c.onShareCancel).Text(c.t("view.cancel")),
					app.Button().ID("view-share-ok").Type("button").Class("btn", "btn-primary").
						OnClick(c.onShareOK).Text(c.t("view.ok")),
				),
			),
	)
}

func (c *CatalogPage) onShareCancel(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.shareOpen = false
	ctx.Defer(func(app.Context) { focusByID("view-menu") })
}

func (c *CatalogPage) onShareOK(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	roles := []string{}
	if !app.IsServer {
		for _, r := range shareRoles {
			if el := app.Window().GetElementByID("view-share-" + r); el.Truthy() && el.Get("checked").Bool() {
				roles = append(roles, r)
			}
		}
	}
	id := c.shareID
	c.shareOpen = false
	var out api.View
	c.request(api.TypeViewShare, api.ViewShare{ID: id, Roles: roles}, &out, func(err error) {
		if err != nil {
			c.requestFailed(err)
			return
		}
		c.upsertView(out)
		c.notify("view_shared", c.t("view.shared_done"), true)
	})
	ctx.Defer(func(app.Context) { focusByID("view-menu") })
}

// ---- form settings

func (c *CatalogPage) saveSettings() {
	lay := c.currentLayout()
	fs := api.FormSettings{Catalog: c.key, View: c.viewID, Layout: &lay}
	var out api.FormSettings
	c.request(api.TypeSettingsSave, fs, &out, func(err error) {
		if err != nil {
			c.requestFailed(err)
			return
		}
		c.applied = lay
		c.notify("settings_saved", c.t("settings.saved"), true)
	})
}

func (c *CatalogPage) askResetSettings() {
	c.ask = &confirmAsk{
		Text:   c.t("settings.reset_confirm"),
		OK:     c.t("settings.reset_ok"),
		Danger: true,
		Do: func() {
			var out api.FormSettings
			c.request(api.TypeSettingsReset, api.SettingsRequest{Catalog: c.key}, &out, func(err error) {
				if err != nil {
					c.requestFailed(err)
					return
				}
				c.viewID = ""
				c.applyLayout(nil)
				c.showURL()
				c.fetchViews()
				c.notify("settings_reset", c.t("settings.reset_done"), true)
			})
		},
	}
}

func (c *CatalogPage) renderAsk() app.UI {
	if c.ask == nil {
		return nil
	}
	ask := c.ask
	return &ConfirmDialog{
		Lang:    c.Lang,
		Text:    ask.Text,
		OKLabel: ask.OK,
		Danger:  ask.Danger,
		OnOK: func() {
			c.ask = nil
			ask.Do()
			c.Update()
		},
		OnCancel: func() {
			c.ask = nil
			c.Update()
		},
	}
}

// ---- keyboard and focus helpers for menus

// menuKey moves the focus through the items of the menu sel with the arrow
// keys, Home and End, and reports whether the key (Escape, Tab) closes it.
func menuKey(e app.Event, sel string) (close bool) {
	switch e.Get("key").String() {
	case "ArrowDown":
		focusItemIn(sel, activeIndexIn(sel)+1)
	case "ArrowUp":
		focusItemIn(sel, activeIndexIn(sel)-1)
	case "Home":
		focusItemIn(sel, 0)
	case "End":
		focusItemIn(sel, -1)
	case "Escape", "Tab":
		e.Call("stopPropagation")
		close = true
	default:
		return false
	}
	e.PreventDefault()
	return close
}

// focusItemIn focuses the i-th menu item inside sel (negative counts from
// the end).
func focusItemIn(sel string, i int) {
	if app.IsServer {
		return
	}
	items := app.Window().Get("document").Call("querySelectorAll", sel+" [role^=menuitem]")
	n := items.Length()
	if n == 0 {
		return
	}
	items.Index(((i % n) + n) % n).Call("focus")
}

func activeIndexIn(sel string) int {
	items := app.Window().Get("document").Call("querySelectorAll", sel+" [role^=menuitem]")
	active := app.Window().Get("document").Get("activeElement")
	for i := 0; i < items.Length(); i++ {
		if items.Index(i).Equal(active) {
			return i
		}
	}
	return -1
}
