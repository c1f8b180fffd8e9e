package query

import (
	"cmp"
	"context"
	"iter"
	"math/bits"
	"slices"
)

// MaxLimit is the largest window a query may ask for.
const MaxLimit = 10000

// MaxSortKeys is the most sort keys a query may have.
const MaxSortKeys = 3

// Query asks for a window of a table's rows.
type Query struct {
	// Where filters the rows; nil matches all. Row scope (the rows a user
	// may see) is one more Cond ANDed in by the caller.
	Where Expr
	// Sort orders the rows by up to MaxSortKeys columns. Rows equal on every
	// key are ordered by id, ascending if the first key is ascending and
	// descending if it is descending, so the order is total and reversing a
	// one-key sort reverses it exactly (but for nulls, which come last in
	// both directions). With no keys the rows come in id order.
	Sort []SortKey
	// Offset and Limit choose the window. Limit 0 asks for the total only.
	Offset, Limit int
}

// SortKey is one sort key.
type SortKey struct {
	Column string
	Desc   bool
	// Order, on an Enum column, ranks its values: rows sort by the place of
	// their value in Order rather than by the value itself (an enum holds
	// option keys; people read their labels). Values missing from Order
	// come after the others, in their own order. Values equal but for case
	// (or ё) sort as one, at the first place of any of them.
	Order []string
}

// Result is a query's answer.
type Result struct {
	IDs   []string // the window, in order
	Total int      // all rows matching the filter
}

// Query answers q. See QueryContext.
func (t *Table) Query(q Query) (Result, error) {
	return t.QueryContext(context.Background(), q)
}

