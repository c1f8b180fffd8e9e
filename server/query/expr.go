package query

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
)

// Expr is a filter: a Cond, or an And or Or of filters, nested to any depth.
// A nil Expr matches every row.
type Expr interface{ isExpr() }

// And matches the rows every one of its filters matches (all rows if empty).
type And []Expr

// Or matches the rows any one of its filters matches (no rows if empty).
type Or []Expr

// Cond is one condition on one column.
type Cond struct {
	Column string
	Op     Op
	Values []Value // the operands; how many depends on Op
}

func (And) isExpr()  {}
func (Or) isExpr()   {}
func (Cond) isExpr() {}

// Where is shorthand for a Cond.
func Where(column string, op Op, values ...Value) Cond {
	return Cond{Column: column, Op: op, Values: values}
}

// Op is a condition's operator.
//
// A null ("empty") cell matches only IsEmpty and the negative operators Ne,
// NoneOf and NotEmpty, so that Eq and Ne, AnyOf and NoneOf, IsEmpty and
// NotEmpty each split the rows in two. For Text, "" counts as empty.
type Op uint8

// The operators, with the kinds they apply to and their operands.
const (
	Eq         Op = iota + 1 // all kinds: 1 value; Text case-insensitive, Enum/Ref as AnyOf of one
	Ne                       // Int, Float, Text, Enum, Ref: 1 value; matches empty cells
	Lt                       // Int, Float: 1 value
	Le                       // Int, Float: 1 value
	Gt                       // Int, Float: 1 value
	Ge                       // Int, Float: 1 value
	Between                  // Int, Float: 2 values, both inclusive
	Contains                 // Text: 1 value, case-insensitive ("" matches all)
	StartsWith               // Text: 1 value, case-insensitive
	IsEmpty                  // all kinds: no value
	NotEmpty                 // all kinds: no value
	IsTrue                   // Bool: no value
	IsFalse                  // Bool: no value
	AnyOf                    // Enum, Ref: any number of values
	NoneOf                   // Enum, Ref: any number of values; matches empty cells
)

var opNames = [...]string{"", "eq", "ne", "lt", "le", "gt", "ge", "between", "contains",
	"starts with", "is empty", "not empty", "is true", "is false", "any of", "none of"}

func (o Op) String() string {
	if int(o) < len(opNames) && o != 0 {
		return opNames[o]
	}
	return "op(" + strconv.Itoa(int(o)) + ")"
}

// node is a compiled filter.
type node struct {
	and, or bool
	kids    []*node

	c   *column
	op  Op   // the leaf's kernel: Between (ranges), Eq/Contains/StartsWith (text), AnyOf (codes), IsEmpty, IsTrue, IsFalse
	neg bool // complement the kernel's result

	lo, hi   int64
	flo, fhi float64
	key      []byte
	set      bitmap // Enum, Ref: the codes that match
}

func badQuery(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrBadQuery}, args...)...)
}

// compile checks e against t's columns and dictionaries. The caller holds
// t.mu.
func (t *Table) compile(e Expr, depth int) (*node, error) {
	if depth > 32 {
		return nil, badQuery("filter nested deeper than 32 levels")
	}
	switch e := e.(type) {
	case And:
		return t.compileGroup(e, &node{and: true}, depth)
	case Or:
		return t.compileGroup(e, &node{or: true}, depth)
	case Cond:
		return t.compileCond(e)
	case *Cond:
		if e != nil {
			return t.compileCond(*e)
		}
	}
	return nil, badQuery("unknown filter %T", e)
}

func (t *Table) compileGroup(es []Expr, n *node, depth int) (*node, error) {
	for _, e := range es {
		k, err := t.compile(e, depth+1)
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, k)
	}
	return n, nil
}

