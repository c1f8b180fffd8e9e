package state

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"

	"webtool/server/api"
)

// Drafts kept in the browser: while a card is edited its draft is written
// to localStorage (by the UI, debounced), so a reload, a sign-out (an idle
// timeout too) or a crashed tab loses nothing typed. A draft belongs to one
// user and one record; it is removed when the card is saved or its changes
// are dropped.

// draftPrefix starts every draft's storage key.
const draftPrefix = "webtool.draft."

// newRecordID stands for the id of a record not yet created.
const newRecordID = "new"

// maxDraftBytes caps one encoded draft: a card's own fields are small,
// and a runaway list must not fill the browser's few megabytes of storage.
const maxDraftBytes = 64 << 10

// DraftKey is the storage key of login's draft of record id of catalog
// ("" for a new record).
func DraftKey(login, catalog, id string) string {
	if id == "" {
		id = newRecordID
	}
	return DraftPrefix(login) + catalog + "." + id
}

// DraftPrefix starts the storage keys of every draft of login.
func DraftPrefix(login string) string { return draftPrefix + login + "." }

// SavedDraft is a card's draft as the browser keeps it: only the fields the
// user changed, each with the value it had when editing started, so that a
// draft restored onto a newer version of the record can tell which of the
// user's fields another user changed meanwhile.
type SavedDraft struct {
	Catalog string `json:"c"`
	ID      string `json:"i,omitempty"` // "" for a new record
	// Version is the record's version the draft was based on.
	Version uint64 `json:"v,omitempty"`
	// Title names the record for a notice ("Ivanov Ivan").
	Title string `json:"n,omitempty"`
	At    int64  `json:"t"` // when it was written, Unix seconds
	// Fields holds, by field key, [the value when editing started, the
	// value as the user left it], in the form encodeDraft gives.
	Fields map[string][2]any `json:"f"`
}

// Time is when the draft was written.
func (d SavedDraft) Time() time.Time { return time.Unix(d.At, 0) }

// Snapshot is the draft to keep for the card, and false when there is
// nothing to keep (not editing, or nothing changed). PIN fields are never
// kept: a PIN in the browser's storage would outlive the card.
func (c *Card) Snapshot(now time.Time) (SavedDraft, bool) {
	changed := c.ChangedKeys()
	d := SavedDraft{Catalog: c.Catalog.Key, At: now.Unix(), Fields: map[string][2]any{}}
	if c.Exists {
		d.ID, d.Version = c.Rec.ID, c.Rec.Version
		d.Title = c.Title("")
	} else if s, ok := c.Draft[c.Catalog.TitleField].(string); ok {
		d.Title = strings.TrimSpace(s)
	}
	for _, k := range changed {
		f := FieldByKey(c.Catalog, k)
		if f == nil || f.Type == api.FieldPin {
			continue
		}
		d.Fields[k] = [2]any{encodeDraft(f, c.orig[k]), encodeDraft(f, c.Draft[k])}
	}
	return d, len(d.Fields) > 0
}

// Restore starts editing with a kept draft: the record as loaded, with
// every field the user had changed set as the user left it. When the
// record has changed since the draft was written, a field another user
// changed too (its value now is neither the draft's starting value nor
// the user's) is listed in Conflict, with the user's value in the draft,
// so the user chooses. It returns whether there is such a conflict.
func (c *Card) Restore(d SavedDraft) bool {
	if c.Mode != Edit {
		c.StartEdit()
	}
	var clash []ConflictField
	for i := range c.Catalog.Fields {
		f := &c.Catalog.Fields[i]
		pair, ok := d.Fields[f.Key]
		if !ok || !c.Editable(f) || f.Type == api.FieldPin {
			continue
		}
		was, mine := decodeDraft(f, pair[0]), decodeDraft(f, pair[1])
		if cur := c.Draft[f.Key]; c.Exists && d.Version != c.Rec.Version &&
			!c.sameValue(f, cur, was) && !c.sameValue(f, cur, mine) {
			clash = append(clash, ConflictField{Key: f.Key, Mine: true})
		}
		c.Draft[f.Key] = mine
	}
	if len(clash) > 0 {
		rec := c.Rec
		c.Conflict = &Conflict{By: rec.ChangedBy, At: rec.ChangedAt, Theirs: &rec, Fields: clash, Restored: true}
	}
	return len(clash) > 0
}

