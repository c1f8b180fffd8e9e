package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
)

// Toolbar is the catalog screen's toolbar: the View menu's button
// (#view-menu), the quick search (#grid-search), the filter button
// (#filter-add), the deleted-rows switch (#show-deleted), the export
// progress, the favorites star (#fav-toggle), the tree/list switch
// (#view-switch), the shortcuts help (#shortcuts) and the list menu
// (#grid-menu).
//
// It is one row at every width (app.css, shell section): the search
// shrinks first, then labels give way to their icons (each control keeps
// its name as a tooltip and for screen readers); on a phone the search
// and the list menu take a row of their own above the rest, and the
// shortcuts help, which needs a keyboard, is left out.
type Toolbar struct {
	app.Compo

	Lang string
	// The View menu's button: the view's name ("" for none, ViewID empty),
	// whether the layout differs from it — with no view, from the saved
	// form settings — and whether its menu is open.
	ViewName     string
	ViewID       string
	ViewModified bool
	ViewsOpen    bool
	// Search is what the search box shows; typing does not render it back
	// (OnSearch hears each change, OnSearchEnter the Enter key).
	Search      string
	FilterOpen  bool
	FilterCount int
	Deleted     bool
	Exporting   string // the format being exported, "" when idle
	// FavShown shows the star; Fav says the catalog is a favorite.
	FavShown, Fav bool
	// Tree shows the tree/list switch; TreeMode says the tree is on.
	Tree, TreeMode bool
	MenuOpen       bool

	OnViews       func(x, y int) // the View menu's button, with where to open the menu
	OnSearch      func(text string)
	OnSearchEnter func()
	OnFilter      func()
	OnDeleted     func(on bool)
	OnFav         func()
	OnTreeMode    func()
	OnHelp        func()
	OnMenu        func(x, y int)
}

func (c *Toolbar) t(key string) string { return i18n.T(c.Lang, key) }

func (c *Toolbar) Render() app.UI {
	// The outer box is the size container the CSS asks about; the row
	// inside is what it lays out (a container cannot style itself).
	return app.Div().Class("catalog-toolbar").Body(app.Div().Class("tb-row").Body(
		c.renderViewButton(),
		&SearchBox{ID: "grid-search", Grid: "grid", Lang: c.Lang, Value: c.Search, OnInput: c.OnSearch, OnEnter: c.OnSearchEnter},
		app.Button().ID("filter-add").Type("button").Class("btn", "btn-secondary", "btn-sm").
			Aria("expanded", c.FilterOpen).
			Aria("controls", "filter-form").
			Title(c.t("filter.add")).
			OnClick(c.onFilter).
			Body(
				icon(pathFilter),
				app.Span().Class("tb-label").Text(c.t("filter.add")),
				app.If(c.FilterCount > 0, app.Span().Class("badge").Text(strconv.Itoa(c.FilterCount))),
			),
		app.Label().Class("switch", "tb-deleted").Title(c.t("catalog.show_deleted")).Body(
			app.Input().ID("show-deleted").Type("checkbox").Class("switch-input").
				Checked(c.Deleted).
				OnChange(c.onDeleted),
			app.Span().Class("switch-track").Aria("hidden", "true"),
			app.Span().Class("switch-label", "tb-long").Text(c.t("catalog.show_deleted")),
			app.Span().Class("switch-label", "tb-short").Aria("hidden", "true").Text(c.t("tb.deleted")),
			app.Span().Class("tb-icon").Aria("hidden", "true").Body(icon(pathTrash)),
		),
		app.Div().Class("toolbar-spacer"),
		c.renderExportProgress(),
		c.renderFavToggle(),
		c.renderTreeSwitch(),
		app.Button().ID("shortcuts").Type("button").Class("icon-btn", "toolbar-btn", "tb-help").
			Aria("label", c.t("help.open")).Title(c.t("help.open")).
			Aria("haspopup", "dialog").
			OnClick(c.onHelp).
			Text("?"),
		app.Button().ID("grid-menu").Type("button").Class("icon-btn", "toolbar-btn", "tb-menu").
			Aria("label", c.t("menu.open")).Title(c.t("menu.open")).
			Aria("haspopup", "menu").
			Aria("expanded", c.MenuOpen).
			OnClick(c.onMenu).
			Text("⋮"),
	))
}

