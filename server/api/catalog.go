package api

// Catalog wire types. A catalog is described once, on the server, as data;
// the client's grid, filters, cards and tree are generic over Catalog.

// Catalog message types (requests unless marked as pushes).
const (
	// TypeCatalogs: no data; reply Catalogs — the descriptions this user may see.
	TypeCatalogs = "catalogs"
	// TypeQuery: QueryRequest; reply QueryReply — a window of rows plus the total.
	TypeQuery = "query"
	// TypeGet: GetRequest; reply Record — one record with every field.
	TypeGet = "get"
	// TypeNew: NewRequest; reply Record — what a new record starts as (the
	// catalog's defaults, e.g. an RDC's start and end dates), not saved.
	TypeNew = "new"
	// TypeSave: SaveRequest; reply Record — create (ID empty) or update.
	TypeSave = "save"
	// TypeDelete / TypeRestore: RecordRef; reply Record.
	TypeDelete  = "delete"
	TypeRestore = "restore"
	// TypeLookup: LookupRequest; reply LookupReply — choices for a reference
	// picker or a filter's value list.
	TypeLookup = "lookup"
	// TypeWatch: WatchRequest; reply empty — which catalogs this socket shows,
	// so pushes go only where they matter.
	TypeWatch = "watch"
	// TypeChanged is a push: Changed — records of a watched catalog changed.
	TypeChanged = "changed"
)

// FieldType says how a field is stored, shown, filtered and edited.
type FieldType string

const (
	FieldText     FieldType = "text"
	FieldNumber   FieldType = "number"   // JSON number
	FieldMoney    FieldType = "money"    // decimal string "1234.50", exact
	FieldDate     FieldType = "date"     // "2026-11-23"
	FieldDateTime FieldType = "datetime" // RFC 3339, UTC
	FieldBool     FieldType = "bool"
	FieldEnum     FieldType = "enum"   // the key of one of Field.Options
	FieldRef      FieldType = "ref"    // the ID of a record of Field.Ref; Record.Labels has its name
	FieldCoords   FieldType = "coords" // [lat, lon]
	FieldList     FieldType = "list"   // rows of Field.Columns: a linked list edited on the card
	// FieldUser holds a user's login. Filters on it take the value UserMe,
	// which the server reads as the asking user's login.
	FieldUser FieldType = "user"
)

// UserMe, as the value of a condition on a FieldUser field, means "the user
// who runs the query"; it is resolved at query time, so a saved or shared
// filter "changed by me" follows whoever opens it.
const UserMe = "@me"

// System fields every catalog has, kept by the server from the record's
// history: who changed it last and when.
const (
	FieldChangedBy = "changed_by"
	FieldChangedAt = "changed_at"
)