// QueryContext answers q: the ids of the rows in the window [Offset,
// Offset+Limit) of the filtered, sorted rows, and the number of rows the
// filter matches. An invalid q gives an error wrapping ErrBadQuery. The work
// stops early with ctx.Err() when ctx is done, so a caller can drop a query
// the client no longer waits for.
//
// It holds the table's read lock: queries run concurrently with each other,
// never with a write.
func (t *Table) QueryContext(ctx context.Context, q Query) (Result, error) {
	if q.Offset < 0 {
		return Result{}, badQuery("negative offset %d", q.Offset)
	}
	if q.Limit < 0 || q.Limit > MaxLimit {
		return Result{}, badQuery("limit %d outside 0..%d", q.Limit, MaxLimit)
	}
	if len(q.Sort) > MaxSortKeys {
		return Result{}, badQuery("%d sort keys, at most %d", len(q.Sort), MaxSortKeys)
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	keys, err := t.sortKeys(q.Sort)
	if err != nil {
		return Result{}, err
	}
	f, total, err := t.filter(ctx, q.Where)
	defer putBitmap(f)
	if err != nil {
		return Result{}, err
	}
	res := Result{Total: total}
	if q.Limit == 0 || q.Offset >= total {
		return res, nil
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	rows := t.window(keys, f, total, q.Offset, q.Limit)
	res.IDs = make([]string, len(rows))
	for i, r := range rows {
		res.IDs[i] = string(t.ids.id(r))
	}
	return res, nil
}

// filter evaluates where: the matching rows (nil for all live rows; the
// caller puts it back with putBitmap) and their count.
func (t *Table) filter(ctx context.Context, where Expr) (bitmap, int, error) {
	if where == nil {
		return nil, t.live, nil
	}
	n, err := t.compile(where, 0)
	if err != nil {
		return nil, 0, err
	}
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	f := getBitmap(len(t.alive))
	t.eval(n, f)
	total := 0
	for i, a := range t.alive {
		f[i] &= a
		total += bits.OnesCount64(f[i])
	}
	return f, total, nil
}

// sortKey is a resolved SortKey; a nil column is the id.
type sortKey struct {
	c    *column
	desc bool
	rank []uint32 // by Enum code, from SortKey.Order; nil: the values' own order
}

// cmp orders rows a and b by k's column ascending, nulls last; 0 for equal
// values.
func (k sortKey) cmp(a, b int32) int {
	if k.rank == nil {
		return k.c.cmp(a, b)
	}
	ca, cb := k.c.codes[a], k.c.codes[b]
	switch {
	case ca == cb:
		return 0
	case ca == 0:
		return 1
	case cb == 0:
		return -1
	}
	return cmp.Compare(k.rank[ca], k.rank[cb])
}

// sortKeys resolves a query's sort keys; with none, the order is by id.
// The caller holds t.mu.
func (t *Table) sortKeys(sort []SortKey) ([]sortKey, error) {
	keys := make([]sortKey, 0, len(sort)+1)
	for _, k := range sort {
		c := t.byName[k.Column]
		if c == nil {
			return nil, badQuery("unknown sort column %q", k.Column)
		}
		sk := sortKey{c: c, desc: k.Desc}
		if k.Order != nil {
			if c.kind != Enum {
				return nil, badQuery("an order of values given for column %q of kind %v", k.Column, c.kind)
			}
			sk.rank = c.ranksBy(k.Order)
		}
		keys = append(keys, sk)
	}
	if len(keys) == 0 {
		keys = append(keys, sortKey{})
	}
	return keys, nil
}

// fullCmp is the complete order of a query (see Query.Sort).
func (t *Table) fullCmp(keys []sortKey) func(a, b int32) int {
	return func(a, b int32) int {
		for _, k := range keys {
			if k.c == nil {
				continue
			}
			x := k.cmp(a, b)
			if x != 0 {
				if k.desc && !k.c.isNull(a) && !k.c.isNull(b) {
					return -x
				}
				return x
			}
		}
		x := t.ids.cmp(a, b)
		if keys[0].desc {
			return -x
		}
		return x
	}
}

// Relative costs, in units of one step of a permutation walk (a bitmap
// probe), measured roughly on the 1M-row outlets fixture.
const (
	costCmpNum  = 6  // one comparison of Int/Float/Bool values
	costCmpText = 15 // one comparison of Text/Enum/Ref keys
)

// window returns the rows at [offset, offset+limit) of the rows in f (all
// live rows if f is nil) in the order of keys. total is f's count.
//
// Two plans: walk the first key's permutation, keeping the rows in f, until
// the window is full; or collect f's rows and sort them. A walk is expected
// to take n·k/total steps for a window ending at k; a sort about
// total·log2(total) comparisons. The cheaper one wins.
func (t *Table) window(keys []sortKey, f bitmap, total, offset, limit int) []int32 {
	k := min(offset+limit, total)
	walk := float64(t.live) * float64(k) / float64(total)
	cmpCost := costCmpNum
	if c := keys[0].c; c == nil || c.kind == Text || c.kind == Enum || c.kind == Ref {
		cmpCost = costCmpText
	}
	if len(keys) > 1 {
		walk += float64(k * cmpCost) // group boundaries
	}
	sortCost := float64(total*bits.Len(uint(total))*cmpCost) + float64(len(t.alive))
	if f != nil && sortCost < walk {
		return t.sortWindow(keys, f, total, offset, limit)
	}
	return t.walk(keys, f, total, offset, limit)
}

// sortWindow is the sorting plan of window: f must not be nil.
func (t *Table) sortWindow(keys []sortKey, f bitmap, total, offset, limit int) []int32 {
	rows := f.appendRows(make([]int32, 0, total))
	slices.SortFunc(rows, t.fullCmp(keys))
	return rows[offset:min(offset+limit, total)]
}

// walk is the permutation plan of window.
func (t *Table) walk(keys []sortKey, f bitmap, total, offset, limit int) []int32 {
	first := keys[0]
	p, spans := t.walkOrder(first)
	k := min(offset+limit, total)
	out := make([]int32, 0, k-offset)
	if len(keys) == 1 {
		if f == nil {
			for r := range walkRows(p, spans, first.desc, offset) {
				if out = append(out, r); len(out) == k-offset {
					break
				}
			}
			return out
		}
		seen := 0
		for r := range walkRows(p, spans, first.desc, 0) {
			if !f.has(r) {
				continue
			}
			if seen >= offset {
				out = append(out, r)
			}
			if seen++; seen == k {
				break
			}
		}
		return out
	}
	// Several keys: the first key's order yields runs of rows equal on it;
	// each run that overlaps the window is sorted by the full order.
	full := t.fullCmp(keys)
	var run []int32
	seen := 0 // matching rows before run
	flush := func() {
		if seen+len(run) > offset {
			slices.SortFunc(run, full)
			lo := max(offset-seen, 0)
			hi := min(k-seen, len(run))
			out = append(out, run[lo:hi]...)
		}
		seen += len(run)
		run = run[:0]
	}
	for r := range walkRows(p, spans, first.desc, 0) {
		if f != nil && !f.has(r) {
			continue
		}
		if len(run) > 0 && first.cmp(run[0], r) != 0 {
			if flush(); seen >= k {
				break
			}
		}
		run = append(run, r)
	}
	if seen < k {
		flush()
	}
	return out
}

// span is the stretch p[lo:hi] of a permutation p.
type span struct{ lo, hi int }

// walkOrder returns the permutation of k's column and the stretches of it
// that, walked in turn (each backwards when k is descending), give the
// rows in k's order. Descending, the non-null rows go backwards, then the
// nulls (whose order is by id, which is how ties follow the first key's
// direction).
//
// With a rank (SortKey.Order) the permutation is still the one in the
// values' own order, in which the rows of each value are one stretch: the
// stretches are found by binary search and walked in rank order, so a
// language's order of an enum costs no second permutation.
func (t *Table) walkOrder(k sortKey) ([]int32, []span) {
	p := t.sorted(k.c)
	nn := len(p) // where the nulls begin
	if c := k.c; c != nil {
		nn = sortSearch(len(p), func(i int) bool { return c.isNull(p[i]) })
	}
	var spans []span
	if k.rank == nil {
		spans = []span{{0, nn}}
	} else {
		c := k.c
		for lo := 0; lo < nn; {
			key := c.keys[c.codes[p[lo]]]
			hi := lo + sortSearch(nn-lo, func(i int) bool { return c.keys[c.codes[p[lo+i]]] > key })
			spans = append(spans, span{lo, hi})
			lo = hi
		}
		slices.SortFunc(spans, func(a, b span) int {
			return cmp.Compare(k.rank[c.codes[p[a.lo]]], k.rank[c.codes[p[b.lo]]])
		})
	}
	if k.desc {
		slices.Reverse(spans)
	}
	return p, append(spans, span{nn, len(p)})
}

// walkRows yields the rows of p in the stretches spans, each backwards if
// desc, from the skip-th row on.
func walkRows(p []int32, spans []span, desc bool, skip int) iter.Seq[int32] {
	return func(yield func(int32) bool) {
		for _, s := range spans {
			if n := s.hi - s.lo; skip >= n {
				skip -= n
				continue
			}
			if desc {
				for i := s.hi - 1 - skip; i >= s.lo; i-- {
					if !yield(p[i]) {
						return
					}
				}
			} else {
				for i := s.lo + skip; i < s.hi; i++ {
					if !yield(p[i]) {
						return
					}
				}
			}
			skip = 0
		}
	}
}

// sortSearch is sort.Search, inlined for the hot paths.
func sortSearch(n int, f func(int) bool) int {
	i, j := 0, n
	for i < j {
		h := int(uint(i+j) >> 1)
		if !f(h) {
			i = h + 1
		} else {
			j = h
		}
	}
	return i
}
