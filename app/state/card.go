package state

import (
	"fmt"
	"maps"
	"reflect"
	"strings"
	"time"

	"webtool/server/api"
)

// CardMode is whether a card shows or edits its record.
type CardMode int

const (
	View CardMode = iota
	Edit
)

func (m CardMode) String() string {
	if m == Edit {
		return "edit"
	}
	return "view"
}

// Ref is the draft of a reference: the id and the name the picker shows.
type Ref struct {
	ID    string
	Label string
}

// Coords is the draft of a coordinates field, as typed.
type Coords struct{ Lat, Lon string }

// Row is one row of a list field's draft, by column key.
type Row map[string]any

// Conflict says who changed the record since the user read it.
type Conflict struct {
	By string
	At string // RFC 3339
}

// Card is the state of one record's card: the record as the server last
// sent it, and while editing, the user's draft of every field as the
// inputs hold it (strings for text-like inputs, bool, Ref, Coords, []Row).
// Drafts survive a refused save so the user's input is never lost.
type Card struct {
	Catalog *api.Catalog
	// Loc is the zone datetimes are shown and typed in; nil is time.Local.
	Loc *time.Location

	Rec    api.Record
	Exists bool
	Mode   CardMode

	Draft map[string]any
	orig  map[string]any

	// Errors maps a field key (or "list.row.column") to what is wrong;
	// ErrorArgs holds what a field's message names (the MM user who already
	// has a position), by field key.
	Errors    map[string]api.Code
	ErrorArgs map[string]string
	// Conflict is set when a save or delete was refused as stale.
	Conflict *Conflict
}

// NewCard returns the card state for catalog c.
func NewCard(c *api.Catalog) *Card { return &Card{Catalog: c} }

// Load shows rec read-only, forgetting any draft, error and conflict.
func (c *Card) Load(rec api.Record) {
	c.Rec, c.Exists, c.Mode = rec, rec.ID != "", View
	c.Draft, c.orig, c.Errors, c.Conflict = nil, nil, nil, nil
}

// Refreshed takes a newer copy of the record (a push, a reload). In view
// mode it simply shows it; while editing the draft stays and only the
// version the save is based on is kept as it was, so a stale save is still
// refused rather than silently overwriting the other user's change.
func (c *Card) Refreshed(rec api.Record) {
	if c.Mode == Edit {
		return
	}
	c.Load(rec)
}

// StartEdit begins editing the loaded record.
func (c *Card) StartEdit() {
	c.Mode = Edit
	c.Errors, c.Conflict = nil, nil
	c.Draft = c.draftOf(c.Rec)
	c.orig = cloneDraft(c.Draft)
}

// StartNew begins a new record with prefilled values (wire form) and the
// labels of prefilled references.
func (c *Card) StartNew(values map[string]any, labels map[string]string) {
	rec := api.Record{Catalog: c.Catalog.Key, Values: values, Labels: labels}
	c.Rec, c.Exists = rec, false
	c.StartEdit()
}

// Cancel drops the draft and shows the record again.
func (c *Card) Cancel() {
	c.Mode = View
	c.Draft, c.orig, c.Errors = nil, nil, nil
}

// Editable reports whether the user may change f now.
func (c *Card) Editable(f *api.Field) bool {
	return !f.ReadOnly && !(f.Fixed && c.Exists)
}

// Dirty reports whether the draft differs from what editing started with.
func (c *Card) Dirty() bool {
	return c.Mode == Edit && !reflect.DeepEqual(c.Draft, c.orig)
}

// Set changes the draft of field key and clears its error.
func (c *Card) Set(key string, v any) {
	if c.Draft == nil {
		return
	}
	c.Draft[key] = v
	delete(c.Errors, key)
}

// Rows returns the draft rows of a list field.
func (c *Card) Rows(key string) []Row {
	rows, _ := c.Draft[key].([]Row)
	return rows
}

// SetCell changes one cell of a list field's draft.
func (c *Card) SetCell(key string, row int, col string, v any) {
	rows := c.Rows(key)
	if row < 0 || row >= len(rows) {
		return
	}
	next := make([]Row, len(rows))
	copy(next, rows)
	r := maps.Clone(rows[row])
	r[col] = v
	next[row] = r
	c.Draft[key] = next
	delete(c.Errors, cellKey(key, row, col))
	delete(c.Errors, key)
}

// AddRow appends an empty row to a list field's draft.
func (c *Card) AddRow(key string) {
	f := FieldByKey(c.Catalog, key)
	if f == nil || c.Draft == nil {
		return
	}
	row := Row{}
	for i := range f.Columns {
		row[f.Columns[i].Key] = emptyDraft(&f.Columns[i])
	}
	c.Draft[key] = append(append([]Row(nil), c.Rows(key)...), row)
	delete(c.Errors, key)
}

