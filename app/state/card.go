package state

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
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

// Conflict says who changed the record since the user read it and, once
// the newer version has been read (Theirs), which fields differ from the
// version the draft was based on.
type Conflict struct {
	By string
	At string // RFC 3339
	// Theirs is the record as it is now; nil until it has been read.
	Theirs *api.Record
	// Fields are the fields whose value in Theirs differs from the version
	// the user edited, in card order.
	Fields []ConflictField
	// Restored: the conflict was found when a kept draft was restored onto
	// a newer version (the draft already holds the user's values), not by
	// a refused save.
	Restored bool
}

// ConflictField is one field the other user changed. Mine says the user
// changed it too, so keeping one version loses the other's value.
type ConflictField struct {
	Key  string
	Mine bool
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

	// local are what the client itself found wrong in the draft the last
	// Save sent: they are merged with the server's answer, so one save
	// shows every field's fault.
	local map[string]api.Code
	// Now is the clock of defaults (a new row's "today"); nil is time.Now.
	Now func() time.Time
}

// NewCard returns the card state for catalog c.
func NewCard(c *api.Catalog) *Card { return &Card{Catalog: c} }

// Load shows rec read-only, forgetting any draft, error and conflict.
func (c *Card) Load(rec api.Record) {
	c.Rec, c.Exists, c.Mode = rec, rec.ID != "", View
	c.Draft, c.orig, c.Errors, c.Conflict, c.local = nil, nil, nil, nil, nil
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
	c.Errors, c.Conflict, c.local = nil, nil, nil
	c.Draft = c.draftOf(c.Rec)
	c.orig = cloneDraft(c.Draft)
}

// StartNew begins a new record with prefilled values (wire form) and the
// labels of prefilled references. A date field with Default and no value
// starts with it (DefaultToday: today in the user's zone); the server's
// New usually fills those already.
func (c *Card) StartNew(values map[string]any, labels map[string]string) {
	rec := api.Record{Catalog: c.Catalog.Key, Values: values, Labels: labels}
	c.Rec, c.Exists = rec, false
	c.StartEdit()
	for i := range c.Catalog.Fields {
		f := &c.Catalog.Fields[i]
		if values[f.Key] != nil || !c.Editable(f) {
			continue
		}
		if d, ok := c.defaultOf(f); ok {
			c.Draft[f.Key] = d
		}
	}
	// What the record starts with is not a change of the user's: closing
	// it untouched asks nothing.
	c.orig = cloneDraft(c.Draft)
}

