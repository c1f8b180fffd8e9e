package query

import (
	"context"
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
	keys := make([]sortKey, 0, len(q.Sort)+1)
	for _, k := range q.Sort {
		c := t.byName[k.Column]
		if c == nil {
			return Result{}, badQuery("unknown sort column %q", k.Column)
		}
		keys = append(keys, sortKey{c, k.Desc})
	}
	if len(keys) == 0 {
		keys = append(keys, sortKey{})
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
}

// fullCmp is the complete order of a query (see Query.Sort).
func (t *Table) fullCmp(keys []sortKey) func(a, b int32) int {
	return func(a, b int32) int {
		for _, k := range keys {
			if k.c == nil {
				continue
			}
			x := k.c.cmp(a, b)
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
	p := t.sorted(keys[0].c)
	desc := keys[0].desc
	// nn is where the nulls begin; a descending walk goes down the non-null
	// part, then down the null part (whose order is by id, which is how ties
	// follow the first key's direction).
	nn := len(p)
	if c := keys[0].c; c != nil {
		nn = sortSearch(len(p), func(i int) bool { return c.isNull(p[i]) })
	}
	at := func(i int) int32 {
		if !desc {
			return p[i]
		}
		if i < nn {
			return p[nn-1-i]
		}
		return p[len(p)-1-(i-nn)]
	}
	k := min(offset+limit, total)
	out := make([]int32, 0, k-offset)
	if len(keys) == 1 {
		if f == nil {
			for i := offset; i < k; i++ {
				out = append(out, at(i))
			}
			return out
		}
		seen := 0
		for i := 0; i < len(p) && seen < k; i++ {
			r := at(i)
			if f.has(r) {
				if seen >= offset {
					out = append(out, r)
				}
				seen++
			}
		}
		return out
	}
	// Several keys: the first key's permutation yields runs of rows equal on
	// it; each run that overlaps the window is sorted by the full order.
	c := keys[0].c
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
	for i := 0; i < len(p) && seen < k; i++ {
		r := at(i)
		if f != nil && !f.has(r) {
			continue
		}
		if len(run) > 0 && c.cmp(run[0], r) != 0 {
			flush()
			if seen >= k {
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