func (c *Toolbar) renderViewButton() app.UI {
	name, hint, of := c.t("settings.current"), c.t("settings.modified_hint"), "settings"
	if c.ViewID != "" {
		name, hint, of = c.ViewName, c.t("view.modified_hint"), "view"
	}
	modified := c.ViewModified
	if !modified {
		of = ""
	}
	return app.Button().ID("view-menu").Type("button").Class("btn", "btn-secondary", "btn-sm", "view-menu-btn").
		Aria("haspopup", "menu").
		Aria("expanded", c.ViewsOpen).
		Aria("controls", "view-list").
		Title(c.t("view.menu")).
		DataSet("view", c.ViewID).
		DataSet("modified", of).
		OnClick(c.onViews).
		Body(
			app.Span().Class("sr-only").Text(c.t("view.menu")+": "),
			app.Span().ID("view-name-current").Class("view-current").Text(name),
			app.If(modified, app.Span().ID("view-modified").Class("view-modified").
				Title(hint).Text(c.t("view.modified"))),
			app.Span().Class("caret").Aria("hidden", "true").Text("▾"),
		)
}

func (c *Toolbar) renderExportProgress() app.UI {
	if c.Exporting == "" {
		return nil
	}
	return app.Div().ID("export-progress").Class("export-progress").Role("status").Body(
		app.Span().Class("spinner").Aria("hidden", "true"),
		app.Span().Class("tb-label").Text(i18n.Tf(c.Lang, "export.progress", c.Exporting)),
	)
}

// renderFavToggle is the way to add the catalog to the favorites (or
// remove it) without dragging: keyboards and touch screens.
func (c *Toolbar) renderFavToggle() app.UI {
	if !c.FavShown {
		return nil
	}
	label := c.t("home.fav_add")
	cls := []string{"btn", "btn-secondary", "btn-sm", "fav-toggle"}
	if c.Fav {
		label = c.t("home.fav_added")
		cls = append(cls, "fav-on")
	}
	return app.Button().ID("fav-toggle").Type("button").Class(cls...).
		Aria("pressed", c.Fav).
		Title(label).
		OnClick(c.onFav).
		Body(
			app.Span().Class("fav-star").Body(icon(pathStar)),
			app.Span().Class("fav-toggle-text").Text(label),
		)
}

func (c *Toolbar) renderTreeSwitch() app.UI {
	if !c.Tree {
		return nil
	}
	mode, label := "list", c.t("catalog.view.to_tree")
	if c.TreeMode {
		mode, label = "tree", c.t("catalog.view.to_list")
	}
	return app.Button().ID("view-switch").Type("button").Class("seg").
		DataSet("mode", mode).
		Aria("label", label).Title(label).
		OnClick(c.onTreeMode).
		Body(
			app.Span().Class("seg-item", segClass(c.TreeMode)).Body(icon(pathTree), app.Span().Class("seg-text").Text(c.t("catalog.view.tree"))),
			app.Span().Class("seg-item", segClass(!c.TreeMode)).Body(icon(pathList), app.Span().Class("seg-text").Text(c.t("catalog.view.list"))),
		)
}

func segClass(on bool) string {
	if on {
		return "seg-on"
	}
	return "seg-off"
}

// below is where a menu opened by the button src goes: under it, its
// right edge (right) or left edge (!right) in line with the button's.
func below(ctx app.Context, right bool) (x, y int) {
	if app.IsServer {
		return 0, 0
	}
	r := ctx.JSSrc().Call("getBoundingClientRect")
	if right {
		return r.Get("right").Int() - 240, r.Get("bottom").Int() + 4
	}
	return r.Get("left").Int(), r.Get("bottom").Int() + 4
}

func (c *Toolbar) onViews(ctx app.Context, e app.Event) {
	x, y := below(ctx, false)
	emit(ctx, func() { c.OnViews(x, y) })
}

func (c *Toolbar) onMenu(ctx app.Context, e app.Event) {
	x, y := below(ctx, true)
	emit(ctx, func() { c.OnMenu(x, y) })
}

func (c *Toolbar) onFilter(ctx app.Context, e app.Event) { emit(ctx, c.OnFilter) }

func (c *Toolbar) onDeleted(ctx app.Context, e app.Event) {
	emit(ctx, func() { c.OnDeleted(ctx.JSSrc().Get("checked").Bool()) })
}

func (c *Toolbar) onFav(ctx app.Context, e app.Event)      { emit(ctx, c.OnFav) }
func (c *Toolbar) onTreeMode(ctx app.Context, e app.Event) { emit(ctx, c.OnTreeMode) }
func (c *Toolbar) onHelp(ctx app.Context, e app.Event)     { emit(ctx, c.OnHelp) }