// Field describes one field of a catalog.
type Field struct {
	Key   string    `json:"key"`
	Label LocalText `json:"label"`
	Type  FieldType `json:"type"`
	// Required fields must have a value on save.
	Required bool `json:"required,omitempty"`
	// ReadOnly fields are never edited by users (set by the server or loaders).
	ReadOnly bool `json:"readOnly,omitempty"`
	// System fields (FieldChangedBy, FieldChangedAt) exist in every catalog;
	// lists, filters and exports offer them, the card shows them in its
	// footer rather than among the fields.
	System bool `json:"system,omitempty"`
	// Fixed fields may be set on create but not changed after the first save.
	Fixed bool `json:"fixed,omitempty"`
	// Options are the values of an enum field.
	Options []Option `json:"options,omitempty"`
	// Ref is the catalog a ref field points to.
	Ref string `json:"ref,omitempty"`
	// Columns are the fields of one row of a list field.
	Columns []Field `json:"columns,omitempty"`
	// Tab is the card tab the field sits on; empty means the first tab.
	Tab string `json:"tab,omitempty"`
	// Hint is shown under the input on the card.
	Hint LocalText `json:"hint,omitzero"`
	// Confirm, on a bool field, is asked before the user switches it off.
	Confirm LocalText `json:"confirm,omitzero"`
	// Clears lists the fields a new value of this one empties on save (a
	// new PIN frees the device it was bound to), so the card can show it
	// before the server does it.
	Clears []string `json:"clears,omitempty"`
	// Width is the default column width in pixels.
	Width int `json:"width,omitempty"`
	// MaxLen caps text fields.
	MaxLen int `json:"maxLen,omitempty"`
	// Limit narrows what a ref field (or a ref column of a list) may point
	// to: the picker offers only records that pass every limit, and a save
	// that sets a reference outside them is refused with FieldLimit.
	Limit []RefLimit `json:"limit,omitempty"`
	// Lookup makes a read-only field a copy of a field of the record that
	// another field of this one refers to (an MM user's employee is its
	// position's employee). The server keeps it in step when either
	// record changes; it shows, sorts, filters and exports like any field.
	Lookup *Lookup `json:"lookup,omitempty"`
	// Default is what a new record (or a new row of a list) starts with:
	// DefaultToday on a date field.
	Default string `json:"default,omitempty"`
	// Pick, on a text field, offers a picker of another catalog's records
	// whose chosen record gives the text (an RDC's external code is the
	// code of an outlet of subtype RDC). A save checks the text names such
	// a record.
	Pick *Pick `json:"pick,omitempty"`
}

// DefaultToday, as Field.Default of a date field, is the day the record
// or row is made, in the user's zone.
const DefaultToday = "@today"

// RefLimit is one condition on the record a reference points to: its
// Field equals Is (an enum key, a literal), or equals the value of the
// saving record's field Same (for a list column: a field of the record,
// not of the row). A Same field with no value limits nothing.
type RefLimit struct {
	Field string `json:"field"`
	Is    string `json:"is,omitempty"`
	Same  string `json:"same,omitempty"`
}

// Lookup names the field Field of the record the ref field Via points to.
type Lookup struct {
	Via   string `json:"via"`
	Field string `json:"field"`
}

// Pick is the source of a text field's picker: records of Catalog that
// pass Limit, of which Field (e.g. "code") becomes the text.
type Pick struct {
	Catalog string     `json:"catalog"`
	Field   string     `json:"field"`
	Limit   []RefLimit `json:"limit,omitempty"`
	// Code is the field code a text naming no such record fails with
	// (FieldLimit when empty), so a catalog can say exactly what is wrong
	// (an RDC's external code: FieldNotRDC) without a rule of its own.
	Code Code `json:"code,omitempty"`
}

// RefInfo tells a referenced record apart from others of the same name:
// its code and its owner (the distributor, city or parent named by the
// catalog's description). Either may be empty.
type RefInfo struct {
	Code  string `json:"code,omitempty"`
	Owner string `json:"owner,omitempty"`
}

// RefText is the one text form of a reference outside the UI's own
// rendering (export cells, history, chips' saved labels):
// "name · code · owner", leaving out what is empty.
func RefText(name string, info RefInfo) string {
	out := name
	for _, s := range []string{info.Code, info.Owner} {
		if s != "" && s != name {
			if out != "" {
				out += " · "
			}
			out += s
		}
	}
	return out
}

// Option is one value of an enum field.
type Option struct {
	Key   string    `json:"key"`
	Label LocalText `json:"label"`
}

// Tab is one tab of a catalog's card.
type Tab struct {
	Key   string    `json:"key"`
	Label LocalText `json:"label"`
}

// Rights are what the current user may do in a catalog.
type Rights struct {
	Read   bool `json:"read"`
	Edit   bool `json:"edit"`
	Create bool `json:"create"`
	Delete bool `json:"delete"`
}

