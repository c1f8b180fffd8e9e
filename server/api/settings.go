package api

import (
	"strings"
	"unicode/utf8"
)

// Per-user form settings and saved views. Both are kept on the server, so
// they follow the user to another browser, and pushed to the user's other
// open tabs when they change.

// Layout is how a list looks: filters, sort, columns in order with their
// widths, and the totals row.
type Layout struct {
	Filter  Filter         `json:"filter"`
	Sort    []SortKey      `json:"sort,omitempty"`
	Columns []ColumnLayout `json:"columns,omitempty"`
	Totals  []Total        `json:"totals,omitempty"`
	Deleted bool           `json:"deleted,omitempty"`
}

// ColumnLayout is one visible column.
type ColumnLayout struct {
	Field string `json:"field"`
	Width int    `json:"width,omitempty"`
}

// Settings message types.
const (
	// TypeSettings: SettingsRequest; reply FormSettings — the user's saved
	// layout of a catalog (empty Layout and View when none).
	TypeSettings = "settings"
	// TypeSettingsSave: FormSettings; reply FormSettings.
	TypeSettingsSave = "settings_save"
	// TypeSettingsReset: SettingsRequest; reply FormSettings — back to the
	// catalog's defaults.
	TypeSettingsReset = "settings_reset"
	// TypeSettingsChanged is a push: FormSettings — saved from another tab.
	TypeSettingsChanged = "settings_changed"
)

// SettingsRequest names a catalog.
type SettingsRequest struct {
	Catalog string `json:"catalog"`
}

// FormSettings is a user's saved layout of one catalog, and the view it
// was based on (a shared view's layout changed by this user lives here, as
// the user's personal layer, until saved as their own view).
type FormSettings struct {
	Catalog string  `json:"catalog"`
	View    string  `json:"view,omitempty"`
	Layout  *Layout `json:"layout,omitempty"`
}

// View message types.
const (
	// TypeViews: SettingsRequest; reply Views — the built-in views, those
	// shared with the user's roles, and the user's own.
	TypeViews = "views"
	// TypeViewSave: ViewSave; reply View — create (ID empty) or overwrite
	// one of the user's own views (name and layout).
	TypeViewSave = "view_save"
	// TypeViewDelete: ViewRef; reply Views.
	TypeViewDelete = "view_delete"
	// TypeViewDefault: ViewDefault; reply Views — the view that opens first
	// for this user ("" for the catalog's defaults).
	TypeViewDefault = "view_default"
	// TypeViewShare: ViewShare; reply View — administrators only.
	TypeViewShare = "view_share"
	// TypeViewsChanged is a push: SettingsRequest — the views of a catalog
	// changed for this user (in another tab, or a view was shared).
	TypeViewsChanged = "views_changed"
)

// MaxViewName caps the name of a view, in characters.
const MaxViewName = 80

// ViewNameTooLong reports whether a view name, trimmed, is over MaxViewName.
func ViewNameTooLong(name string) bool {
	return utf8.RuneCountInString(strings.TrimSpace(name)) > MaxViewName
}

// View is a named layout of a catalog.
type View struct {
	ID      string    `json:"id"`
	Catalog string    `json:"catalog"`
	Name    string    `json:"name"`
	Label   LocalText `json:"label,omitzero"` // built-in views are named in both languages
	Owner   string    `json:"owner,omitempty"`
	BuiltIn bool      `json:"builtIn,omitempty"`
	// Roles the view is shared with.
	Roles  []string `json:"roles,omitempty"`
	Layout Layout   `json:"layout"`
	// Mine: the user may rename, overwrite and delete it.
	Mine bool `json:"mine,omitempty"`
	// Default: it opens first for this user.
	Default bool `json:"default,omitempty"`
}

// Views lists a catalog's views for one user.
type Views struct {
	Catalog string `json:"catalog"`
	Views   []View `json:"views"`
}

// ViewSave creates or overwrites a view of the user's own.
type ViewSave struct {
	ID      string `json:"id,omitempty"`
	Catalog string `json:"catalog"`
	Name    string `json:"name"`
	Layout  Layout `json:"layout"`
}

// ViewRef names a view.
type ViewRef struct {
	ID string `json:"id"`
}

// ViewDefault sets the view that opens first.
type ViewDefault struct {
	Catalog string `json:"catalog"`
	ID      string `json:"id"`
}

// ViewShare shares a view with roles (none: private again).
type ViewShare struct {
	ID    string   `json:"id"`
	Roles []string `json:"roles"`
}

// Favorites message types.
const (
	// TypeFavorites: no data; reply Favorites — the user's home page tiles.
	TypeFavorites = "favorites"
	// TypeFavoritesSave: Favorites (the whole list, in order); reply
	// Favorites. Adding, removing and reordering all save the list.
	TypeFavoritesSave = "favorites_save"
	// TypeFavoritesChanged is a push: Favorites — saved in another tab.
	TypeFavoritesChanged = "favorites_changed"
)

// MaxFavorites caps the home page tiles.
const MaxFavorites = 50

// Favorites are the catalogs on the user's home page, in order.
type Favorites struct {
	Catalogs []string `json:"catalogs"`
}