// defaultOf is the draft a field starts with by its Default.
func (c *Card) defaultOf(f *api.Field) (any, bool) {
	if f.Default != api.DefaultToday || (f.Type != api.FieldDate && f.Type != api.FieldDateTime) {
		return nil, false
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	loc := c.Loc
	if loc == nil {
		loc = time.Local
	}
	t := now().In(loc)
	if f.Type == api.FieldDateTime {
		return t.Format(localDateTime), true
	}
	return t.Format(api.DateLayout), true
}

// Cancel drops the draft and shows the record again.
func (c *Card) Cancel() {
	c.Mode = View
	c.Draft, c.orig, c.Errors, c.Conflict, c.local = nil, nil, nil, nil, nil
}

// Editable reports whether the user may change f now.
func (c *Card) Editable(f *api.Field) bool {
	return !f.ReadOnly && !(f.Fixed && c.Exists)
}

// Dirty reports whether the draft differs from what editing started with.
func (c *Card) Dirty() bool {
	return len(c.ChangedKeys()) > 0
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
		col := &f.Columns[i]
		row[col.Key] = emptyDraft(col)
		if d, ok := c.defaultOf(col); ok {
			row[col.Key] = d
		}
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
// ones on create. What the client can already tell is wrong comes back in
// errs (unreadable values, required fields left empty), but is still sent
// as typed: the server refuses it for the same reason, and checks every
// other field and rule in the same round, so one save shows every fault.
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
		case v == nil && f.Required:
			errs[f.Key] = api.FieldRequired
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

// Save returns the request that saves the draft, and whether the client
// found nothing wrong with it. The request is worth sending either way
// (see Build); what the client found is merged into the server's answer
// by Failed.
func (c *Card) Save() (api.SaveRequest, bool) {
	values, errs := c.Build()
	c.local = errs
	req := api.SaveRequest{Catalog: c.Catalog.Key, Values: values}
	if c.Exists {
		req.ID, req.Version = c.Rec.ID, c.Rec.Version
	}
	return req, errs == nil
}

// Saved takes the server's copy of the saved record.
func (c *Card) Saved(rec api.Record) { c.Load(rec) }

// Failed takes a refused save, delete or restore. It returns true when the
// card shows the error itself (field errors, a conflict); otherwise the UI
// reports it elsewhere. Whatever the answer, the faults the client found
// in the draft it sent are shown next to their fields.
func (c *Card) Failed(e *api.Error) bool {
	switch e.Code {
	case api.CodeValidation:
		if len(e.Fields) == 0 && len(c.local) == 0 {
			return false
		}
		c.Errors, c.ErrorArgs = mergeErrors(e.Fields, c.local), maps.Clone(e.Args)
		return true
	case api.CodeConflict:
		if e.Args["refs"] != "" {
			c.showLocal()
			return false
		}
		c.Conflict = &Conflict{By: e.Args["by"], At: e.Args["at"]}
		c.showLocal()
		return true
	}
	c.showLocal()
	return false
}

// showLocal shows what the client found wrong when the server's answer
// says nothing about the fields (offline, a conflict).
func (c *Card) showLocal() {
	if len(c.local) > 0 {
		c.Errors, c.ErrorArgs = maps.Clone(c.local), nil
	}
}

// mergeErrors joins the server's field errors with the client's. The
// client's win for the keys it found: it knows the exact fault of what it
// could not read (a cell it could not parse makes the server fail the
// whole list with a vaguer code).
func mergeErrors(server, local map[string]api.Code) map[string]api.Code {
	out := make(map[string]api.Code, len(server)+len(local))
	maps.Copy(out, server)
	maps.Copy(out, local)
	return out
}

// ErrorKeys lists the keys of Errors in card order: fields as the card
// shows them, a list's cells by row and column before the list's own
// error, and last, sorted, keys that name no field (never lost silently).
func (c *Card) ErrorKeys() []string {
	var out []string
	seen := map[string]bool{}
	add := func(k string) {
		if _, bad := c.Errors[k]; bad && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for i := range c.Catalog.Fields {
		f := &c.Catalog.Fields[i]
		if f.Type == api.FieldList {
			var cells []string
			for k := range c.Errors {
				if strings.HasPrefix(k, f.Key+".") {
					cells = append(cells, k)
				}
			}
			slices.SortFunc(cells, func(a, b string) int { return compareCells(f, a, b) })
			for _, k := range cells {
				add(k)
			}
		}
		add(f.Key)
	}
	var stray []string
	for k := range c.Errors {
		if !seen[k] {
			stray = append(stray, k)
		}
	}
	slices.Sort(stray)
	return append(out, stray...)
}

// compareCells orders two cell keys of list f by row, then by column.
func compareCells(f *api.Field, a, b string) int {
	ra, ca := splitCell(f, a)
	rb, cb := splitCell(f, b)
	if ra != rb {
		return ra - rb
	}
	return ca - cb
}

// splitCell reads "list.row.column" into the row and the column's index.
func splitCell(f *api.Field, key string) (row, col int) {
	rest := strings.TrimPrefix(key, f.Key+".")
	r, colKey, _ := strings.Cut(rest, ".")
	row, err := strconv.Atoi(r)
	if err != nil {
		row = 1 << 30
	}
	col = len(f.Columns)
	for i := range f.Columns {
		if f.Columns[i].Key == colKey {
			col = i
		}
	}
	return row, col
}

// SplitCellKey reads a list cell's key, "list.row.column"; ok is false for
// a field's own key.
func SplitCellKey(key string) (list string, row int, col string, ok bool) {
	list, rest, found := strings.Cut(key, ".")
	if !found {
		return key, 0, "", false
	}
	r, col, found := strings.Cut(rest, ".")
	n, err := strconv.Atoi(r)
	if !found || err != nil {
		return key, 0, "", false
	}
	return list, n, col, true
}

// FieldOf is the field of the card an error key belongs to: the field
// itself, or the list field of a cell; nil for a key that names none.
func (c *Card) FieldOf(key string) *api.Field {
	if f := FieldByKey(c.Catalog, key); f != nil {
		return f
	}
	if list, _, _, ok := SplitCellKey(key); ok {
		if f := FieldByKey(c.Catalog, list); f != nil && f.Type == api.FieldList {
			return f
		}
	}
	return nil
}

// FieldOfKey is the field (or the list's column) an error key describes.
func (c *Card) FieldOfKey(key string) *api.Field {
	f := c.FieldOf(key)
	if f == nil || f.Type != api.FieldList {
		return f
	}
	if _, _, col, ok := SplitCellKey(key); ok {
		for i := range f.Columns {
			if f.Columns[i].Key == col {
				return &f.Columns[i]
			}
		}
	}
	return f
}

// FirstErrorTab returns the tab holding the first field with an error, in
// card order, and whether there is one.
func (c *Card) FirstErrorTab() (string, bool) {
	for _, k := range c.ErrorKeys() {
		if f := c.FieldOf(k); f != nil {
			return TabOf(c.Catalog, f), true
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
// empty). A value it cannot read comes back as typed, with its code: the
// server refuses it just the same. Errors of list cells go into errs under
// their cell key.
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
			return []any{co.Lat, co.Lon}, api.FieldBadValue
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
					code = api.FieldRequired
				}
				if code != "" {
					errs[ck] = code
					bad = true
				}
				if v != nil {
					m[col.Key] = v
				}
			}
			out = append(out, m)
		}
		if bad {
			return out, api.FieldBadValue
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
			return s, api.FieldTooLong
		}
	case api.FieldNumber:
		if n, ok := api.ParseNumber(s); ok {
			return n, ""
		}
		return s, api.FieldBadValue
	case api.FieldMoney:
		if m, ok := ParseMoney(s); ok {
			return m, ""
		}
		return s, api.FieldBadValue
	case api.FieldDate:
		if _, ok := api.ParseDate(s); !ok {
			return s, api.FieldBadValue
		}
	case api.FieldDateTime:
		if t, ok := InputToDateTime(s, c.Loc); ok {
			return t, ""
		}
		return s, api.FieldBadValue
	}
	return s, ""
}

func cloneDraft(d map[string]any) map[string]any {
	out := make(map[string]any, len(d))
	for k, v := range d {
		out[k] = cloneValue(v)
	}
	return out
}

// cloneValue copies one field's draft, so that changing a list's rows in
// one copy leaves the other as it was.
func cloneValue(v any) any {
	rows, ok := v.([]Row)
	if !ok || rows == nil {
		return v
	}
	cp := make([]Row, len(rows))
	for i, r := range rows {
		cp[i] = maps.Clone(r)
	}
	return cp
}

// ChangedKeys lists, in card order, the fields whose draft differs from
// what editing started with: the user's own changes.
func (c *Card) ChangedKeys() []string {
	if c.Mode != Edit {
		return nil
	}
	var out []string
	for i := range c.Catalog.Fields {
		k := c.Catalog.Fields[i].Key
		if !draftEqual(c.Draft[k], c.orig[k]) {
			out = append(out, k)
		}
	}
	return out
}

// draftEqual compares two drafts of one field; a list with no rows equals
// a missing one.
func draftEqual(a, b any) bool {
	ra, listA := a.([]Row)
	rb, listB := b.([]Row)
	if listA || listB {
		return len(ra) == 0 && len(rb) == 0 || reflect.DeepEqual(ra, rb)
	}
	return reflect.DeepEqual(a, b)
}

// Stale takes theirs, the record as another user saved it since the draft
// was based on it (read after a save was refused as stale), and lists the
// fields they changed, in card order: what the conflict shows side by
// side.
func (c *Card) Stale(theirs api.Record) {
	if c.Conflict == nil {
		c.Conflict = &Conflict{By: theirs.ChangedBy, At: theirs.ChangedAt}
	}
	mine := map[string]bool{}
	for _, k := range c.ChangedKeys() {
		mine[k] = true
	}
	var fields []ConflictField
	for i := range c.Catalog.Fields {
		f := &c.Catalog.Fields[i]
		if f.System || f.ReadOnly || f.Type == api.FieldPin {
			// Who and when is the banner's; a read-only field follows from
			// the others (a full name); a PIN is never shown.
			continue
		}
		if !reflect.DeepEqual(c.Rec.Values[f.Key], theirs.Values[f.Key]) {
			fields = append(fields, ConflictField{Key: f.Key, Mine: mine[f.Key]})
		}
	}
	rec := theirs
	c.Conflict.Theirs, c.Conflict.Fields = &rec, fields
}

// Rebase puts the user's changes on top of rec, a newer version of the
// record: the draft becomes rec's values with every field the user
// changed kept as the user has it, and a save is based on rec's version.
// What the other user changed in other fields survives; in a field both
// changed, the user's value wins (they chose to keep theirs).
func (c *Card) Rebase(rec api.Record) {
	changed := c.ChangedKeys()
	mine := cloneDraft(c.Draft)
	c.Rec, c.Exists = rec, rec.ID != ""
	c.Draft = c.draftOf(rec)
	c.orig = cloneDraft(c.Draft)
	for _, k := range changed {
		c.Draft[k] = mine[k]
	}
	c.Conflict, c.Errors, c.local = nil, nil, nil
}

// DraftValue is the wire value of the draft of field key and the labels
// of the references it holds (keyed like Record.Labels), for showing the
// user's value beside another's; a value it cannot read is as typed.
func (c *Card) DraftValue(key string) (any, map[string]string) {
	f := FieldByKey(c.Catalog, key)
	if f == nil || c.Draft == nil {
		return nil, nil
	}
	v, _ := c.fromDraft(f, c.Draft[key], key, map[string]api.Code{})
	labels := map[string]string{}
	switch d := c.Draft[key].(type) {
	case Ref:
		labels[key] = d.Label
	case []Row:
		for i, row := range d {
			for col, cell := range row {
				if r, ok := cell.(Ref); ok {
					labels[cellKey(key, i, col)] = r.Label
				}
			}
		}
	}
	return v, labels
}
