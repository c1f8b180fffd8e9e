package query

import (
	"math"
	"strconv"
)

// Kind is the type of a column.
type Kind uint8

// The column kinds. The caller converts its domain types to these: money in
// minor units, dates as days since the Unix epoch and datetimes as Unix
// milliseconds are all Int.
const (
	// Text is free text. Only its folded form is kept (see Distinct), and every
	// text operator is case-insensitive.
	Text Kind = iota + 1
	// Int is a signed 64-bit integer.
	Int
	// Float is a float64 (coordinates). NaN is not accepted.
	Float
	// Bool is true or false.
	Bool
	// Enum is one of a small set of strings, dictionary-coded.
	Enum
	// Ref is the id of another record, dictionary-coded; it may have as many
	// distinct values as there are rows.
	Ref
)

func (k Kind) String() string {
	switch k {
	case Text:
		return "text"
	case Int:
		return "int"
	case Float:
		return "float"
	case Bool:
		return "bool"
	case Enum:
		return "enum"
	case Ref:
		return "ref"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

type vtype uint8

const (
	vNull vtype = iota
	vInt
	vFloat
	vBool
	vString
)

// Value is one cell or one operand: null, an integer, a float, a bool or a
// string (for Text, Enum and Ref columns). The zero Value is null.
type Value struct {
	t vtype
	i int64
	f float64
	s string
}

// Null returns the null value ("empty", "not set").
func Null() Value { return Value{} }

// IntValue returns an integer value, for Int columns (and Float ones).
func IntValue(v int64) Value { return Value{t: vInt, i: v} }

// FloatValue returns a float value, for Float columns.
func FloatValue(v float64) Value { return Value{t: vFloat, f: v} }

// BoolValue returns a bool value, for Bool columns.
func BoolValue(v bool) Value {
	if v {
		return Value{t: vBool, i: 1}
	}
	return Value{t: vBool}
}

// StringValue returns a string value, for Text, Enum and Ref columns.
func StringValue(v string) Value { return Value{t: vString, s: v} }

// IsNull reports whether v is null.
func (v Value) IsNull() bool { return v.t == vNull }

// Int returns the integer in v (0 unless v is an integer).
func (v Value) Int() int64 { return v.i }

// Float returns the number in v as a float64 (integers are converted).
func (v Value) Float() float64 {
	if v.t == vInt {
		return float64(v.i)
	}
	return v.f
}

// Bool returns the bool in v (false unless v is a true bool).
func (v Value) Bool() bool { return v.t == vBool && v.i != 0 }

// Text returns the string in v ("" unless v is a string).
func (v Value) Text() string { return v.s }

// String formats v for messages and tests.
func (v Value) String() string {
	switch v.t {
	case vInt:
		return strconv.FormatInt(v.i, 10)
	case vFloat:
		return strconv.FormatFloat(v.f, 'g', -1, 64)
	case vBool:
		return strconv.FormatBool(v.i != 0)
	case vString:
		return strconv.Quote(v.s)
	}
	return "null"
}

func (v Value) typeName() string {
	switch v.t {
	case vInt:
		return "int"
	case vFloat:
		return "float"
	case vBool:
		return "bool"
	case vString:
		return "string"
	}
	return "null"
}

// fits reports whether a non-null v can be stored in (or compared with) a
// column of kind k.
func (v Value) fits(k Kind) bool {
	switch k {
	case Text, Enum, Ref:
		return v.t == vString
	case Int:
		return v.t == vInt
	case Float:
		return v.t == vFloat && !math.IsNaN(v.f) || v.t == vInt
	case Bool:
		return v.t == vBool
	}
	return false
}
