package state

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"webtool/server/api"
)

// Thin is the thousands separator of money and counts: a thin space, which
// keeps long numbers readable in both languages without a comma that
// Russian readers take for the decimal separator.
const Thin = "\u2009"

const (
	dateLayout     = api.DateLayout
	localDateTime  = "2006-01-02T15:04" // <input type=datetime-local>
	monthsENString = "JanFebMarAprMayJunJulAugSepOctNovDec"
)

// decimalMark separates whole and fraction: a comma in Russian, a point in
// English.
func decimalMark(lang string) string {
	if lang == "en" {
		return "."
	}
	return ","
}

// Group puts a thin space between each group of three digits of the
// unsigned decimal digits s.
func Group(s string) string {
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	lead := len(s) % 3
	if lead > 0 {
		b.WriteString(s[:lead])
	}
	for i := lead; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteString(Thin)
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// FormatCount writes a row count with grouped thousands: "1 234 567".
func FormatCount(n int) string {
	if n < 0 {
		return "-" + Group(strconv.Itoa(-n))
	}
	return Group(strconv.Itoa(n))
}

// ParseMoney reads an amount the way people type it ("1 234,5",
// "1234.50", "-7"; see api.ParseMoney) and returns its wire form with two
// decimals ("1234.50").
func ParseMoney(s string) (string, bool) {
	minor, ok := api.ParseMoney(s)
	if !ok {
		return "", false
	}
	return api.FormatMoney(minor), true
}

// FormatMoney shows a wire amount ("1234.5" or a JSON number) with two
// decimals and grouped thousands, with the language's decimal mark:
// "1 234,50" (ru), "1 234.50" (en).
func FormatMoney(v any, lang string) string {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case float64:
		s = strconv.FormatFloat(x, 'f', 2, 64)
	case nil:
		return ""
	default:
		s = fmt.Sprint(x)
	}
	canon, ok := ParseMoney(s)
	if !ok {
		return s
	}
	neg := strings.HasPrefix(canon, "-")
	canon = strings.TrimPrefix(canon, "-")
	whole, frac, _ := strings.Cut(canon, ".")
	out := Group(whole) + decimalMark(lang) + frac
	if neg {
		out = "−" + out
	}
	return out
}

// FormatNumber shows a JSON number without exponent or trailing zeros.
func FormatNumber(v any) string {
	switch x := v.(type) {
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	case nil:
		return ""
	case string:
		return x
	}
	return fmt.Sprint(v)
}

func monthEN(m time.Month) string { return monthsENString[(m-1)*3 : m*3] }

// FormatDate shows a wire date ("2026-11-23") as "23.11.2026" (ru) or
// "23 Nov 2026" (en); anything else is shown as it came.
func FormatDate(s, lang string) string {
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		return s
	}
	return formatDay(d, lang)
}

func formatDay(d time.Time, lang string) string {
	if lang == "en" {
		return fmt.Sprintf("%02d %s %d", d.Day(), monthEN(d.Month()), d.Year())
	}
	return fmt.Sprintf("%02d.%02d.%d", d.Day(), int(d.Month()), d.Year())
}

// FormatDateTime shows an RFC 3339 moment in the user's zone (loc; nil
// means time.Local): "23.11.2026 14:35" (ru), "23 Nov 2026, 14:35" (en).
func FormatDateTime(s, lang string, loc *time.Location) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	if loc == nil {
		loc = time.Local
	}
	t = t.In(loc)
	if lang == "en" {
		return formatDay(t, lang) + ", " + t.Format("15:04")
	}
	return formatDay(t, lang) + " " + t.Format("15:04")
}

// DateTimeToInput turns an RFC 3339 moment into the value of a
// datetime-local input in loc.
func DateTimeToInput(s string, loc *time.Location) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return ""
	}
	if loc == nil {
		loc = time.Local
	}
	return t.In(loc).Format(localDateTime)
}

// InputToDateTime turns a datetime-local value (read in loc) into the wire
// form, RFC 3339 in UTC.
func InputToDateTime(s string, loc *time.Location) (string, bool) {
	if loc == nil {
		loc = time.Local
	}
	s = strings.TrimSpace(s)
	t, err := time.ParseInLocation(localDateTime, s, loc)
	if err != nil {
		if t, err = time.ParseInLocation(localDateTime+":05", s, loc); err != nil {
			return "", false
		}
	}
	return t.UTC().Format(time.RFC3339), true
}

