package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// ViewMenu (#view-list) is the open View menu: first the catalog's own
// form settings (#view-settings, checked when no view is on screen; when
// they are changed, #view-settings-save and #view-revert), then the
// built-in, shared and own views (.view-item[data-id][data-default]), then
// the actions on the current one (#view-create, #view-save, #view-revert,
// #view-rename, #view-duplicate, #view-delete, #view-default,
// #view-share).
type ViewMenu struct {
	app.Compo

	Lang    string
	Views   []api.View
	Current string // the view on screen, "" for none
	Admin   bool   // may share own views with roles
	// Modified: the screen differs from the current view as saved or,
	// with none, from the form settings.
	Modified bool
	X, Y     int
	// Rev counts the view lists applied (data-rev).
	Rev int

	OnSettings     func() // show the form settings
	OnSaveSettings func()
	OnRevert       func() // drop the changes: the view or the settings as saved
	OnPick         func(id string)
	OnCreate       func()
	OnSave         func()
	OnRename       func()
	OnDuplicate    func()
	OnDelete       func()
	OnDefault      func()
	OnShare        func()
	OnClose        func()
}

func (c *ViewMenu) t(key string) string { return i18n.T(c.Lang, key) }

// OnMount and OnUpdate keep the menu inside the viewport (popup.go).
func (c *ViewMenu) OnMount(ctx app.Context) { c.OnUpdate(ctx) }

func (c *ViewMenu) OnUpdate(ctx app.Context) {
	x, y := c.X, c.Y
	ctx.Defer(func(app.Context) { fitMenu("view-list", x, y) })
}

func (c *ViewMenu) Render() app.UI {
	var builtin, shared, own []api.View
	for _, v := range c.Views {
		switch {
		case v.BuiltIn:
			builtin = append(builtin, v)
		case v.Mine:
			own = append(own, v)
		default:
			shared = append(shared, v)
		}
	}
	action := func(id, label string, fn func()) app.UI {
		return app.Button().ID(id).Type("button").Class("menu-item").Role("menuitem").TabIndex(-1).
			OnClick(func(ctx app.Context, e app.Event) { emit(ctx, fn) }, id).Text(label)
	}
	items := []app.UI{c.renderSettings()}
	if c.Current == "" && c.Modified {
		items = append(items,
			action("view-settings-save", c.t("settings.save"), c.OnSaveSettings),
			action("view-revert", c.t("settings.revert"), c.OnRevert))
	}
	if len(c.Views) > 0 {
		items = append(items, app.Div().Class("menu-sep").Role("separator"))
	}
	group := func(title string, vs []api.View) {
		if len(vs) == 0 {
			return
		}
		items = append(items, app.Div().Class("menu-title").Aria("hidden", "true").Text(title))
		for _, v := range vs {
			items = append(items, c.renderItem(v))
		}
	}
	group(c.t("view.builtin"), builtin)
	group(c.t("view.shared_group"), shared)
	group(c.t("view.own"), own)
	if len(own) == 0 {
		items = append(items, app.Div().Class("menu-note", "muted").Text(c.t("view.empty")))
	}
	items = append(items, app.Div().Class("menu-sep").Role("separator"),
		action("view-create", c.t("view.create"), c.OnCreate))
	if v := state.FindView(c.Views, c.Current); v != nil {
		if c.Modified {
			items = append(items, action("view-revert", c.t("settings.revert"), c.OnRevert))
		}
		if v.Mine {
			items = append(items,
				action("view-save", c.t("view.save"), c.OnSave),
				action("view-rename", c.t("view.rename"), c.OnRename),
				action("view-duplicate", c.t("view.duplicate"), c.OnDuplicate),
				action("view-delete", c.t("view.delete"), c.OnDelete),
			)
		}
		label := c.t("view.set_default")
		if v.Default {
			label = c.t("view.unset_default")
		}
		items = append(items, action("view-default", label, c.OnDefault))
		if v.Mine && c.Admin {
			items = append(items, action("view-share", c.t("view.share"), c.OnShare))
		}
	}
	return app.Div().Body(
		app.Div().Class("menu-overlay").OnClick(c.onOverlay),
		app.Div().ID("view-list").Class("menu", "view-list").Role("menu").
			Aria("label", c.t("view.menu")).
			DataSet("rev", c.Rev).
			Style("left", strconv.Itoa(c.X)+"px").
			Style("top", strconv.Itoa(c.Y)+"px").
			OnKeyDown(c.onKey).
			Body(app.Range(items).Slice(func(i int) app.UI { return items[i] })),
	)
}

// renderSettings is the form settings' entry: the list as the catalog
// shows it without a view.
func (c *ViewMenu) renderSettings() app.UI {
	on := c.Current == ""
	check := ""
	if on {
		check = "✓"
	}
	return app.Button().ID("view-settings").Type("button").Class("menu-item", "view-item", "view-settings").
		Role("menuitemradio").TabIndex(-1).
		Aria("checked", on).
		Title(c.t("settings.current_hint")).
		OnClick(c.onSettings).
		Body(
			app.Span().Class("view-check").Aria("hidden", "true").Text(check),
			app.Span().Class("view-item-name").Text(c.t("settings.current")),
			app.If(on && c.Modified, app.Span().Class("view-modified").Text(c.t("view.modified"))),
		)
}

func (c *ViewMenu) onSettings(ctx app.Context, e app.Event) { emit(ctx, c.OnSettings) }

func (c *ViewMenu) renderItem(v api.View) app.UI {
	on := v.ID == c.Current
	check := ""
	if on {
		check = "✓"
	}
	return app.Button().Type("button").Class("menu-item", "view-item").
		Role("menuitemradio").TabIndex(-1).
		Aria("checked", on).
		DataSet("id", v.ID).
		DataSet("default", v.Default).
		OnClick(c.onPick, v.ID).
		Body(
			app.Span().Class("view-check").Aria("hidden", "true").Text(check),
			app.Span().Class("view-item-name").Text(state.ViewName(v, c.Lang)),
			app.If(!v.BuiltIn && !v.Mine, app.Span().Class("view-tag").Text(c.t("view.shared"))),
			app.If(v.Mine && len(v.Roles) > 0, app.Span().Class("view-tag").Text(c.t("view.shared"))),
			app.If(v.Default, app.Span().Class("view-star").Title(c.t("view.default_mark")).
				Aria("label", c.t("view.default_mark")).Text("★")),
		)
}

func (c *ViewMenu) onOverlay(ctx app.Context, e app.Event) {
	e.PreventDefault()
	emit(ctx, c.OnClose)
}

func (c *ViewMenu) onKey(ctx app.Context, e app.Event) { menuKey(ctx, e, "#view-list", c.OnClose) }

func (c *ViewMenu) onPick(ctx app.Context, e app.Event) {
	id := ctx.JSSrc().Get("dataset").Get("id").String()
	emit(ctx, func() { c.OnPick(id) })
}

// ---- keyboard and focus helpers for menus

// menuKey is the keyboard of the menu sel: the arrow keys, Home and End
// move the focus through its items; Escape and Tab close it (onClose).
func menuKey(ctx app.Context, e app.Event, sel string, onClose func()) {
	ctx.PreventUpdate()
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
		e.PreventDefault()
		emit(ctx, onClose)
		return
	default:
		return
	}
	e.PreventDefault()
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
