package query

import (
	"bytes"
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
)

// AggFunc is an aggregate function.
type AggFunc uint8

// The aggregate functions.
const (
	Count AggFunc = iota + 1 // non-empty cells (rows, with column ""), any kind
	Sum                      // Int, Float
	Avg                      // Int, Float; always a Float
	Min                      // Int, Float
	Max                      // Int, Float
)

func (f AggFunc) String() string {
	switch f {
	case Count:
		return "count"
	case Sum:
		return "sum"
	case Avg:
		return "avg"
	case Min:
		return "min"
	case Max:
		return "max"
	}
	return "agg(" + strconv.Itoa(int(f)) + ")"
}

// AggResult is an aggregate's answer.
type AggResult struct {
	// Value is the aggregate: an Int for Count, and for Sum, Min and Max over
	// an Int column (a sum of money in minor units stays exact); a Float
	// otherwise. Null when no non-empty cell was aggregated (except Count).
	Value Value
	// N is the number of non-empty cells aggregated.
	N int
}

// Aggregate computes fn over column in the rows where matches (nil: all
// rows), skipping empty cells. Count with column "" counts rows. It holds
// the read lock, like Query.
func (t *Table) Aggregate(where Expr, col string, fn AggFunc) (AggResult, error) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	var c *column
	if col != "" || fn != Count {
		if c = t.byName[col]; c == nil {
			return AggResult{}, badQuery("unknown column %q", col)
		}
	}
	switch {
	case fn == Count:
	case fn >= Sum && fn <= Max:
		if c.kind != Int && c.kind != Float {
			return AggResult{}, badQuery("column %q: %v is not valid for %v", col, fn, c.kind)
		}
	default:
		return AggResult{}, badQuery("unknown aggregate %v", fn)
	}
	f, total, err := t.filter(context.Background(), where)
	defer putBitmap(f)
	if err != nil {
		return AggResult{}, err
	}
	if c == nil {
		return AggResult{IntValue(int64(total)), total}, nil
	}
	if f == nil {
		f = t.alive
	}
	var (
		n          int
		isum       int64
		fsum       float64
		imin, imax int64 = math.MaxInt64, math.MinInt64
		fmin, fmax       = math.Inf(1), math.Inf(-1)
	)
	for w, word := range f {
		if c.kind != Enum && c.kind != Ref {
			word &^= c.null[w]
		}
		for ; word != 0; word &= word - 1 {
			r := int32(w<<6 + trailingZeros(word))
			switch c.kind {
			case Int:
				v := c.ints[r]
				isum += v
				imin, imax = min(imin, v), max(imax, v)
			case Float:
				v := c.floats[r]
				fsum += v
				fmin, fmax = min(fmin, v), max(fmax, v)
			case Enum, Ref:
				if c.codes[r] == 0 {
					continue
				}
			}
			n++
		}
	}
	res := AggResult{N: n}
	switch {
	case fn == Count:
		res.Value = IntValue(int64(n))
	case n == 0:
	case fn == Avg && c.kind == Int:
		res.Value = FloatValue(float64(isum) / float64(n))
	case fn == Avg:
		res.Value = FloatValue(fsum / float64(n))
	case c.kind == Int:
		res.Value = IntValue([...]int64{Sum: isum, Min: imin, Max: imax}[fn])
	default:
		res.Value = FloatValue([...]float64{Sum: fsum, Min: fmin, Max: fmax}[fn])
	}
	return res, nil
}

// Distinct returns up to limit distinct values of column among the rows
// where matches (nil: all rows), in sort order, for a filter picker. Only
// values whose folded form starts with the folded prefix are returned.
// Pass the user's row scope in where, so the picker shows no value from rows
// the user may not see.
//
// Enum and Ref values come back as they were stored. Text is kept only in
// folded form, so Text values come back folded (lower case, ё as е); equality
// is case-insensitive, so they filter exactly as typed. Int, Float and Bool
// columns are refused with ErrBadQuery.
func (t *Table) Distinct(where Expr, col, prefix string, limit int) ([]string, error) {
	if limit <= 0 || limit > MaxLimit {
		return nil, badQuery("limit %d outside 1..%d", limit, MaxLimit)
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	c := t.byName[col]
	if c == nil {
		return nil, badQuery("unknown column %q", col)
	}
	if c.kind != Text && c.kind != Enum && c.kind != Ref {
		return nil, badQuery("column %q: distinct values are not offered for %v", col, c.kind)
	}
	f, _, err := t.filter(context.Background(), where)
	defer putBitmap(f)
	if err != nil {
		return nil, err
	}
	key := fold(prefix)
	var out []string
	if c.kind == Text {
		// Walk the sorted permutation from the first key >= prefix.
		p := t.sorted(c)
		i := sortSearch(len(p), func(i int) bool {
			return c.isNull(p[i]) || bytes.Compare(c.text(p[i]), key) >= 0
		})
		var last []byte
		for ; i < len(p) && len(out) < limit; i++ {
			r := p[i]
			if c.isNull(r) || !bytes.HasPrefix(c.text(r), key) {
				break
			}
			if f != nil && !f.has(r) {
				continue
			}
			if k := c.text(r); len(k) > 0 && (len(out) == 0 || !bytes.Equal(k, last)) {
				out = append(out, unfold(k))
				last = k
			}
		}
		return out, nil
	}
	var codes []uint32
	if f == nil {
		for code := 1; code < len(c.dict); code++ {
			if c.count[code] > 0 {
				codes = append(codes, uint32(code))
			}
		}
	} else {
		present := make(bitmap, words(len(c.dict)))
		for w, word := range f {
			for ; word != 0; word &= word - 1 {
				present.set(int32(c.codes[w<<6+trailingZeros(word)]))
			}
		}
		present.unset(0)
		for _, r := range present.appendRows(nil) {
			codes = append(codes, uint32(r))
		}
	}
	codes = slices.DeleteFunc(codes, func(code uint32) bool {
		return !strings.HasPrefix(c.keys[code], string(key))
	})
	slices.SortFunc(codes, func(a, b uint32) int {
		if x := strings.Compare(c.keys[a], c.keys[b]); x != 0 {
			return x
		}
		return strings.Compare(c.dict[a], c.dict[b])
	})
	for _, code := range codes[:min(limit, len(codes))] {
		out = append(out, c.dict[code])
	}
	return out, nil
}