// OptionLabel returns the label of an enum option in lang, or the key when
// the option is unknown (a newer server).
func OptionLabel(f *api.Field, key, lang string) string {
	for _, o := range f.Options {
		if o.Key == key {
			return o.Label.In(lang)
		}
	}
	return key
}

// FormatValue shows one value of field f as a grid cell or a read-only
// card line. label is the referenced record's name for ref fields.
func FormatValue(f *api.Field, v any, label, lang string, loc *time.Location) string {
	if v == nil {
		return ""
	}
	switch f.Type {
	case api.FieldMoney:
		return FormatMoney(v, lang)
	case api.FieldNumber:
		return FormatNumber(v)
	case api.FieldDate:
		s, _ := v.(string)
		return FormatDate(s, lang)
	case api.FieldDateTime:
		s, _ := v.(string)
		return FormatDateTime(s, lang, loc)
	case api.FieldBool:
		if b, _ := v.(bool); b {
			return "✓"
		}
		return ""
	case api.FieldPin:
		if set, _ := v.(bool); set {
			return Masked
		}
		return ""
	case api.FieldEnum:
		s, _ := v.(string)
		return OptionLabel(f, s, lang)
	case api.FieldRef:
		if label != "" {
			return label
		}
		s, _ := v.(string)
		return s
	case api.FieldCoords:
		a, ok := v.([]any)
		if !ok || len(a) != 2 {
			return ""
		}
		lat, _ := a[0].(float64)
		lon, _ := a[1].(float64)
		return strconv.FormatFloat(lat, 'f', 5, 64) + ", " + strconv.FormatFloat(lon, 'f', 5, 64)
	case api.FieldList:
		if a, ok := v.([]any); ok {
			return strconv.Itoa(len(a))
		}
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// RefLine is how a reference reads wherever the UI shows one (a grid
// cell, the card, a picker's option and its chosen value, a linked list):
// its name, and beside it, muted, what tells it from others of the same
// name ("code · owner", and for a picker's option the columns shown
// beside it).
type RefLine struct {
	Name   string
	Detail string
}

// FormatRef is the one way a reference is worded: name, and as detail
// its code, owner and more, leaving out what is empty or repeats the name
// (a catalog whose title is its code). With no name it reads as the code.
func FormatRef(name string, info api.RefInfo, more ...string) RefLine {
	var parts []string
	for _, s := range append([]string{info.Code, info.Owner}, more...) {
		if s != "" && s != name && !slices.Contains(parts, s) {
			parts = append(parts, s)
		}
	}
	if name == "" && len(parts) > 0 {
		name, parts = parts[0], parts[1:]
	}
	return RefLine{Name: name, Detail: strings.Join(parts, " · ")}
}

// String is the line as one text, for a tooltip or a plain-text place:
// "name · code · owner".
func (l RefLine) String() string {
	if l.Detail == "" {
		return l.Name
	}
	return l.Name + " · " + l.Detail
}

// ChoiceLine is a picker's option as FormatRef words it.
func ChoiceLine(ch api.Choice) RefLine {
	return FormatRef(ch.Label, api.RefInfo{Code: ch.Code, Owner: ch.Owner}, ch.Detail)
}

// RefLabel is the name of the record a field (or list cell, key
// "list.row.column") of rec refers to, with its code and owner: the text
// a reference shows where the UI writes it as plain text.
func RefLabel(rec api.Record, key string) string {
	name := rec.Labels[key]
	if name == "" && rec.Refs[key] == (api.RefInfo{}) {
		return ""
	}
	return FormatRef(name, rec.Refs[key]).String()
}

// RefInfoOf is the code and owner rec knows of the record id that the
// field or list cell key refers to. A list cell is matched by the id in
// the same column of any row, not by the row's number, which moves as
// rows are removed from a draft.
func RefInfoOf(rec api.Record, key, id string) api.RefInfo {
	if id == "" {
		return api.RefInfo{}
	}
	list, rest, isCell := strings.Cut(key, ".")
	if !isCell {
		if v, _ := rec.Values[key].(string); v == id {
			return rec.Refs[key]
		}
		return api.RefInfo{}
	}
	_, col, _ := strings.Cut(rest, ".")
	rows, _ := rec.Values[list].([]any)
	for i, r := range rows {
		if m, _ := r.(map[string]any); m != nil && m[col] == id {
			return rec.Refs[cellKey(list, i, col)]
		}
	}
	return api.RefInfo{}
}

// Numeric reports whether a field's cells align right.
func Numeric(t api.FieldType) bool {
	return t == api.FieldNumber || t == api.FieldMoney
}
