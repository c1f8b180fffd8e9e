package catalog

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"webtool/server/api"
	"webtool/server/query"
)

// Field-level error codes the client translates as "field." + code.
const (
	ErrRequired   api.Code = "required"
	ErrBadValue   api.Code = "bad_value"
	ErrTooLong    api.Code = "too_long"
	ErrReadOnly   api.Code = "read_only"
	ErrFixed      api.Code = "fixed"
	ErrNotFound   api.Code = "not_found"
	ErrScope      api.Code = "scope"
	ErrUnique     api.Code = "unique"
	ErrLatinOnly  api.Code = "latin_only"
	ErrNotRDC     api.Code = "not_rdc_outlet"
	ErrEndBefore  api.Code = "end_before_start"
	ErrOnePrimary api.Code = "one_primary"
	ErrNeedBind   api.Code = "need_binding"
	ErrCycle      api.Code = "cycle"
)

const (
	dateLayout     = "2006-01-02"
	defaultMaxText = 500
)

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
			return nil, ErrBadValue
		}
		s = strings.TrimSpace(s)
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00") {
			return nil, ErrBadValue
		}
		limit := f.MaxLen
		if limit == 0 {
			limit = defaultMaxText
		}
		if utf8.RuneCountInString(s) > limit {
			return nil, ErrTooLong
		}
		return s, ""
	case api.FieldNumber:
		n, ok := number(raw)
		if !ok {
			return nil, ErrBadValue
		}
		return n, ""
	case api.FieldMoney:
		minor, ok := parseMoney(raw)
		if !ok {
			return nil, ErrBadValue
		}
		return formatMoney(minor), ""
	case api.FieldDate:
		s, ok := raw.(string)
		if !ok {
			return nil, ErrBadValue
		}
		d, err := time.Parse(dateLayout, strings.TrimSpace(s))
		if err != nil || d.Year() < 1900 || d.Year() > 2200 {
			return nil, ErrBadValue
		}
		return d.Format(dateLayout), ""
	case api.FieldDateTime:
		s, ok := raw.(string)
		if !ok {
			return nil, ErrBadValue
		}
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
		if err != nil {
			return nil, ErrBadValue
		}
		return t.UTC().Format(time.RFC3339), ""
	case api.FieldBool:
		b, ok := raw.(bool)
		if !ok {
			return nil, ErrBadValue
		}
		return b, ""
	case api.FieldEnum:
		s, ok := raw.(string)
		if !ok {
			return nil, ErrBadValue
		}
		for _, o := range f.Options {
			if o.Key == s {
				return s, ""
			}
		}
		return nil, ErrBadValue
	case api.FieldRef:
		s, ok := raw.(string)
		if !ok || len(s) > 64 {
			return nil, ErrBadValue
		}
		return s, ""
	case api.FieldCoords:
		a, ok := raw.([]any)
		if !ok || len(a) != 2 {
			return nil, ErrBadValue
		}
		lat, ok1 := number(a[0])
		lon, ok2 := number(a[1])
		if !ok1 || !ok2 || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			return nil, ErrBadValue
		}
		return []any{lat, lon}, ""
	case api.FieldList:
		a, ok := raw.([]any)
		if !ok || len(a) > 500 {
			return nil, ErrBadValue
		}
		if len(a) == 0 {
			return nil, ""
		}
		rows := make([]any, 0, len(a))
		for _, r := range a {
			m, ok := r.(map[string]any)
			if !ok {
				return nil, ErrBadValue
			}
			row := map[string]any{}
			for i := range f.Columns {
				c := &f.Columns[i]
				v, code := normalize(c, m[c.Key])
				if code != "" {
					return nil, code
				}
				if v == nil && c.Required {
					return nil, ErrRequired
				}
				if v != nil {
					row[c.Key] = v
				}
			}
			rows = append(rows, row)
		}
		return rows, ""
	}
	return nil, ErrBadValue
}

func number(raw any) (float64, bool) {
	switch v := raw.(type) {
	case float64:
		return v, !math.IsNaN(v) && !math.IsInf(v, 0)
	case string:
		f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(v), ",", "."), 64)
		return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	return 0, false
}

// parseMoney reads an amount as minor units (kopecks). It takes a decimal
// string ("1 234,5", "1234.50", "-3") or a JSON number, and refuses more
// than two decimal places rather than rounding someone's money.
func parseMoney(raw any) (int64, bool) {
	var s string
	switch v := raw.(type) {
	case string:
		s = v
	case float64:
		s = strconv.FormatFloat(v, 'f', -1, 64)
	default:
		return 0, false
	}
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u2009", "", ",", ".").Replace(strings.TrimSpace(s))
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(frac) > 2 || len(whole) > 15 {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	if whole == "" {
		whole = "0"
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	m := w*100 + f
	if neg {
		m = -m
	}
	return m, true
}

func formatMoney(minor int64) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return fmt.Sprintf("%s%d.%02d", sign, minor/100, minor%100)
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