// sameValue reports whether two drafts of f say the same on the wire (a
// reference by its id, whatever label it was shown with).
func (c *Card) sameValue(f *api.Field, a, b any) bool {
	ignore := map[string]api.Code{}
	va, _ := c.fromDraft(f, a, f.Key, ignore)
	vb, _ := c.fromDraft(f, b, f.Key, ignore)
	return reflect.DeepEqual(va, vb)
}

// TakeTheirs sets the fields of a restored draft's conflict back to the
// record's values and forgets the conflict.
func (c *Card) TakeTheirs() {
	if c.Conflict == nil || c.Draft == nil {
		return
	}
	for _, cf := range c.Conflict.Fields {
		c.Draft[cf.Key] = cloneValue(c.orig[cf.Key])
	}
	c.Conflict = nil
}

// EncodeDraft is d as stored: compact JSON, or false when it is too big
// to keep.
func EncodeDraft(d SavedDraft) (string, bool) {
	b, err := json.Marshal(d)
	if err != nil || len(b) > maxDraftBytes {
		return "", false
	}
	return string(b), true
}

// DecodeDraft reads a stored draft; false for anything that is not one
// (an older format, a hand-edited value).
func DecodeDraft(s string) (SavedDraft, bool) {
	var d SavedDraft
	if err := json.Unmarshal([]byte(s), &d); err != nil || d.Catalog == "" || len(d.Fields) == 0 {
		return SavedDraft{}, false
	}
	return d, true
}

// DraftOf reads the catalog and id ("" for a new record) a storage key of
// login's names; false for a key that is not login's draft.
func DraftOf(login, key string) (catalog, id string, ok bool) {
	rest, ok := strings.CutPrefix(key, DraftPrefix(login))
	if !ok || login == "" {
		return "", "", false
	}
	i := strings.LastIndexByte(rest, '.')
	if i <= 0 {
		return "", "", false
	}
	catalog, id = rest[:i], rest[i+1:]
	if id == newRecordID {
		id = ""
	}
	return catalog, id, true
}

// encodeDraft turns one field's draft into plain JSON values: text as it
// is, a reference as [id, label], coordinates as [lat, lon] as typed, a
// list as rows of encoded cells.
func encodeDraft(f *api.Field, v any) any {
	switch f.Type {
	case api.FieldBool:
		b, _ := v.(bool)
		return b
	case api.FieldRef:
		r, _ := v.(Ref)
		return []string{r.ID, r.Label}
	case api.FieldCoords:
		co, _ := v.(Coords)
		return []string{co.Lat, co.Lon}
	case api.FieldList:
		rows, _ := v.([]Row)
		out := make([]map[string]any, len(rows))
		for i, row := range rows {
			m := map[string]any{}
			for j := range f.Columns {
				col := &f.Columns[j]
				m[col.Key] = encodeDraft(col, row[col.Key])
			}
			out[i] = m
		}
		return out
	}
	s, _ := v.(string)
	return s
}

// decodeDraft is encodeDraft's inverse over what JSON decoding gives
// (strings, bools, []any, map[string]any); anything else reads as empty.
func decodeDraft(f *api.Field, v any) any {
	pair := func() (string, string) {
		a, _ := v.([]any)
		if len(a) != 2 {
			return "", ""
		}
		x, _ := a[0].(string)
		y, _ := a[1].(string)
		return x, y
	}
	switch f.Type {
	case api.FieldBool:
		b, _ := v.(bool)
		return b
	case api.FieldRef:
		id, label := pair()
		return Ref{ID: id, Label: label}
	case api.FieldCoords:
		lat, lon := pair()
		return Coords{Lat: lat, Lon: lon}
	case api.FieldList:
		list, _ := v.([]any)
		if len(list) == 0 {
			return []Row(nil)
		}
		rows := make([]Row, 0, len(list))
		for _, item := range list {
			m, _ := item.(map[string]any)
			row := Row{}
			for j := range f.Columns {
				col := &f.Columns[j]
				row[col.Key] = decodeDraft(col, m[col.Key])
			}
			rows = append(rows, row)
		}
		return rows
	case api.FieldPin:
		return Pin{}
	}
	s, _ := v.(string)
	return s
}
