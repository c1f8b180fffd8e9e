package catalog

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"webtool/server/api"
	"webtool/server/query"
)

const dateLayout = api.DateLayout

// normalize checks a value sent by a client against its field and returns
// the canonical form that is stored and sent back (see api.FieldType):
// trimmed text, float64 numbers, money as a decimal string with two
// places, dates as YYYY-MM-DD, datetimes as RFC 3339 UTC, coordinates as
// [lat, lon]. nil, "" and an empty list mean "no value" and return nil.
func normalize(f *api.Field, raw any) (any, api.Code) {
	if raw == nil {
		return nil, ""
	}
	if s, ok := raw.(string); ok && strings.TrimSpace(s) == "" && f.Type != api.FieldList {
		return nil, ""
	}
	switch f.Type {
	case api.FieldText, api.FieldUser:
		s, ok := raw.(string)
		if !ok {
			return nil, api.FieldBadValue
		}
		s = strings.TrimSpace(s)
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00") {
			return nil, api.FieldBadValue
		}
		if f.TooLong(s) {
			return nil, api.FieldTooLong
		}
		return s, ""
	case api.FieldNumber:
		n, ok := number(raw)
		if !ok {
			return nil, api.FieldBadValue
		}
		return n, ""
	case api.FieldMoney:
		minor, ok := parseMoney(raw)
		if !ok {
			return nil, api.FieldBadValue
		}
		return api.FormatMoney(minor), ""
	case api.FieldDate:
		s, ok := raw.(string)
		if !ok {
			return nil, api.FieldBadValue
		}
		d, ok := api.ParseDate(s)
		if !ok {
			return nil, api.FieldBadValue
		}
		return d.Format(dateLayout), ""
	case api.FieldDateTime:
		s, ok := raw.(string)
		if !ok {
			return nil, api.FieldBadValue
		}
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
		if err != nil {
			return nil, api.FieldBadValue
		}
		return t.UTC().Format(time.RFC3339), ""
	case api.FieldBool:
		b, ok := raw.(bool)
		if !ok {
			return nil, api.FieldBadValue
		}
		return b, ""
	case api.FieldEnum:
		s, ok := raw.(string)
		if !ok {
			return nil, api.FieldBadValue
		}
		for _, o := range f.Options {
			if o.Key == s {
				return s, ""
			}
		}
		return nil, api.FieldBadValue
	case api.FieldRef:
		s, ok := raw.(string)
		if !ok || len(s) > 64 {
			return nil, api.FieldBadValue
		}
		return s, ""
	case api.FieldCoords:
		a, ok := raw.([]any)
		if !ok || len(a) != 2 {
			return nil, api.FieldBadValue
		}
		lat, ok1 := number(a[0])
		lon, ok2 := number(a[1])
		if !ok1 || !ok2 || !api.ValidCoords(lat, lon) {
			return nil, api.FieldBadValue
		}
		return []any{lat, lon}, ""
	case api.FieldList:
		a, ok := raw.([]any)
		if !ok || len(a) > 500 {
			return nil, api.FieldBadValue
		}
		if len(a) == 0 {
			return nil, ""
		}
		rows := make([]any, 0, len(a))
		for _, r := range a {
			m, ok := r.(map[string]any)
			if !ok {
				return nil, api.FieldBadValue
			}
			row := map[string]any{}
			for i := range f.Columns {
				c := &f.Columns[i]
				v, code := normalize(c, m[c.Key])
				if code != "" {
					return nil, code
				}
				if v == nil && c.Required {
					return nil, api.FieldRequired
				}
				if v != nil {
					row[c.Key] = v
				}
			}
			rows = append(rows, row)
		}
		return rows, ""
	}
	return nil, api.FieldBadValue
}

// number reads a JSON number or a typed one (see api.ParseNumber).
func number(raw any) (float64, bool) {
	switch v := raw.(type) {
	case float64:
		return v, !math.IsNaN(v) && !math.IsInf(v, 0)
	case string:
		return api.ParseNumber(v)
	}
	return 0, false
}

// parseMoney reads an amount as minor units (kopecks): a typed one (see
// api.ParseMoney) or a JSON number, which must not have more than two
// decimals either.
func parseMoney(raw any) (int64, bool) {
	switch v := raw.(type) {
	case string:
		return api.ParseMoney(v)
	case float64:
		return api.ParseMoney(strconv.FormatFloat(v, 'f', -1, 64))
	}
	return 0, false
}

// columnKind is the engine column kind of a field; ok is false for fields
// that are not indexed (lists, coordinates).
func columnKind(t api.FieldType) (query.Kind, bool) {
	switch t {
	case api.FieldText, api.FieldUser:
		return query.Text, true
	case api.FieldNumber:
		return query.Float, true
	case api.FieldMoney, api.FieldDate, api.FieldDateTime:
		return query.Int, true
	case api.FieldBool:
		return query.Bool, true
	case api.FieldEnum:
		return query.Enum, true
	case api.FieldRef:
		return query.Ref, true
	}
	return 0, false
}

// cell converts a canonical value (or an operand in canonical form) to the
// engine's Value for a field of type t.
func cell(t api.FieldType, v any) (query.Value, bool) {
	if v == nil {
		return query.Null(), true
	}
	switch t {
	case api.FieldText, api.FieldUser, api.FieldEnum, api.FieldRef:
		s, ok := v.(string)
		return query.StringValue(s), ok
	case api.FieldNumber:
		f, ok := number(v)
		return query.FloatValue(f), ok
	case api.FieldMoney:
		m, ok := parseMoney(v)
		return query.IntValue(m), ok
	case api.FieldDate:
		s, _ := v.(string)
		d, err := time.Parse(dateLayout, s)
		return query.IntValue(d.Unix() / 86400), err == nil
	case api.FieldDateTime:
		s, _ := v.(string)
		t, err := time.Parse(time.RFC3339, s)
		return query.IntValue(t.UnixMilli()), err == nil
	case api.FieldBool:
		b, ok := v.(bool)
		return query.BoolValue(b), ok
	}
	return query.Null(), false
}