// Catalog describes one catalog for the client.
type Catalog struct {
	Key   string    `json:"key"`
	Label LocalText `json:"label"`
	Group string    `json:"group"`
	// Tree catalogs have a ParentField and open as an expandable tree.
	Tree        bool   `json:"tree,omitempty"`
	ParentField string `json:"parentField,omitempty"`
	// TitleField names the field that names a record (in pickers, messages).
	TitleField string    `json:"titleField"`
	Fields     []Field   `json:"fields"`
	Columns    []string  `json:"columns"` // visible by default, in order
	Sort       []SortKey `json:"sort"`    // default order
	Tabs       []Tab     `json:"tabs,omitempty"`
	Rights     Rights    `json:"rights"`
	// Notice is shown on the card, e.g. that the next exchange with the
	// distributor's system overwrites manual changes.
	Notice LocalText `json:"notice,omitzero"`
	// Parent, on a child catalog (master–detail), names the catalog its
	// records belong to and the field that holds the parent.
	Parent *ParentLink `json:"parent,omitempty"`
	// Children are the child catalogs the user may read: the card shows
	// each as a tab with its grid, scoped to the record (requests with Of).
	Children []Catalog `json:"children,omitempty"`
}

// ParentLink names the parent of a child catalog: every record of the
// child belongs to one record of Catalog, whose id is in Field (a
// required reference).
type ParentLink struct {
	Catalog string `json:"catalog"`
	Field   string `json:"field"`
}

// Catalogs is the reply to TypeCatalogs.
type Catalogs struct {
	Catalogs []Catalog `json:"catalogs"`
}

// SortKey orders rows by one field.
type SortKey struct {
	Field string `json:"field"`
	Desc  bool   `json:"desc,omitempty"`
}

// Filter operators. Which apply depends on the field type (see OpsFor).
const (
	OpContains   = "contains"  // text
	OpEquals     = "eq"        // text, number, money, date, bool, enum, ref
	OpNotEquals  = "ne"        // number, money
	OpStartsWith = "starts"    // text
	OpEmpty      = "empty"     // any: no value ("not set", e.g. not mapped)
	OpNotEmpty   = "notempty"  // any
	OpLess       = "lt"        // number, money
	OpLessEq     = "le"        // number, money
	OpGreater    = "gt"        // number, money
	OpGreaterEq  = "ge"        // number, money
	OpBetween    = "between"   // number, money, date, datetime: two values, inclusive
	OpIn         = "in"        // enum, ref: any of Values
	OpNotIn      = "notin"     // enum, ref: none of Values
	OpBefore     = "before"    // date, datetime
	OpAfter      = "after"     // date, datetime
	OpToday      = "today"     // date, datetime: relative, no values
	OpThisMonth  = "thismonth" // date, datetime
	OpLast7Days  = "last7days" // date, datetime: today and the 6 days before
	OpIsTrue     = "true"      // bool
	OpIsFalse    = "false"     // bool
)

// Condition is one filter on one field. Values are in the field's wire
// form (see FieldType).
type Condition struct {
	Field  string `json:"field"`
	Op     string `json:"op"`
	Values []any  `json:"values,omitempty"`
	// Labels, parallel to Values, are the names the user saw when picking
	// referenced records, so chips of a saved filter read as names. Display
	// only: the server ignores them.
	Labels []string `json:"labels,omitempty"`
}

// Group holds conditions of which at least one must hold.
type Group struct {
	Any []Condition `json:"any"`
}

// Filter selects rows: every condition in All, at least one condition of
// every group, and the quick search over the catalog's text fields.
type Filter struct {
	All    []Condition `json:"all,omitempty"`
	Groups []Group     `json:"groups,omitempty"`
	Search string      `json:"search,omitempty"`
}

// QueryRequest asks for a window of a catalog's rows.
type QueryRequest struct {
	Catalog string    `json:"catalog"`
	Filter  Filter    `json:"filter"`
	Sort    []SortKey `json:"sort,omitempty"`
	Offset  int       `json:"offset"`
	Limit   int       `json:"limit"`
	// Deleted includes soft-deleted rows (shown greyed).
	Deleted bool `json:"deleted,omitempty"`
	// Parent, in a tree catalog, limits the rows to the children of one
	// node ("" for the roots). Nil means a flat list.
	Parent *string `json:"parent,omitempty"`
	// Of, on a child catalog, is the parent record the request is limited
	// to (the parent card's tab): only that parent's children are read,
	// and a write may touch no other.
	Of string `json:"of,omitempty"`
	// Lang is the language the user reads ("ru" or "en"): enum fields
	// sort by their labels in it (see SortOptions).
	Lang string `json:"lang,omitempty"`
}

