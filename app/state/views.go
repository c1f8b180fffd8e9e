package state

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"webtool/server/api"
)

// Views and form settings: which layout a catalog opens with, whether the
// screen still shows a view as saved, and the link that reopens it.

// ViewParam is the query parameter that names the view in the address.
const ViewParam = "view"

// ParseViewParam reads the view id from a URL's query string (with or
// without the leading "?"); "" when there is none or it is malformed.
func ParseViewParam(rawQuery string) string {
	vals, err := url.ParseQuery(strings.TrimPrefix(rawQuery, "?"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(vals.Get(ViewParam))
}

// CatalogURL is the address of a catalog showing a view ("" for none).
func CatalogURL(catalog, view string) string {
	u := "/c/" + url.PathEscape(catalog)
	if view != "" {
		u += "?" + url.Values{ViewParam: {view}}.Encode()
	}
	return u
}

// LayoutSource says where the layout a catalog opens with came from.
type LayoutSource int

// Layout sources, in the order they are tried.
const (
	FromDefaults    LayoutSource = iota // the catalog's own defaults
	FromLink                            // ?view= in the address
	FromSettings                        // the user's saved form settings
	FromDefaultView                     // the view the user marked as default
)

// Opening is the layout a catalog opens with.
type Opening struct {
	Source LayoutSource
	View   string      // the current view's id, "" for none
	Layout *api.Layout // nil: the catalog's defaults
}

// ChooseOpening decides what a catalog opens with: the view named in the
// link, else the user's form settings (and the view they were based on),
// else the user's default view, else the catalog's defaults. A link to a
// view the user may not see falls through to the rest.
func ChooseOpening(linkView string, fs api.FormSettings, views []api.View) Opening {
	if linkView != "" {
		if v := FindView(views, linkView); v != nil {
			l := v.Layout
			return Opening{Source: FromLink, View: v.ID, Layout: &l}
		}
	}
	if fs.Layout != nil {
		view := fs.View
		if view != "" && FindView(views, view) == nil {
			view = ""
		}
		l := *fs.Layout
		return Opening{Source: FromSettings, View: view, Layout: &l}
	}
	for i := range views {
		if views[i].Default {
			l := views[i].Layout
			return Opening{Source: FromDefaultView, View: views[i].ID, Layout: &l}
		}
	}
	return Opening{Source: FromDefaults}
}

// FindView finds a view by id, or nil.
func FindView(views []api.View, id string) *api.View {
	if id == "" {
		return nil
	}
	for i := range views {
		if views[i].ID == id {
			return &views[i]
		}
	}
	return nil
}

// ViewName is a view's name in the UI language: built-in views carry both.
func ViewName(v api.View, lang string) string {
	if s := v.Label.In(lang); s != "" {
		return s
	}
	return v.Name
}

// Effective fills what a layout leaves to the catalog: no columns means
// the catalog's preset columns.
func Effective(c *api.Catalog, l api.Layout) api.Layout {
	if len(l.Columns) == 0 && c != nil {
		l.Columns = DefaultColumns(c)
	}
	return l
}

// SameLayout reports whether two layouts show the same list. Empty and
// absent parts are alike, numbers compare by value whatever their Go type
// (a layout off the wire holds float64s), and no columns means the
// catalog's preset.
func SameLayout(c *api.Catalog, a, b api.Layout) bool {
	return canonical(Effective(c, a)) == canonical(Effective(c, b))
}

func canonical(l api.Layout) string {
	if len(l.Filter.All) == 0 {
		l.Filter.All = nil
	}
	if len(l.Filter.Groups) == 0 {
		l.Filter.Groups = nil
	}
	if len(l.Sort) == 0 {
		l.Sort = nil
	}
	if len(l.Totals) == 0 {
		l.Totals = nil
	}
	raw, err := json.Marshal(l)
	if err != nil {
		return ""
	}
	// Round-trip through any so that 5 and 5.0 read alike.
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	raw, _ = json.Marshal(v)
	return string(raw)
}

// CopyName proposes a name for a duplicate of name that none of the
// user's own views has (ignoring case): "name (копия)", "name (копия 2)"…,
// with name cut short if need be so that the server takes it
// (api.MaxViewName).
func CopyName(name, copyWord string, views []api.View) string {
	taken := func(s string) bool {
		return slices.ContainsFunc(views, func(v api.View) bool {
			return v.Mine && strings.EqualFold(v.Name, s)
		})
	}
	base := []rune(strings.TrimSpace(name))
	for n := 1; ; n++ {
		suffix := " (" + copyWord + ")"
		if n > 1 {
			suffix = " (" + copyWord + " " + strconv.Itoa(n) + ")"
		}
		keep := min(len(base), api.MaxViewName-utf8.RuneCountInString(suffix))
		if out := strings.TrimSpace(string(base[:max(keep, 0)])) + suffix; !taken(out) {
			return out
		}
	}
}
