package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// SectionPath is where a navigation item leads.
func SectionPath(itemKey string) string { return "/c/" + itemKey }

// ItemPath is where item leads: its own Path (an administration screen),
// else its catalog's SectionPath.
func ItemPath(item api.NavItem) string {
	if item.Path != "" {
		return item.Path
	}
	return SectionPath(item.Key)
}

// currentItem reports whether the page at path is item's: its address, or
// one below a screen's (a user's card under the users screen).
func currentItem(path string, item api.NavItem) bool {
	href := ItemPath(item)
	return strings.EqualFold(path, href) || item.Path != "" && strings.HasPrefix(path, item.Path+"/")
}

// NavPanel (#nav-panel) lists the navigation groups from hello. Items are
// plain links: go-app turns a click into in-app navigation, and a link can
// be opened in a new tab, which a button cannot.
type NavPanel struct {
	app.Compo

	Lang   string
	Groups []api.NavGroup
	// Loaded is false until the first hello answers.
	Loaded bool
	Open   bool
	// Path is the current page, to mark its item.
	Path string
	// OnClose closes the panel (Escape); nil when the panel is not an
	// overlay.
	OnClose func()

	search    string
	collapsed map[string]bool // groups the user closed
}

// matches are the items of g that match the search, in the panel's
// language.
func (c *NavPanel) matches(g api.NavGroup) []api.NavItem {
	if strings.TrimSpace(c.search) == "" {
		return g.Items
	}
	var out []api.NavItem
	for _, it := range g.Items {
		if state.NavMatch(it.Label.In(c.Lang), c.search) {
			out = append(out, it)
		}
	}
	return out
}

func (c *NavPanel) Render() app.UI {
	t := func(key string) string { return i18n.T(c.Lang, key) }
	nav := app.Nav().ID("nav-panel").Class("navpanel").
		Aria("label", t("nav.title")).
		OnKeyDown(c.onKeyDown)
	if !c.Open {
		nav = nav.Hidden(true)
	}
	var body app.UI
	switch {
	case !c.Loaded:
		body = app.Div().Class("nav-loading").Aria("busy", "true").Body(
			app.Span().Class("sr-only").Text(t("nav.loading")),
			app.Div().Class("skeleton"),
			app.Div().Class("skeleton", "skeleton-short"),
			app.Div().Class("skeleton"),
		)
	default:
		var none app.UI
		if strings.TrimSpace(c.search) != "" {
			n := 0
			for _, g := range c.Groups {
				n += len(c.matches(g))
			}
			if n == 0 {
				none = app.P().ID("nav-no-match").Class("nav-empty", "nav-no-match").Text(t("nav.no_match"))
			}
		}
		body = app.Div().Body(
			app.Range(c.Groups).Slice(func(i int) app.UI { return c.renderGroup(c.Groups[i]) }),
			none,
		)
	}
	return nav.Body(
		app.Div().Class("nav-title").Text(t("nav.title")),
		app.Div().Class("nav-search").Body(
			app.Label().For("nav-search").Class("sr-only").Text(t("nav.search")),
			app.Input().ID("nav-search").Type("search").Class("input", "nav-search-input").
				Placeholder(t("nav.search_hint")).
				Attr("autocomplete", "off").
				// No Value(c.search): re-rendering the value while keys
				// are still arriving would drop the ones typed meanwhile.
				OnInput(c.onSearch).
				OnKeyDown(c.onSearchKey),
			app.If(c.search != "", app.Button().ID("nav-search-reset").Type("button").Class("icon-btn", "nav-search-reset").
				Aria("label", t("nav.search_reset")).Title(t("nav.search_reset")).
				OnClick(c.onSearchReset).
				Body(icon(pathClose))),
		),
		app.Div().Class("nav-groups").Body(body),
	)
}