// MaxWindow caps QueryRequest.Limit.
const MaxWindow = 500

// QueryReply is a window of rows and the number of rows the filter matches.
type QueryReply struct {
	Rows   []Record `json:"rows"`
	Total  int      `json:"total"`
	Offset int      `json:"offset"`
}

// Record is one record as the client sees it.
type Record struct {
	Catalog string         `json:"catalog"`
	ID      string         `json:"id"`
	Version uint64         `json:"version"`
	Values  map[string]any `json:"values"`
	// Labels holds the display name of each referenced record by field
	// key; for a reference inside a list field the key is
	// "<list>.<row>.<column>", e.g. "people.0.person".
	Labels map[string]string `json:"labels,omitempty"`
	// Refs, keyed like Labels, holds the code and owner of each referenced
	// record that has either, so the same name can be told apart.
	Refs map[string]RefInfo `json:"refs,omitempty"`
	// Deleted records are shown greyed and can be restored until Purge.
	Deleted   bool   `json:"deleted,omitempty"`
	DeletedBy string `json:"deletedBy,omitempty"`
	DeletedAt string `json:"deletedAt,omitempty"`
	ChangedBy string `json:"changedBy,omitempty"`
	ChangedAt string `json:"changedAt,omitempty"`
	CreatedBy string `json:"createdBy,omitempty"`
	CreatedAt string `json:"createdAt,omitempty"`
	// Children counts a tree node's children.
	Children int `json:"children,omitempty"`
}

// GetRequest asks for one record.
type GetRequest struct {
	Catalog string `json:"catalog"`
	ID      string `json:"id"`
}

// RecordRef names one record and the version the user saw.
type RecordRef struct {
	Catalog string `json:"catalog"`
	ID      string `json:"id"`
	Version uint64 `json:"version"`
	// Of, on a child catalog, is the parent record the request is limited
	// to (the parent card's tab): only that parent's children are read,
	// and a write may touch no other.
	Of string `json:"of,omitempty"`
}

// SaveRequest creates (ID empty) or updates a record. Version is the
// version the edit was based on; a stale one is refused with CodeConflict.
// Values holds only editable fields; missing keys are left as they are on
// update and empty on create.
type SaveRequest struct {
	Catalog string         `json:"catalog"`
	ID      string         `json:"id,omitempty"`
	Version uint64         `json:"version,omitempty"`
	Values  map[string]any `json:"values"`
	// Of, on a child catalog, is the parent record the request is limited
	// to (the parent card's tab): only that parent's children are read,
	// and a write may touch no other.
	Of string `json:"of,omitempty"`
}

// NewRequest asks for the starting values of a new record; Values are
// what the client already knows (a tree's parent).
type NewRequest struct {
	Catalog string         `json:"catalog"`
	Values  map[string]any `json:"values,omitempty"`
	// Of, on a child catalog, is the parent record the request is limited
	// to (the parent card's tab): only that parent's children are read,
	// and a write may touch no other.
	Of string `json:"of,omitempty"`
}

// LookupRequest searches a catalog's records by their title and code, for
// a reference picker or a filter's list of values.
type LookupRequest struct {
	Catalog string `json:"catalog"`
	Search  string `json:"search"`
	Limit   int    `json:"limit"`
	// Field, with Catalog, asks instead for the distinct values of an
	// enum or text field.
	Field string `json:"field,omitempty"`
	// For, when the lookup fills a field of a record being edited, names
	// that field, so the server applies its Limit (or Pick) to the
	// choices. A filter's value list leaves it nil: filters are not
	// limited.
	For *LookupFor `json:"for,omitempty"`
}

