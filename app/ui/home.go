package ui

import (
	"slices"
	"sort"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// Home (#home) greets the user and holds the Favorites panel: a tile per
// favorite catalog. Catalogs are added by dragging a navigation item onto
// the panel (or with the star button on the catalog screen), reordered by
// dragging a tile onto another, removed with the tile's ✕.
//
// Home prevents its own updates during drags (dragover fires many times a
// second), so every state-changing handler ends with rerender.
type Home struct {
	app.Compo

	Lang     string
	UserName string
	Groups   []api.NavGroup
	Loaded   bool
	// Favs are the favorite catalogs in order; FavsLoaded is false until
	// the server answered.
	Favs       []string
	FavsLoaded bool
	// FavsRev counts the lists applied (data-rev on #favorites).
	FavsRev int
	// OnFavs saves a changed list (the whole list, in order).
	OnFavs func(next []string)
	// User is the signed-in login: the page lists the card drafts the
	// browser keeps for it, so typing cut short by a sign-out or a reload
	// is offered back wherever the user lands.
	User string

	ctx  app.Context
	ask  string // the tile whose removal waits for a confirmation
	over bool   // something is dragged over the panel
	drop string // the tile something is dragged over
}

func (c *Home) OnMount(ctx app.Context) { c.ctx = ctx }

func (c *Home) t(key string) string { return i18n.T(c.Lang, key) }

// label is the navigation's name of a catalog, "" when the user has no
// such item.
func (c *Home) label(key string) string {
	for _, g := range c.Groups {
		for _, it := range g.Items {
			if it.Key == key {
				return it.Label.In(c.Lang)
			}
		}
	}
	return ""
}

// tiles are the favorites the navigation knows (a catalog whose right was
// withdrawn stays saved but is not shown).
func (c *Home) tiles() []string {
	var out []string
	for _, k := range c.Favs {
		if c.label(k) != "" {
			out = append(out, k)
		}
	}
	return out
}

func (c *Home) Render() app.UI {
	t := c.t
	return app.Div().ID("home").Class("page").Body(
		app.Div().Class("page-head").Body(
			app.H1().Class("page-title").Text(i18n.Tf(c.Lang, "home.welcome", c.UserName)),
			// What the product holds today; documents, loaders and
			// reports are promised only as coming later.
			app.P().Class("page-lead").Text(t("home.lead")),
		),
		app.Div().Class("card-grid").Body(
			c.renderDrafts(),
			c.renderFavorites(),
			app.Section().Class("card").Aria("labelledby", "sections-title").Body(
				app.H2().ID("sections-title").Class("card-title").Body(
					app.Span().Class("card-title-icon").Body(icon(pathFolder)),
					app.Text(t("home.sections")),
				),
				app.If(!c.Loaded,
					app.Div().Class("skeleton"),
					app.Div().Class("skeleton", "skeleton-short"),
				).Else(
					app.Ul().Class("section-list").Body(
						app.Range(c.Groups).Slice(func(i int) app.UI {
							g := c.Groups[i]
							count := app.Span().Class("count").Textf("%d", len(g.Items))
							if len(g.Items) == 0 {
								count = app.Span().Class("count", "count-empty").Text(t("home.later"))
							}
							return app.Li().Class("section-row").Body(
								app.Span().Class("section-name").Text(t("nav.group."+g.Key)),
								count,
							)
						}),
					),
				),
				app.P().Class("card-hint").Text(t("home.guide")),
			),
		),
		c.renderAsk(),
	)
}

// drafts are the user's kept card drafts of catalogs the user may open,
// newest first.
func (c *Home) drafts() []state.SavedDraft {
	if c.User == "" || !c.Loaded {
		return nil
	}
	store := browserDrafts{}
	var out []state.SavedDraft
	for _, key := range store.keys(state.DraftPrefix(c.User)) {
		if _, _, ok := state.DraftOf(c.User, key); !ok {
			continue
		}
		if s, _ := store.get(key); s != "" {
			if d, ok := state.DecodeDraft(s); ok && c.label(d.Catalog) != "" {
				out = append(out, d)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At > out[j].At })
	return out
}

// renderDrafts lists the unsaved drafts: each links to its catalog, which
// opens the card of its newest draft and offers it back.
func (c *Home) renderDrafts() app.UI {
	ds := c.drafts()
	if len(ds) == 0 {
		return nil
	}
	t := c.t
	return app.Section().ID("drafts").Class("card", "card-wide").Aria("labelledby", "drafts-title").Body(
		app.H2().ID("drafts-title").Class("card-title").Body(
			app.Span().Class("card-title-icon").Body(icon(pathEdit)),
			app.Text(t("home.drafts")),
		),
		app.P().Class("card-hint").Text(t("home.drafts_hint")),
		app.Ul().Class("section-list").Body(
			app.Range(ds).Slice(func(i int) app.UI {
				d := ds[i]
				title := d.Title
				if title == "" {
					title = t("home.draft_new")
				}
				return app.Li().Class("section-row").Body(
					app.A().Class("draft-link").Href("/c/"+d.Catalog).DataSet("catalog", d.Catalog).
						Text(c.label(d.Catalog) + " — " + title),
				)
			}),
		),
	)
}

func (c *Home) renderAsk() app.UI {
	t := c.t
	if c.ask == "" {
		return nil
	}
	return &ConfirmDialog{
		Lang:     c.Lang,
		Text:     i18n.Tf(c.Lang, "home.fav_remove_confirm", c.label(c.ask)),
		OKLabel:  t("home.fav_remove_ok"),
		Danger:   true,
		OnOK:     c.onRemoveOK,
		OnCancel: c.onRemoveCancel,
	}
}

func (c *Home) renderFavorites() app.UI {
	t := c.t
	tiles := c.tiles()
	classes := []string{"card", "card-wide", "favorites"}
	if c.over {
		classes = append(classes, "drop-over")
	}
	var body app.UI
	switch {
	case !c.FavsLoaded || !c.Loaded:
		body = app.Div().Class("fav-loading").Aria("busy", "true").Body(app.Div().Class("skeleton"))
	case len(tiles) == 0:
		body = app.Div().ID("favorites-empty").Class("empty-state").Body(
			app.Div().Class("empty-icon").Body(icon(pathStar)),
			app.P().Text(t("home.favorites_empty")),
		)
	default:
		body = app.Ul().Class("fav-tiles").Body(
			app.Range(tiles).Slice(func(i int) app.UI {
				k := tiles[i]
				label := c.label(k)
				cls := []string{"fav-tile"}
				if c.drop == k {
					cls = append(cls, "fav-drop-before")
				}
				return app.Li().Class(cls...).DataSet("key", k).
					Draggable(true).
					OnDragStart(c.onTileDragStart, k).
					OnDragOver(c.onTileDragOver, k).
					OnDrop(c.onTileDrop, k).
					OnDragEnd(c.onDragEnd, k).
					Body(
						app.A().Href(SectionPath(k)).Class("fav-link").DataSet("key", k).
							Aria("keyshortcuts", "Alt+ArrowLeft Alt+ArrowRight").
							Title(t("home.fav_move_hint")).
							OnKeyDown(c.onTileKey, k).Body(
							app.Span().Class("fav-icon").Body(icon(pathFolder)),
							app.Span().Class("fav-label").Text(label),
						),
						app.Button().Type("button").Class("icon-btn", "fav-remove").DataSet("key", k).
							Aria("label", i18n.Tf(c.Lang, "home.fav_remove", label)).
							Title(i18n.Tf(c.Lang, "home.fav_remove", label)).
							OnClick(c.onRemove, k).
							Body(icon(pathClose)),
					)
			}),
		)
	}
	return app.Section().ID("favorites").Class(classes...).
		Aria("labelledby", "favorites-title").
		DataSet("count", len(tiles)).
		DataSet("rev", c.FavsRev).
		OnDragOver(c.onPanelDragOver).
		OnDragLeave(c.onPanelDragLeave).
		OnDrop(c.onPanelDrop).
		Body(
			app.H2().ID("favorites-title").Class("card-title").Body(
				app.Span().Class("card-title-icon", "star").Body(icon(pathStar)),
				app.Text(t("home.favorites")),
			),
			body,
			app.P().Class("card-hint").Text(t("home.favorites_hint")),
		)
}

// dragged is the catalog key a drag carries, "" when it carries none the
// navigation knows.
func (c *Home) dragged(e app.Event) string {
	dt := e.Get("dataTransfer")
	if !dt.Truthy() {
		return ""
	}
	k := strings.TrimSpace(dt.Call("getData", "text/plain").String())
	if c.label(k) == "" {
		return ""
	}
	return k
}

func (c *Home) save(next []string) {
	if c.OnFavs != nil {
		c.OnFavs(next)
	}
}

func (c *Home) onPanelDragOver(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	e.PreventDefault()
	if dt := e.Get("dataTransfer"); dt.Truthy() {
		dt.Set("dropEffect", "copy")
	}
	if !c.over {
		c.over = true
		c.Update()
	}
}

func (c *Home) onPanelDragLeave(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if rel := e.Get("relatedTarget"); rel.Truthy() && ctx.JSSrc().Call("contains", rel).Bool() {
		return
	}
	if c.over || c.drop != "" {
		c.over, c.drop = false, ""
		c.Update()
	}
}

func (c *Home) onPanelDrop(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	e.PreventDefault()
	c.over, c.drop = false, ""
	if k := c.dragged(e); k != "" {
		c.save(state.FavMove(c.Favs, k, ""))
	}
}

func (c *Home) onTileDragStart(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if dt := e.Get("dataTransfer"); dt.Truthy() {
		dt.Set("effectAllowed", "move")
		dt.Call("setData", "text/plain", ctx.JSSrc().Get("dataset").Get("key").String())
	}
}

func (c *Home) onTileDragOver(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	e.PreventDefault()
	if k := ctx.JSSrc().Get("dataset").Get("key").String(); k != c.drop {
		c.drop = k
		c.Update()
	}
}

func (c *Home) onTileDrop(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	e.PreventDefault()
	e.Call("stopPropagation") // the panel would move it to the end
	target := ctx.JSSrc().Get("dataset").Get("key").String()
	c.over, c.drop = false, ""
	if k := c.dragged(e); k != "" && k != target {
		c.save(state.FavMove(c.Favs, k, target))
	}
}

func (c *Home) onDragEnd(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.over, c.drop = false, ""
}

// onTileKey reorders tiles from the keyboard: Alt+← / Alt+→ (or ↑/↓)
// move the focused tile, which keeps the focus.
func (c *Home) onTileKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if !e.Get("altKey").Bool() {
		return
	}
	delta := 0
	switch e.Get("key").String() {
	case "ArrowLeft", "ArrowUp":
		delta = -1
	case "ArrowRight", "ArrowDown":
		delta = 1
	default:
		return
	}
	e.PreventDefault()
	k := ctx.JSSrc().Get("dataset").Get("key").String()
	next := state.FavShift(c.Favs, c.tiles(), k, delta)
	if slices.Equal(next, c.Favs) {
		return
	}
	c.Favs = next // shown at once; the server's answer confirms it
	c.Update()
	c.save(next)
	ctx.Defer(func(app.Context) { focusTile("fav-link", k) })
}

func (c *Home) onRemove(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.ask = ctx.JSSrc().Get("dataset").Get("key").String()
}

func (c *Home) onRemoveOK() {
	k := c.ask
	c.ask = ""
	c.Update()
	c.save(state.FavRemove(c.Favs, k))
}

func (c *Home) onRemoveCancel() {
	k := c.ask
	c.ask = ""
	c.Update()
	if c.ctx != nil {
		c.ctx.Defer(func(app.Context) { focusTile("fav-remove", k) })
	}
}

// focusTile puts the focus on a part of a tile (class fav-link: after it
// moved; fav-remove: back on its ✕ after a cancelled removal).
func focusTile(class, key string) {
	focusFirst(`#favorites .` + class + `[data-key="` + key + `"]`)
}
