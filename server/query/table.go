// Package query is an in-memory, column-oriented image of one catalog that
// answers the grid's questions fast: filter, sort, a window of ids plus the
// total count, aggregates and the values for a filter picker.
//
// A Table knows nothing of catalogs, stores or users, only typed columns. Its
// owner rebuilds it at start from the durable store and applies every
// committed write with Upsert or Delete in the same step. Each column is a
// slice indexed by row number; a filter is a tight loop over one slice that
// yields a bitmap, AND/OR are bitmap operations, and each column keeps its
// rows in sorted order (a permutation) so that a sorted window is a walk that
// stops after offset+limit matching rows. When a filter is selective enough,
// the matching rows are sorted directly instead; the count decides.
//
// A Table is safe for concurrent use: it carries a sync.RWMutex, so queries
// (Query, Aggregate, Distinct, Len) run concurrently with one another, and a
// write (Upsert, Delete) waits for them and excludes them while it runs.
package query

import (
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"sort"
	"sync"
)

// ErrBadQuery is wrapped by every error returned for an invalid query: an
// unknown column, an operator that does not apply to the column's kind, an
// operand of the wrong type or number, a negative offset, a limit over
// MaxLimit. The wrapping error's text names the problem.
var ErrBadQuery = errors.New("bad query")

// ErrBadRow is wrapped by the errors Upsert returns for a row it cannot
// store: the wrong number of values, a value of the wrong type for its
// column, an empty or over-long id, a NaN, a text over 64 KiB.
var ErrBadRow = errors.New("bad row")

// Column describes one column of a Table.
type Column struct {
	Name string
	Kind Kind
}

// Table is the in-memory image of one catalog. See the package comment for
// what is safe concurrently.
type Table struct {
	mu     sync.RWMutex
	cols   []*column
	byName map[string]*column
	ids    idStore
	idPerm perm // live rows ordered by id: the default order

	alive bitmap
	free  []int32 // row numbers of deleted rows, reused by inserts
	n     int     // row numbers in use (live rows plus holes)
	live  int

	parMin int // scans of at least this many words use two goroutines
}

// NewTable returns an empty table with the given columns. It panics if a
// name is empty or repeated or a kind is unknown: the columns come from the
// program, not from input.
func NewTable(cols []Column) *Table {
	t := &Table{byName: make(map[string]*column, len(cols)), parMin: parMinWords}
	t.ids.seed = maphash.MakeSeed()
	for _, c := range cols {
		if c.Name == "" || t.byName[c.Name] != nil || c.Kind < Text || c.Kind > Ref {
			panic(fmt.Sprintf("query.NewTable: bad column %q of kind %v", c.Name, c.Kind))
		}
		col := newColumn(c)
		t.cols = append(t.cols, col)
		t.byName[c.Name] = col
	}
	return t
}

// Len returns the number of rows.
func (t *Table) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.live
}

// Upsert inserts the row with the given id, or replaces its values. row holds
// one value per column, in the order given to NewTable; Null() leaves a cell
// empty, and so does "" in an Enum or Ref column (in a Text column "" is kept
// but filters treat it as empty too). A row that does not fit is refused whole with an error wrapping
// ErrBadRow, and the table is unchanged.
//
// Replacing a row moves it in the sort permutation of each column whose value
// changed; inserting or deleting one shifts every built permutation (a memmove
// of up to 4 bytes per row each). To load many rows, Upsert them before the
// first query (or BuildIndexes) while no permutation is built: then each
// Upsert costs O(1).
func (t *Table) Upsert(id string, row []Value) error {
	if id == "" || len(id) > maxIDLen {
		return fmt.Errorf("%w: id of %d bytes (want 1 to %d)", ErrBadRow, len(id), maxIDLen)
	}
	if len(row) != len(t.cols) {
		return fmt.Errorf("%w: %d values for %d columns", ErrBadRow, len(row), len(t.cols))
	}
	// Fold all text into one buffer: one allocation per Upsert, which
	// matters when loading a million rows.
	var stack [16]cell
	var ends [16]int
	cells, end := stack[:0], ends[:0]
	if len(row) > len(stack) {
		cells, end = make([]cell, 0, len(row)), make([]int, 0, len(row))
	}
	var buf []byte
	for i, v := range row {
		c := t.cols[i]
		if v.t == vString && v.s == "" && (c.kind == Enum || c.kind == Ref) {
			v = Null() // an empty enum or reference is not set
		}
		cells = append(cells, cell{v: v})
		start := len(buf)
		if !v.IsNull() {
			if !v.fits(c.kind) {
				return fmt.Errorf("%w: column %q (%v): cannot hold %v %s", ErrBadRow, c.name, c.kind, v.typeName(), v)
			}
			switch c.kind {
			case Text, Enum, Ref:
				if buf == nil {
					buf = make([]byte, 0, 256)
				}
				buf = appendFold(buf, v.s)
				if len(buf)-start > maxTextKey {
					return fmt.Errorf("%w: column %q: text longer than %d bytes", ErrBadRow, c.name, maxTextKey)
				}
			}
		}
		end = append(end, len(buf))
	}
	for i := range cells {
		if i == 0 {
			cells[i].key = buf[:end[0]]
		} else {
			cells[i].key = buf[end[i-1]:end[i]]
		}
	}

	t.mu.Lock()
	defer t.mu.Unlock()
	r, ok := t.ids.lookup(id)
	if !ok {
		r = t.newRow(id)
		for i, c := range t.cols {
			c.set(r, &cells[i])
			if c.perm.built {
				c.perm.insert(r, t.cmpFunc(c))
			}
		}
		if t.idPerm.built {
			t.idPerm.insert(r, t.cmpFunc(nil))
		}
		t.compactText()
		return nil
	}
	for i, c := range t.cols {
		x := &cells[i]
		if c.same(r, x) {
			continue
		}
		if !c.perm.built {
			c.set(r, x)
			continue
		}
		cmp := t.cmpFunc(c)
		pos := c.perm.find(r, cmp)
		c.set(r, x)
		c.perm.fix(pos, cmp)
	}
	t.compactText()
	return nil
}