// RemoveRow removes row i of a list field's draft.
func (c *Card) RemoveRow(key string, i int) {
	rows := c.Rows(key)
	if i < 0 || i >= len(rows) {
		return
	}
	next := append(append([]Row(nil), rows[:i]...), rows[i+1:]...)
	if len(next) == 0 {
		next = nil
	}
	c.Draft[key] = next
	// Cell errors are by row index, which has just shifted.
	for k := range c.Errors {
		if strings.HasPrefix(k, key+".") {
			delete(c.Errors, k)
		}
	}
	delete(c.Errors, key)
}

// cellKey names a cell of a list field in Errors and Record.Labels.
func cellKey(key string, row int, col string) string { return fmt.Sprintf("%s.%d.%s", key, row, col) }

// CellKey is cellKey for the UI.
func CellKey(key string, row int, col string) string { return cellKey(key, row, col) }

// Build turns the draft into the values of a SaveRequest: every editable
// field on update (an empty one as nil, which clears it), only the filled
// ones on create. Fields it cannot read, and required fields left empty,
// come back in errs.
func (c *Card) Build() (values map[string]any, errs map[string]api.Code) {
	values, errs = map[string]any{}, map[string]api.Code{}
	for i := range c.Catalog.Fields {
		f := &c.Catalog.Fields[i]
		if !c.Editable(f) {
			continue
		}
		v, code := c.fromDraft(f, c.Draft[f.Key], f.Key, errs)
		switch {
		case code != "":
			errs[f.Key] = code
			continue
		case v == nil && f.Required:
			errs[f.Key] = "required"
			continue
		}
		if v == nil && f.Type == api.FieldPin {
			continue // absent: the stored PIN stays
		}
		if v != nil || c.Exists {
			values[f.Key] = v
		}
	}
	if len(errs) == 0 {
		errs = nil
	}
	return values, errs
}

// Save returns the request that saves the draft, or false (with Errors
// set) when the draft has fields the client can already tell are wrong.
func (c *Card) Save() (api.SaveRequest, bool) {
	values, errs := c.Build()
	if errs != nil {
		c.Errors = errs
		return api.SaveRequest{}, false
	}
	req := api.SaveRequest{Catalog: c.Catalog.Key, Values: values}
	if c.Exists {
		req.ID, req.Version = c.Rec.ID, c.Rec.Version
	}
	return req, true
}

// Saved takes the server's copy of the saved record.
func (c *Card) Saved(rec api.Record) { c.Load(rec) }

// Failed takes a refused save, delete or restore. It returns true when the
// card shows the error itself (field errors, a conflict); otherwise the UI
// reports it elsewhere.
func (c *Card) Failed(e *api.Error) bool {
	switch e.Code {
	case api.CodeValidation:
		if len(e.Fields) == 0 {
			return false
		}
		c.Errors, c.ErrorArgs = maps.Clone(e.Fields), maps.Clone(e.Args)
		return true
	case api.CodeConflict:
		if e.Args["refs"] != "" {
			return false
		}
		c.Conflict = &Conflict{By: e.Args["by"], At: e.Args["at"]}
		return true
	}
	return false
}

// FirstErrorTab returns the tab holding the first field with an error, in
// card order, and whether there is one.
func (c *Card) FirstErrorTab() (string, bool) {
	for i := range c.Catalog.Fields {
		f := &c.Catalog.Fields[i]
		for k := range c.Errors {
			if k == f.Key || strings.HasPrefix(k, f.Key+".") {
				return TabOf(c.Catalog, f), true
			}
		}
	}
	return "", false
}

// TabOf is the tab a field sits on: its own, or the first tab.
func TabOf(c *api.Catalog, f *api.Field) string {
	if f.Tab != "" {
		return f.Tab
	}
	if len(c.Tabs) > 0 {
		return c.Tabs[0].Key
	}
	return ""
}

// Title names the record: its title field, else its id.
func (c *Card) Title(lang string) string {
	if s, _ := c.Rec.Values[c.Catalog.TitleField].(string); s != "" {
		return s
	}
	return c.Rec.ID
}

func (c *Card) draftOf(rec api.Record) map[string]any {
	d := map[string]any{}
	for i := range c.Catalog.Fields {
		f := &c.Catalog.Fields[i]
		d[f.Key] = c.toDraft(f, rec.Values[f.Key], rec.Labels, f.Key)
	}
	return d
}

