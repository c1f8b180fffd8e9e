package catalog

import (
	"testing"

	"webtool/server/api"
)

func TestNormalize(t *testing.T) {
	money := &api.Field{Type: api.FieldMoney}
	date := &api.Field{Type: api.FieldDate}
	dt := &api.Field{Type: api.FieldDateTime}
	coords := &api.Field{Type: api.FieldCoords}
	enum := &api.Field{Type: api.FieldEnum, Options: []api.Option{{Key: "a"}}}
	text := &api.Field{Type: api.FieldText, MaxLen: 3}
	tests := []struct {
		f    *api.Field
		in   any
		want any
		code api.Code
	}{
		{money, "1 234,5", "1234.50", ""},
		{money, "-0.07", "-0.07", ""},
		{money, 12.5, "12.50", ""},
		{money, "1.005", nil, api.FieldBadValue}, // never rounds money
		{money, "12a", nil, api.FieldBadValue},
		{money, "1.-5", nil, api.FieldBadValue}, // was read as 0.95
		{money, "--5", nil, api.FieldBadValue},  // was read as 5.00
		{money, "+-1", nil, api.FieldBadValue},
		{money, 1e20, nil, api.FieldBadValue},
		{date, "1899-12-31", nil, api.FieldBadValue},
		{date, "2026-02-29", nil, api.FieldBadValue},
		{date, "2028-02-29", "2028-02-29", ""},
		{dt, "2026-11-23T12:00:00+02:00", "2026-11-23T10:00:00Z", ""},
		{coords, []any{50.45, 30.52}, []any{50.45, 30.52}, ""},
		{coords, []any{91.0, 0.0}, nil, api.FieldBadValue},
		{enum, "b", nil, api.FieldBadValue},
		{text, "  abc ", "abc", ""},
		{text, "абвг", nil, api.FieldTooLong},
		{text, 5.0, nil, api.FieldBadValue},
		{text, "", nil, ""},
	}
	for _, tt := range tests {
		got, code := normalize(tt.f, tt.in)
		if code != tt.code || (tt.code == "" && !equal(got, tt.want)) {
			t.Errorf("normalize(%s, %#v) = %#v, %q; want %#v, %q", tt.f.Type, tt.in, got, code, tt.want, tt.code)
		}
	}
}

// The engine keeps a column of exactly the fields api.Indexed names: the
// ones the client offers to filter, sort and total.
func TestColumnKindsAreIndexedTypes(t *testing.T) {
	for _, typ := range []api.FieldType{api.FieldText, api.FieldNumber, api.FieldMoney, api.FieldDate, api.FieldDateTime,
		api.FieldBool, api.FieldEnum, api.FieldRef, api.FieldCoords, api.FieldList, api.FieldUser, api.FieldPin} {
		if _, ok := columnKind(typ); ok != api.Indexed(typ) {
			t.Errorf("%s: column %v, indexed %v", typ, ok, api.Indexed(typ))
		}
	}
}

func equal(a, b any) bool {
	if x, ok := a.([]any); ok {
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	}
	return a == b
}

func TestRecordCodecRoundTrip(t *testing.T) {
	in := &Record{ID: "00000042", Version: 7, CreatedBy: "admin", ChangedBy: "keyuser",
		Values: map[string]any{"name": "Кофейня «Сокол»", "n": 1.5, "ok": true, "off": false, "coords": []any{50.4, 30.5},
			"people": []any{map[string]any{"person": "00000001", "primary": true, "from": "2026-01-01"}}},
		Deleted: &Deletion{By: "admin"}}
	out, err := decodeRecord(encodeRecord(in))
	if err != nil {
		t.Fatal(err)
	}
	if out.ID != in.ID || out.Version != 7 || out.ChangedBy != "keyuser" || out.Deleted == nil || out.Deleted.By != "admin" ||
		out.Values["name"] != "Кофейня «Сокол»" || out.Values["ok"] != true || out.Values["off"] != false ||
		out.Values["people"].([]any)[0].(map[string]any)["person"] != "00000001" {
		t.Fatalf("round trip: %+v", out)
	}
	// A child deleted with its parent keeps which parent, for the restore.
	in.Deleted.With = "warehouses/00000003"
	if out, err := decodeRecord(encodeRecord(in)); err != nil || *out.Deleted != *in.Deleted {
		t.Fatalf("deleted with a parent: %+v, %v", out.Deleted, err)
	}
	// Truncated or garbled bytes are an error, never a panic.
	raw := encodeRecord(in)
	for i := 0; i < len(raw); i++ {
		if _, err := decodeRecord(raw[:i]); err == nil {
			t.Fatalf("decoded a record cut at %d of %d bytes", i, len(raw))
		}
	}
}