// compactText compacts the text arenas that need it. The caller holds the
// write lock.
func (t *Table) compactText() {
	for _, c := range t.cols {
		if c.kind == Text && c.needsCompact() {
			var rows []int32
			if c.perm.built {
				rows = c.perm.rows
			}
			c.compact(rows, t.alive)
		}
	}
}

// newRow takes a row number for id, reusing a hole if there is one.
func (t *Table) newRow(id string) int32 {
	var r int32
	if k := len(t.free); k > 0 {
		r = t.free[k-1]
		t.free = t.free[:k-1]
	} else {
		r = int32(t.n)
		t.n++
		if words(t.n) > len(t.alive) {
			t.alive = append(t.alive, 0)
		}
		for _, c := range t.cols {
			c.grow(t.n)
		}
	}
	t.ids.add(id, r)
	t.alive.set(r)
	t.live++
	return r
}

// Delete removes the row with the given id, if there is one. Its row number
// becomes a hole that the next insert reuses.
func (t *Table) Delete(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r, ok := t.ids.lookup(id)
	if !ok {
		return
	}
	for _, c := range t.cols {
		if c.perm.built {
			c.perm.remove(c.perm.find(r, t.cmpFunc(c)))
		}
		c.clear(r)
	}
	if t.idPerm.built {
		t.idPerm.remove(t.idPerm.find(r, t.cmpFunc(nil)))
	}
	t.ids.remove(r)
	t.alive.unset(r)
	t.free = append(t.free, r)
	t.live--
}

// BuildIndexes builds every sort permutation not built yet, using up to two
// cores, and compacts the text columns, storing each distinct value once.
// Queries build the permutations they need on first use anyway; calling this
// after the initial load moves that cost to start-up and saves memory. It
// takes the write lock.
func (t *Table) BuildIndexes() {
	t.mu.Lock()
	defer t.mu.Unlock()
	todo := make(chan *column, len(t.cols)+1)
	todo <- nil
	for _, c := range t.cols {
		todo <- c
	}
	close(todo)
	var wg sync.WaitGroup
	for range maxPar {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range todo {
				t.sorted(c)
				if c != nil && c.kind == Text {
					c.compact(c.perm.rows, t.alive)
				}
			}
		}()
	}
	wg.Wait()
	t.trim()
}

// trim drops the spare capacity that appends left in the per-row slices.
func (t *Table) trim() {
	t.ids.arena, t.ids.start, t.ids.ln = shrink(t.ids.arena), shrink(t.ids.start), shrink(t.ids.ln)
	for _, c := range t.cols {
		c.ints, c.floats, c.codes, c.start = shrink(c.ints), shrink(c.floats), shrink(c.codes), shrink(c.start)
	}
}

// shrink returns s in an array of its length if more than 1/16 is spare.
func shrink[T any](s []T) []T {
	if cap(s)-len(s) <= len(s)/16 {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}

// cmpFunc returns the total order of a permutation: c's values ascending,
// nulls last, then id. A nil column is the id itself.
func (t *Table) cmpFunc(c *column) func(a, b int32) int {
	if c == nil {
		return t.ids.cmp
	}
	return func(a, b int32) int {
		if x := c.cmp(a, b); x != 0 {
			return x
		}
		return t.ids.cmp(a, b)
	}
}

// sorted returns the permutation of c (nil: of the id), building it if
// needed. The caller holds t.mu (read or write).
func (t *Table) sorted(c *column) []int32 {
	p := &t.idPerm
	if c != nil {
		p = &c.perm
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.built {
		var byID []int32
		if c != nil {
			byID = t.sorted(nil)
		}
		p.rows, p.built = t.buildPerm(c, byID), true
	}
	return p.rows
}

// find returns the index of row r, which must be in p and still hold the
// values p was sorted by.
func (p *perm) find(r int32, cmp func(a, b int32) int) int {
	i := sort.Search(len(p.rows), func(i int) bool { return cmp(p.rows[i], r) >= 0 })
	if i < len(p.rows) && p.rows[i] == r {
		return i
	}
	// Unreachable while the invariants hold; stay correct if they do not.
	return slices.Index(p.rows, r)
}

// insert adds row r at its place.
func (p *perm) insert(r int32, cmp func(a, b int32) int) {
	i := sort.Search(len(p.rows), func(i int) bool { return cmp(p.rows[i], r) > 0 })
	p.rows = slices.Insert(p.rows, i, r)
}

func (p *perm) remove(i int) { p.rows = slices.Delete(p.rows, i, i+1) }

// fix moves the row at index i, whose value just changed, to its new place,
// shifting only the rows between the old place and the new one.
func (p *perm) fix(i int, cmp func(a, b int32) int) {
	rows := p.rows
	r := rows[i]
	switch {
	case i > 0 && cmp(rows[i-1], r) > 0:
		j := sort.Search(i, func(k int) bool { return cmp(rows[k], r) > 0 })
		copy(rows[j+1:i+1], rows[j:i])
		rows[j] = r
	case i+1 < len(rows) && cmp(r, rows[i+1]) > 0:
		rest := rows[i+1:]
		j := i + sort.Search(len(rest), func(k int) bool { return cmp(rest[k], r) > 0 })
		copy(rows[i:j], rows[i+1:j+1])
		rows[j] = r
	}
}