// LookupFor is the field a picker fills and the values of the record
// being edited that its limits compare with (RefLimit.Same).
type LookupFor struct {
	Catalog string `json:"catalog"`
	// Field is a field key, or "list.column" for a ref column of a list.
	Field  string         `json:"field"`
	Values map[string]any `json:"values,omitempty"`
	// Of is the parent record of a child catalog's record (its tab).
	Of string `json:"of,omitempty"`
}

// Choice is one entry of a lookup. Owner and Detail (the catalog's
// columns shown beside a choice, e.g. an outlet's address) tell choices
// of the same name apart; Value, for a Pick, is the text the field takes.
type Choice struct {
	ID     string `json:"id"`
	Label  string `json:"label"`
	Code   string `json:"code,omitempty"`
	Owner  string `json:"owner,omitempty"`
	Detail string `json:"detail,omitempty"`
	Value  string `json:"value,omitempty"`
}

// LookupReply lists choices.
type LookupReply struct {
	Choices []Choice `json:"choices"`
}

// WatchRequest names the catalogs whose changes this socket wants.
type WatchRequest struct {
	Catalogs []string `json:"catalogs"`
}

// Changed is pushed when records of a watched catalog changed. The client
// refreshes its window; IDs lets it refresh an open card.
type Changed struct {
	Catalog string   `json:"catalog"`
	IDs     []string `json:"ids"`
	By      string   `json:"by"`
}

// TypeTotals: TotalsRequest; reply TotalsReply — aggregates over every row
// the filter matches (not only the window on screen).
const TypeTotals = "totals"

// Aggregate functions of a totals row (see AggsFor).
const (
	AggSum   = "sum"
	AggAvg   = "avg"
	AggMin   = "min"
	AggMax   = "max"
	AggCount = "count"
)

// Total asks for one aggregate of one field.
type Total struct {
	Field string `json:"field"`
	Fn    string `json:"fn"`
}

// TotalsRequest asks for the totals row of a filtered catalog.
type TotalsRequest struct {
	Catalog string  `json:"catalog"`
	Filter  Filter  `json:"filter"`
	Deleted bool    `json:"deleted,omitempty"`
	Totals  []Total `json:"totals"`
	// Of, on a child catalog, is the parent record the request is limited
	// to (the parent card's tab): only that parent's children are read,
	// and a write may touch no other.
	Of string `json:"of,omitempty"`
}

// TotalValue is one computed total. Value is in the field's wire form
// (money as a decimal string, dates as dates) except for count and avg,
// which are numbers; nil when no row has a value.
type TotalValue struct {
	Field string `json:"field"`
	Fn    string `json:"fn"`
	Value any    `json:"value"`
	// Rows is how many rows had a value.
	Rows int `json:"rows"`
}

// TotalsReply holds the totals in the order asked.
type TotalsReply struct {
	Totals []TotalValue `json:"totals"`
}

// PathExport is the HTTP endpoint that writes a catalog's visible list to a
// file: POST ExportRequest → the file, or an Error.
const PathExport = "/api/export"

// MaxExport is the most rows one export writes; above it nothing is
// written and the reply is CodeTooManyRows with Args["count"].
const MaxExport = 10_000

// Export formats.
const (
	ExportXLSX = "xlsx"
	ExportCSV  = "csv"
)

// ExportRequest asks for the list as the user sees it: exactly Columns in
// that order, with the filter and sort applied.
type ExportRequest struct {
	Catalog string    `json:"catalog"`
	Filter  Filter    `json:"filter"`
	Sort    []SortKey `json:"sort,omitempty"`
	Columns []string  `json:"columns"`
	Format  string    `json:"format"`
	Deleted bool      `json:"deleted,omitempty"`
	// Lang is the language of headers and values ("ru" or "en"), and of
	// the order of enum fields, as in QueryRequest.
	Lang string `json:"lang"`
	// Of, on a child catalog, is the parent record the request is limited
	// to (the parent card's tab): only that parent's children are read,
	// and a write may touch no other.
	Of string `json:"of,omitempty"`
}
