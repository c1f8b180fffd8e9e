package query

import (
	"bytes"
	"cmp"
	"math"
	"sync"
)

// column is one typed column: a slice per row number, plus the column's sort
// permutation. Which fields are used depends on kind.
type column struct {
	name string
	kind Kind

	null bitmap // Int, Float, Bool, Text: set for null rows

	ints   []int64   // Int
	floats []float64 // Float
	bools  bitmap    // Bool: set for true

	// Text: the arena is a sequence of values, each a 2-byte little-endian
	// length then the folded key; start[r] is the offset of row r's value.
	// Offset 0 holds the empty value, shared by every null and "" row.
	// Values are never overwritten: rows may share one (see compact), so a
	// write appends, and a compaction drops what no row points at.
	arena []byte
	start []uint32
	dead  int // bytes of values rows stopped pointing at (an upper bound)

	// Enum, Ref: code 0 is null; dict[code] is the value as given, keys[code]
	// its folded key; count[code] the rows holding it (an unused code is never
	// removed, so codes stay stable).
	codes  []uint32
	dict   []string
	keys   []string
	lookup map[string]uint32
	count  []int32

	perm perm
}

// perm is a column's sort permutation: the live rows ordered by (value, id)
// ascending with nulls last. It is built on first use (or by BuildIndexes) and
// then kept up to date by every write.
type perm struct {
	mu    sync.Mutex // serialises the lazy build among concurrent readers
	built bool
	rows  []int32
}

const maxTextKey = math.MaxUint16

func newColumn(c Column) *column {
	col := &column{name: c.Name, kind: c.Kind}
	if c.Kind == Enum || c.Kind == Ref {
		col.dict, col.keys, col.count = []string{""}, []string{""}, []int32{0}
		col.lookup = map[string]uint32{}
	}
	return col
}

// grow adds a null row at the end.
func (c *column) grow(n int) {
	if words(n) > len(c.null) {
		c.null = append(c.null, 0)
		if c.kind == Bool {
			c.bools = append(c.bools, 0)
		}
	}
	r := int32(n - 1)
	switch c.kind {
	case Int:
		c.ints = append(c.ints, 0)
	case Float:
		c.floats = append(c.floats, 0)
	case Text:
		if c.arena == nil {
			c.arena = []byte{0, 0}
		}
		c.start = append(c.start, 0)
	case Enum, Ref:
		c.codes = append(c.codes, 0)
		return
	}
	c.null.set(r)
}

func (c *column) isNull(r int32) bool {
	if c.kind == Enum || c.kind == Ref {
		return c.codes[r] == 0
	}
	return c.null.has(r)
}

func (c *column) text(r int32) []byte { return textAt(c.arena, c.start[r]) }

// textAt returns the value at offset o of arena.
func textAt(arena []byte, o uint32) []byte {
	l := uint32(arena[o]) | uint32(arena[o+1])<<8
	return arena[o+2 : o+2+l]
}

// appendText appends a value to arena, returning its offset.
func appendText(arena []byte, key []byte) ([]byte, uint32) {
	o := uint32(len(arena))
	arena = append(arena, byte(len(key)), byte(len(key)>>8))
	return append(arena, key...), o
}

// cell is a value prepared for a column: validated, text folded.
type cell struct {
	v   Value
	key []byte
}

// same reports whether row r already holds x, so a write can skip the
// (costly) move in the sort permutation.
func (c *column) same(r int32, x *cell) bool {
	if x.v.IsNull() || c.isNull(r) {
		return x.v.IsNull() && c.isNull(r)
	}
	switch c.kind {
	case Int:
		return c.ints[r] == x.v.i
	case Float:
		return c.floats[r] == x.v.Float()
	case Bool:
		return c.bools.has(r) == x.v.Bool()
	case Text:
		return bytes.Equal(c.text(r), x.key)
	default:
		return c.dict[c.codes[r]] == x.v.s
	}
}

