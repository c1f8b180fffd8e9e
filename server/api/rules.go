package api

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The field rules both sides apply, written once: the client checks what the
// user typed and offers only what the server accepts; the server, the
// authority, checks what it receives with the same functions.

// DefaultMaxLen caps a text field that sets no Field.MaxLen.
const DefaultMaxLen = 500

// TextLimit is the most characters a text value of field f may have.
func (f *Field) TextLimit() int {
	if f.MaxLen == 0 {
		return DefaultMaxLen
	}
	return f.MaxLen
}

// TooLong reports whether s has more characters (not bytes) than field f
// holds.
func (f *Field) TooLong(s string) bool { return utf8.RuneCountInString(s) > f.TextLimit() }

// DateLayout is the wire form of a date.
const DateLayout = "2006-01-02"

// The years a date may fall in: outside them it is a typing slip (20266 for
// 2026), not a date anyone means.
const (
	MinYear = 1900
	MaxYear = 2200
)

// ParseDate reads a wire date between MinYear and MaxYear.
func ParseDate(s string) (time.Time, bool) {
	d, err := time.Parse(DateLayout, strings.TrimSpace(s))
	return d, err == nil && d.Year() >= MinYear && d.Year() <= MaxYear
}

// maxMoneyDigits caps the whole part of an amount (leading zeros aside), so
// that it fits in minor units with room to add many of them.
const maxMoneyDigits = 15

// groupMark reports whether r may group the digits of a typed number: a
// space (plain, no-break, thin or narrow no-break) or an apostrophe.
func groupMark(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u2009' || r == '\u202f' || r == '\''
}

// ParseMoney reads an amount the way people type it in either language —
// "1 234,56", "1234.56", "-5", "+5", ",5", "5." — as minor units (kopecks).
// Digits of the whole part may be grouped (see groupMark); a comma or a
// point is the decimal mark. Anything else is refused: a second mark or
// sign ("1.2.3", "--5", "+-1", "1.-5"), a sign after a digit, more than two
// decimals (an amount of money is never rounded behind the user's back),
// more than 15 whole digits, no digit at all.
func ParseMoney(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	if neg || strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	var whole, frac int64
	wholeDigits, fracDigits := 0, 0
	digits, mark := false, false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = true
			d := int64(r - '0')
			switch {
			case mark && fracDigits == 2:
				return 0, false
			case mark:
				frac, fracDigits = frac*10+d, fracDigits+1
			case whole > 0 || d > 0:
				if wholeDigits++; wholeDigits > maxMoneyDigits {
					return 0, false
				}
				whole = whole*10 + d
			}
		case (r == '.' || r == ',') && !mark:
			mark = true
		case groupMark(r) && !mark:
		default:
			return 0, false
		}
	}
	if !digits {
		return 0, false
	}
	for ; fracDigits < 2; fracDigits++ {
		frac *= 10
	}
	if neg {
		return -(whole*100 + frac), true
	}
	return whole*100 + frac, true
}

// FormatMoney writes minor units in the wire form of money: "-1234.50".
func FormatMoney(minor int64) string {
	sign, u := "", uint64(minor)
	if minor < 0 {
		sign, u = "-", uint64(-minor) // for math.MinInt64 too
	}
	cents := strconv.FormatUint(u%100, 10)
	if len(cents) == 1 {
		cents = "0" + cents
	}
	return sign + strconv.FormatUint(u/100, 10) + "." + cents
}

// ParseNumber reads a number typed with a point or a comma as the decimal
// mark, its digits maybe grouped (see groupMark). NaN and infinities are
// refused.
func ParseNumber(s string) (float64, bool) {
	s = strings.Map(func(r rune) rune {
		switch {
		case groupMark(r):
			return -1
		case r == ',':
			return '.'
		}
		return r
	}, strings.TrimSpace(s))
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
}

// ValidCoords reports whether lat, lon is a point on Earth.
func ValidCoords(lat, lon float64) bool {
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
}

// Indexed reports whether the server keeps fields of type t in its query
// engine: only they can be filtered, sorted and totalled. Lists live in the
// record, coordinates are shown, not searched, and a PIN never leaves it.
func Indexed(t FieldType) bool {
	switch t {
	case FieldList, FieldCoords, FieldPin:
		return false
	}
	return true
}

// OpsFor lists the filter operators of a field type, the most useful first;
// nil when fields of t cannot be filtered. The filter bar offers these and
// the server accepts only these.
func OpsFor(t FieldType) []string {
	switch t {
	case FieldText:
		return []string{OpContains, OpEquals, OpStartsWith, OpEmpty, OpNotEmpty}
	case FieldNumber, FieldMoney:
		return []string{OpEquals, OpNotEquals, OpGreater, OpGreaterEq, OpLess, OpLessEq,
			OpBetween, OpEmpty, OpNotEmpty}
	case FieldDate:
		return []string{OpEquals, OpBefore, OpAfter, OpBetween, OpToday, OpThisMonth,
			OpLast7Days, OpEmpty, OpNotEmpty}
	case FieldDateTime:
		return []string{OpBefore, OpAfter, OpBetween, OpToday, OpThisMonth, OpLast7Days,
			OpEmpty, OpNotEmpty}
	case FieldBool:
		return []string{OpIsTrue, OpIsFalse}
	case FieldEnum, FieldRef:
		return []string{OpIn, OpNotIn, OpEmpty, OpNotEmpty}
	case FieldUser:
		return []string{OpEquals, OpNotEquals, OpEmpty, OpNotEmpty}
	}
	return nil
}

// Applies reports whether op is one of OpsFor(t).
func Applies(op string, t FieldType) bool { return slices.Contains(OpsFor(t), op) }

// Arity is how many values an operator takes: 0, 1, 2, or -1 for a list
// (in, notin).
func Arity(op string) int {
	switch op {
	case OpEmpty, OpNotEmpty, OpToday, OpThisMonth, OpLast7Days, OpIsTrue, OpIsFalse:
		return 0
	case OpBetween:
		return 2
	case OpIn, OpNotIn:
		return -1
	}
	return 1
}

// AggsFor lists the aggregates of a totals cell for a field type: sums and
// averages of numbers and money, minimum and maximum of those and of dates,
// a count of any indexed field; nil when there is none.
func AggsFor(t FieldType) []string {
	switch {
	case t == FieldNumber || t == FieldMoney:
		return []string{AggSum, AggAvg, AggMin, AggMax, AggCount}
	case t == FieldDate || t == FieldDateTime:
		return []string{AggMin, AggMax, AggCount}
	case Indexed(t):
		return []string{AggCount}
	}
	return nil
}