func (t *Table) compileCond(q Cond) (*node, error) {
	c := t.byName[q.Column]
	if c == nil {
		return nil, badQuery("unknown column %q", q.Column)
	}
	n := &node{c: c, op: q.Op}
	want := 1
	switch q.Op {
	case IsEmpty, NotEmpty, IsTrue, IsFalse:
		want = 0
	case Between:
		want = 2
	case AnyOf, NoneOf:
		want = -1
	}
	if want >= 0 && len(q.Values) != want {
		return nil, badQuery("column %q: %v takes %d values, got %d", c.name, q.Op, want, len(q.Values))
	}
	for _, v := range q.Values {
		if v.IsNull() || !v.fits(c.kind) {
			return nil, badQuery("column %q (%v): %v cannot compare with %s %v", c.name, c.kind, q.Op, v.typeName(), v)
		}
	}
	bad := func() (*node, error) {
		return nil, badQuery("column %q: operator %v is not valid for %v", c.name, q.Op, c.kind)
	}
	switch q.Op {
	case IsEmpty, NotEmpty:
		n.op, n.neg = IsEmpty, q.Op == NotEmpty
		if c.kind == Enum || c.kind == Ref {
			n.op, n.set = AnyOf, make(bitmap, words(len(c.dict)))
			n.set.set(0)
		}
		return n, nil
	}
	switch c.kind {
	case Int:
		if q.Op < Eq || q.Op > Between {
			return bad()
		}
		n.op, n.neg = Between, q.Op == Ne
		x := q.Values[0].i
		switch q.Op {
		case Eq, Ne:
			n.lo, n.hi = x, x
		case Lt:
			n.lo, n.hi = math.MinInt64, x-1
			if x == math.MinInt64 {
				n.lo, n.hi = 1, 0
			}
		case Le:
			n.lo, n.hi = math.MinInt64, x
		case Gt:
			n.lo, n.hi = x+1, math.MaxInt64
			if x == math.MaxInt64 {
				n.lo, n.hi = 1, 0
			}
		case Ge:
			n.lo, n.hi = x, math.MaxInt64
		case Between:
			n.lo, n.hi = x, q.Values[1].i
		}
	case Float:
		if q.Op < Eq || q.Op > Between {
			return bad()
		}
		n.op, n.neg = Between, q.Op == Ne
		x := q.Values[0].Float()
		inf := math.Inf(1)
		switch q.Op {
		case Eq, Ne:
			n.flo, n.fhi = x, x
		case Lt:
			n.flo, n.fhi = -inf, math.Nextafter(x, -inf)
			if x == -inf {
				n.flo, n.fhi = 1, 0
			}
		case Le:
			n.flo, n.fhi = -inf, x
		case Gt:
			n.flo, n.fhi = math.Nextafter(x, inf), inf
			if x == inf {
				n.flo, n.fhi = 1, 0
			}
		case Ge:
			n.flo, n.fhi = x, inf
		case Between:
			n.flo, n.fhi = x, q.Values[1].Float()
		}
	case Bool:
		switch q.Op {
		case IsTrue, IsFalse:
		case Eq:
			n.op = IsFalse
			if q.Values[0].Bool() {
				n.op = IsTrue
			}
		default:
			return bad()
		}
	case Text:
		switch q.Op {
		case Eq, Ne:
			n.op, n.neg = Eq, q.Op == Ne
		case Contains, StartsWith:
		default:
			return bad()
		}
		n.key = fold(q.Values[0].s)
	case Enum, Ref:
		switch q.Op {
		case Eq, AnyOf:
			n.op = AnyOf
		case Ne, NoneOf:
			n.op, n.neg = AnyOf, true
		default:
			return bad()
		}
		n.set = make(bitmap, words(len(c.dict)))
		for _, v := range q.Values {
			if code, ok := c.lookup[v.s]; ok {
				n.set.set(int32(code))
			}
		}
	}
	return n, nil
}

// eval computes the rows n matches into out (len words(t.n)), writing every
// word. Bits of holes are unspecified; the caller masks with t.alive.
func (t *Table) eval(n *node, out bitmap) {
	switch {
	case n.and || n.or:
		if len(n.kids) == 0 {
			fill := uint64(0)
			if n.and {
				fill = math.MaxUint64
			}
			for i := range out {
				out[i] = fill
			}
			return
		}
		t.eval(n.kids[0], out)
		if len(n.kids) == 1 {
			return
		}
		tmp := getBitmap(len(out))
		for _, k := range n.kids[1:] {
			t.eval(k, tmp)
			if n.and {
				for i := range out {
					out[i] &= tmp[i]
				}
			} else {
				for i := range out {
					out[i] |= tmp[i]
				}
			}
		}
		putBitmap(tmp)
		return
	}
	if n.c.kind == Text {
		t.evalText(n, out)
		return
	}
	parallel(len(out), t.parMin, func(w0, w1 int) { t.scan(n, out, w0, w1) })
}

