package api

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