func (c *NavPanel) renderGroup(g api.NavGroup) app.UI {
	titleID := "nav-group-" + g.Key
	title := i18n.T(c.Lang, "nav.group."+g.Key)
	items := c.matches(g)
	searching := strings.TrimSpace(c.search) != ""
	if searching && len(items) == 0 {
		// A search shows only the groups it found something in: not an
		// empty group's heading under "nothing found".
		return app.Section().Class("nav-group").DataSet("group", g.Key).Hidden(true)
	}
	if len(g.Items) == 0 {
		return app.Section().Class("nav-group", "nav-group-empty").
			DataSet("group", g.Key).
			Aria("labelledby", titleID).
			Body(
				app.H2().ID(titleID).Class("nav-group-title").Body(
					app.Span().Class("nav-group-icon").Body(icon(pathFolder)),
					app.Span().Class("nav-group-text").Text(title),
					app.Span().Class("nav-empty").Text(i18n.T(c.Lang, "nav.empty")),
				),
			)
	}
	expanded := searching || !c.collapsed[g.Key]
	listID := "nav-items-" + g.Key
	return app.Section().Class("nav-group").
		DataSet("group", g.Key).
		Aria("labelledby", titleID).
		Body(
			app.Button().ID(titleID).Type("button").Class("nav-group-title", "nav-group-toggle").
				Aria("expanded", expanded).
				Aria("controls", listID).
				DataSet("group", g.Key).
				OnClick(c.onToggleGroup, g.Key).
				Body(
					app.Span().Class("nav-group-icon").Body(icon(pathFolder)),
					app.Span().Class("nav-group-text").Text(title),
					app.Span().Class("nav-group-chevron").Aria("hidden", "true").Body(icon(pathChevron)),
				),
			app.Ul().ID(listID).Class("nav-items").Hidden(!expanded).Body(
				app.Range(items).Slice(func(i int) app.UI {
					item := items[i]
					// Only catalogs can be dragged to the favorites.
					a := app.A().Href(ItemPath(item)).Class("nav-item").DataSet("key", item.Key).
						Draggable(item.Path == "").
						OnDragStart(c.onItemDragStart, item.Key).
						Text(item.Label.In(c.Lang))
					if currentItem(c.Path, item) {
						a = a.Aria("current", "page")
					}
					return app.Li().Body(a)
				}),
			),
		)
}

// onItemDragStart lets an item be dropped on the home page's Favorites:
// the drag carries the catalog key as plain text.
func (c *NavPanel) onItemDragStart(ctx app.Context, e app.Event) {
	if dt := e.Get("dataTransfer"); dt.Truthy() {
		dt.Set("effectAllowed", "copyMove")
		dt.Call("setData", "text/plain", ctx.JSSrc().Get("dataset").Get("key").String())
	}
}

func (c *NavPanel) onToggleGroup(ctx app.Context, e app.Event) {
	key := ctx.JSSrc().Get("dataset").Get("group").String()
	if strings.TrimSpace(c.search) != "" {
		return
	}
	if c.collapsed == nil {
		c.collapsed = map[string]bool{}
	}
	c.collapsed[key] = !c.collapsed[key]
}

func (c *NavPanel) onSearch(ctx app.Context, e app.Event) {
	c.search = ctx.JSSrc().Get("value").String()
}

func (c *NavPanel) onSearchKey(ctx app.Context, e app.Event) {
	switch e.Get("key").String() {
	case "Enter":
		var only []api.NavItem
		for _, g := range c.Groups {
			only = append(only, c.matches(g)...)
		}
		if len(only) == 1 && strings.TrimSpace(c.search) != "" {
			e.PreventDefault()
			ctx.Navigate(ItemPath(only[0]))
		}
	case "Escape":
		if c.search != "" {
			e.Call("stopPropagation")
			c.clearSearch()
		}
	}
}

func (c *NavPanel) onSearchReset(ctx app.Context, e app.Event) {
	c.clearSearch()
	focusByID("nav-search")
}

// clearSearch empties the search, in the state and in the input (which is
// not bound to the state; see Render).
func (c *NavPanel) clearSearch() {
	c.search = ""
	if !app.IsServer {
		if el := app.Window().GetElementByID("nav-search"); el.Truthy() {
			el.Set("value", "")
		}
	}
}

func (c *NavPanel) onKeyDown(ctx app.Context, e app.Event) {
	if e.Get("key").String() == "Escape" && c.OnClose != nil {
		ctx.Emit(c.OnClose)
	}
}