func emptyDraft(f *api.Field) any {
	switch f.Type {
	case api.FieldBool:
		return false
	case api.FieldRef:
		return Ref{}
	case api.FieldCoords:
		return Coords{}
	case api.FieldList:
		return []Row(nil)
	case api.FieldPin:
		return Pin{}
	}
	return ""
}

// toDraft turns a wire value into what the input holds. path is the key
// of the value's label in labels.
func (c *Card) toDraft(f *api.Field, v any, labels map[string]string, path string) any {
	if v == nil {
		return emptyDraft(f)
	}
	switch f.Type {
	case api.FieldBool:
		b, _ := v.(bool)
		return b
	case api.FieldPin:
		set, _ := v.(bool)
		return Pin{Set: set}
	case api.FieldRef:
		id, _ := v.(string)
		return Ref{ID: id, Label: labels[path]}
	case api.FieldNumber:
		return FormatNumber(v)
	case api.FieldMoney:
		s, _ := ParseMoney(FormatNumber(v))
		return s
	case api.FieldDateTime:
		s, _ := v.(string)
		return DateTimeToInput(s, c.Loc)
	case api.FieldCoords:
		a, _ := v.([]any)
		if len(a) != 2 {
			return Coords{}
		}
		return Coords{Lat: FormatNumber(a[0]), Lon: FormatNumber(a[1])}
	case api.FieldList:
		list, _ := v.([]any)
		rows := make([]Row, 0, len(list))
		for i, item := range list {
			m, _ := item.(map[string]any)
			row := Row{}
			for j := range f.Columns {
				col := &f.Columns[j]
				row[col.Key] = c.toDraft(col, m[col.Key], labels, cellKey(path, i, col.Key))
			}
			rows = append(rows, row)
		}
		return rows
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// fromDraft turns an input's content back into the wire value (nil when
// empty). Errors of list cells go into errs under their cell key.
func (c *Card) fromDraft(f *api.Field, d any, path string, errs map[string]api.Code) (any, api.Code) {
	switch f.Type {
	case api.FieldBool:
		b, _ := d.(bool)
		return b, ""
	case api.FieldPin:
		// Only a newly generated PIN is sent; nil leaves the stored one.
		if p, _ := d.(Pin); p.New != "" {
			return p.New, ""
		}
		return nil, ""
	case api.FieldRef:
		r, _ := d.(Ref)
		if r.ID == "" {
			return nil, ""
		}
		return r.ID, ""
	case api.FieldCoords:
		co, _ := d.(Coords)
		if strings.TrimSpace(co.Lat) == "" && strings.TrimSpace(co.Lon) == "" {
			return nil, ""
		}
		lat, ok1 := api.ParseNumber(co.Lat)
		lon, ok2 := api.ParseNumber(co.Lon)
		if !ok1 || !ok2 || !api.ValidCoords(lat, lon) {
			return nil, "bad_value"
		}
		return []any{lat, lon}, ""
	case api.FieldList:
		rows, _ := d.([]Row)
		if len(rows) == 0 {
			return nil, ""
		}
		out := make([]any, 0, len(rows))
		bad := false
		for i, row := range rows {
			m := map[string]any{}
			for j := range f.Columns {
				col := &f.Columns[j]
				ck := cellKey(path, i, col.Key)
				v, code := c.fromDraft(col, row[col.Key], ck, errs)
				if code == "" && v == nil && col.Required {
					code = "required"
				}
				if code != "" {
					errs[ck] = code
					bad = true
					continue
				}
				if v != nil {
					m[col.Key] = v
				}
			}
			out = append(out, m)
		}
		if bad {
			return nil, "bad_value"
		}
		return out, ""
	}
	s, _ := d.(string)
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, ""
	}
	switch f.Type {
	case api.FieldText:
		if f.TooLong(s) {
			return nil, "too_long"
		}
		return s, ""
	case api.FieldNumber:
		n, ok := api.ParseNumber(s)
		if !ok {
			return nil, "bad_value"
		}
		return n, ""
	case api.FieldMoney:
		m, ok := ParseMoney(s)
		if !ok {
			return nil, "bad_value"
		}
		return m, ""
	case api.FieldDate:
		if _, ok := api.ParseDate(s); !ok {
			return nil, "bad_value"
		}
		return s, ""
	case api.FieldDateTime:
		t, ok := InputToDateTime(s, c.Loc)
		if !ok {
			return nil, "bad_value"
		}
		return t, ""
	}
	return s, ""
}

func cloneDraft(d map[string]any) map[string]any {
	out := make(map[string]any, len(d))
	for k, v := range d {
		if rows, ok := v.([]Row); ok {
			cp := make([]Row, len(rows))
			for i, r := range rows {
				cp[i] = maps.Clone(r)
			}
			v = cp
		}
		out[k] = v
	}
	return out
}