// set stores x in row r.
func (c *column) set(r int32, x *cell) {
	if x.v.IsNull() {
		c.clear(r)
		return
	}
	switch c.kind {
	case Int:
		c.ints[r] = x.v.i
	case Float:
		f := x.v.Float()
		if f == 0 {
			f = 0 // no -0: the radix key would order it before +0
		}
		c.floats[r] = f
	case Bool:
		if x.v.Bool() {
			c.bools.set(r)
		} else {
			c.bools.unset(r)
		}
	case Text:
		c.drop(r)
		if len(x.key) > 0 {
			c.arena, c.start[r] = appendText(c.arena, x.key)
		}
	case Enum, Ref:
		code, ok := c.lookup[x.v.s]
		if !ok {
			code = uint32(len(c.dict))
			c.lookup[x.v.s] = code
			c.dict = append(c.dict, x.v.s)
			c.keys = append(c.keys, string(x.key))
			c.count = append(c.count, 0)
		}
		c.count[c.codes[r]]--
		c.count[code]++
		c.codes[r] = code
		return
	}
	c.null.unset(r)
}

// clear makes row r null.
func (c *column) clear(r int32) {
	switch c.kind {
	case Enum, Ref:
		c.count[c.codes[r]]--
		c.codes[r] = 0
		c.count[0]++
		return
	case Int:
		c.ints[r] = 0
	case Float:
		c.floats[r] = 0
	case Bool:
		c.bools.unset(r)
	case Text:
		c.drop(r)
	}
	c.null.set(r)
}

// drop points row r at the empty value, counting its old value as dead.
func (c *column) drop(r int32) {
	if o := c.start[r]; o != 0 {
		c.dead += 2 + len(textAt(c.arena, o))
		c.start[r] = 0
	}
}

// needsCompact reports whether most of the text arena may be garbage left
// by writes; compacting then keeps the amortised cost of a write constant.
func (c *column) needsCompact() bool {
	return c.dead >= 1<<20 && c.dead > len(c.arena)/2
}

// compact rewrites the text arena with only the values live rows point at,
// in the order of rows (the column's permutation, if built: then equal values
// are adjacent and each is stored once). alive tells live rows.
func (c *column) compact(rows []int32, alive bitmap) {
	arena := make([]byte, 2, len(c.arena)-c.dead/2+2)
	var last []byte
	var lastAt uint32
	put := func(r int32) {
		k := c.text(r)
		switch {
		case len(k) == 0:
			c.start[r] = 0
		case lastAt != 0 && bytes.Equal(k, last):
			c.start[r] = lastAt
		default:
			arena, lastAt = appendText(arena, k)
			last = textAt(arena, lastAt)
			c.start[r] = lastAt
		}
	}
	if rows != nil {
		for _, r := range rows {
			put(r)
		}
	} else {
		for r := range c.start {
			if alive.has(int32(r)) {
				put(int32(r))
			}
		}
	}
	c.arena, c.dead = shrink(arena), 0
}

// cmp orders rows a and b by value ascending, nulls last; 0 for equal values.
func (c *column) cmp(a, b int32) int {
	na, nb := c.isNull(a), c.isNull(b)
	if na || nb {
		switch {
		case na && nb:
			return 0
		case na:
			return 1
		}
		return -1
	}
	switch c.kind {
	case Int:
		return cmp.Compare(c.ints[a], c.ints[b])
	case Float:
		return cmp.Compare(c.floats[a], c.floats[b])
	case Bool:
		return cmp.Compare(b2u(c.bools.has(a)), b2u(c.bools.has(b)))
	case Text:
		return bytes.Compare(c.text(a), c.text(b))
	default:
		ca, cb := c.codes[a], c.codes[b]
		if ca == cb {
			return 0
		}
		return cmp.Compare(c.keys[ca], c.keys[cb])
	}
}