// evalText evaluates a Text leaf in two passes: first over the arena's
// values, marking the offsets of those that match (a value shared by many
// rows is tested once, and a contains search runs over the arena in one
// sweep), then over the rows, looking up each row's offset.
func (t *Table) evalText(n *node, out bitmap) {
	c, key := n.c, n.key
	arena := c.arena
	if len(arena) == 0 {
		arena = []byte{0, 0}
	}
	offs := getBitmap(words(len(arena)))
	clear(offs)
	switch {
	case n.op == IsEmpty || n.op == Eq && len(key) == 0:
		offs.set(0)
	case len(key) == 0: // Contains, StartsWith: everything matches
		for i := range offs {
			offs[i] = math.MaxUint64
		}
	case n.op == Contains:
		markContains(arena, key, offs)
	default:
		for o := uint32(2); o < uint32(len(arena)); {
			v := textAt(arena, o)
			if n.op == Eq && bytes.Equal(v, key) || n.op == StartsWith && bytes.HasPrefix(v, key) {
				offs.set(int32(o))
			}
			o += 2 + uint32(len(v))
		}
	}
	rows := t.n
	parallel(len(out), t.parMin, func(w0, w1 int) {
		for w := w0; w < w1; w++ {
			var word uint64
			for j, o := range c.start[w<<6 : min(w<<6+64, rows)] {
				word |= (offs[o>>6] >> (o & 63) & 1) << j
			}
			if n.neg {
				word = ^word
			}
			out[w] = word
		}
	})
	putBitmap(offs)
}

// markContains marks in offs the values of arena that contain key (not
// empty). It searches the arena as one string and maps each hit to the value
// it falls in, so most of the work is the vectorised search itself.
func markContains(arena, key []byte, offs bitmap) {
	if len(arena) <= 2 {
		return // only the empty value: nothing can contain key
	}
	o := uint32(2) // the value being looked at
	end := o + 2 + uint32(len(textAt(arena, o)))
	for p := 2; p < len(arena); {
		h := bytes.Index(arena[p:], key)
		if h < 0 {
			return
		}
		h += p
		for uint32(h) >= end {
			o = end
			end = o + 2 + uint32(len(textAt(arena, o)))
		}
		if uint32(h) >= o+2 && uint32(h+len(key)) <= end {
			offs.set(int32(o))
			p = int(end)
		} else {
			p = h + 1 // the hit straddles a length or the next value
		}
	}
}

// scan runs leaf n's kernel over words [w0, w1).
func (t *Table) scan(n *node, out bitmap, w0, w1 int) {
	c := n.c
	rows := t.n
	switch {
	case n.op == IsEmpty:
		copy(out[w0:w1], c.null[w0:w1])
	case n.op == IsTrue:
		for w := w0; w < w1; w++ {
			out[w] = c.bools[w] &^ c.null[w]
		}
	case n.op == IsFalse:
		for w := w0; w < w1; w++ {
			out[w] = ^c.bools[w] &^ c.null[w]
		}
	case c.kind == Int:
		lo, span := n.lo, uint64(n.hi-n.lo)
		empty := n.lo > n.hi
		for w := w0; w < w1; w++ {
			var word uint64
			if !empty {
				for j, v := range c.ints[w<<6 : min(w<<6+64, rows)] {
					word |= b2u(uint64(v-lo) <= span) << j
				}
			}
			out[w] = word &^ c.null[w]
		}
	case c.kind == Float:
		lo, hi := n.flo, n.fhi
		for w := w0; w < w1; w++ {
			var word uint64
			for j, v := range c.floats[w<<6 : min(w<<6+64, rows)] {
				word |= b2u(lo <= v) & b2u(v <= hi) << j
			}
			out[w] = word &^ c.null[w]
		}
	case n.op == AnyOf:
		// The set covers the whole dictionary (compile sizes it so, and
		// holds the lock that keeps it so), so no code is out of range.
		set := n.set
		for w := w0; w < w1; w++ {
			var word uint64
			for j, code := range c.codes[w<<6 : min(w<<6+64, rows)] {
				word |= (set[code>>6] >> (code & 63) & 1) << j
			}
			out[w] = word
		}
	}
	if n.neg {
		for w := w0; w < w1; w++ {
			out[w] = ^out[w]
		}
	}
}
