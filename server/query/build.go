package query

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"strings"
)

// Building a permutation with a comparison sort costs about 20 comparisons
// per row, most of them ties broken by comparing ids; at 1M rows and 14
// columns that took 15 s. Instead each permutation is built by a stable radix
// sort of a uint64 key per row, starting from the rows in id order, so that
// ties come out in id order for free. Text keys are 8-byte chunks of the
// folded text, sorted most significant chunk first.

// buildPerm returns the live rows of c in permutation order (see perm).
// byID is the id permutation (nil when building the id permutation itself).
func (t *Table) buildPerm(c *column, byID []int32) []int32 {
	if c == nil {
		rows := t.alive.appendRows(make([]int32, 0, t.live))
		sortBytes(rows, 0, t.ids.id)
		return rows
	}
	rows := make([]int32, 0, len(byID))
	var nulls []int32
	for _, r := range byID {
		if c.isNull(r) {
			nulls = append(nulls, r)
		} else {
			rows = append(rows, r)
		}
	}
	if c.kind == Text {
		sortBytes(rows, 0, c.text)
		return append(rows, nulls...)
	}
	keys := make([]uint64, len(rows))
	switch c.kind {
	case Int:
		for i, r := range rows {
			keys[i] = uint64(c.ints[r]) ^ 1<<63
		}
	case Float:
		for i, r := range rows {
			keys[i] = floatKey(c.floats[r])
		}
	case Bool:
		for i, r := range rows {
			keys[i] = b2u(c.bools.has(r))
		}
	case Enum, Ref:
		rank := c.ranks()
		for i, r := range rows {
			keys[i] = uint64(rank[c.codes[r]])
		}
	}
	radixSort(keys, rows)
	return append(rows, nulls...)
}

// floatKey maps a float64 to a uint64 with the same order (for non-NaN).
func floatKey(f float64) uint64 {
	b := math.Float64bits(f)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// ranks returns each code's rank in the order of the folded keys; codes
// with equal keys share a rank.
func (c *column) ranks() []uint32 {
	codes := make([]uint32, len(c.dict))
	for i := range codes {
		codes[i] = uint32(i)
	}
	slices.SortFunc(codes, func(a, b uint32) int { return strings.Compare(c.keys[a], c.keys[b]) })
	rank := make([]uint32, len(c.dict))
	for i, code := range codes {
		if i > 0 && c.keys[code] == c.keys[codes[i-1]] {
			rank[code] = rank[codes[i-1]]
		} else {
			rank[code] = uint32(i)
		}
	}
	return rank
}

// ranksBy returns each code's rank when the values sort by their place in
// order (see SortKey.Order). Codes whose folded keys are equal share a rank,
// the best place of any of them, so that each rank is one stretch of the
// column's permutation (see walkOrder).
func (c *column) ranksBy(order []string) []uint32 {
	own := c.ranks()
	place := make(map[string]int, len(order))
	for i := len(order) - 1; i >= 0; i-- {
		place[order[i]] = i
	}
	best := make([]int, len(c.dict)) // by own rank
	for i := range best {
		best[i] = len(order)
	}
	for code := 1; code < len(c.dict); code++ {
		if at, ok := place[c.dict[code]]; ok && at < best[own[code]] {
			best[own[code]] = at
		}
	}
	codes := make([]uint32, len(c.dict))
	for i := range codes {
		codes[i] = uint32(i)
	}
	slices.SortFunc(codes, func(a, b uint32) int {
		return cmp.Or(cmp.Compare(best[own[a]], best[own[b]]), cmp.Compare(own[a], own[b]))
	})
	rank := make([]uint32, len(c.dict))
	for i, code := range codes {
		if i > 0 && own[code] == own[codes[i-1]] {
			rank[code] = rank[codes[i-1]]
		} else {
			rank[code] = uint32(i)
		}
	}
	return rank
}

// radixSort sorts rows stably by keys (parallel slices, both reordered),
// one byte per pass, skipping the bytes all keys share.
func radixSort(keys []uint64, rows []int32) {
	n := len(keys)
	if n < 2 {
		return
	}
	var diff uint64
	for _, k := range keys {
		diff |= k ^ keys[0]
	}
	tk, tr := make([]uint64, n), make([]int32, n)
	srcK, srcR, dstK, dstR := keys, rows, tk, tr
	for shift := uint(0); shift < 64; shift += 8 {
		if diff>>shift&0xFF == 0 {
			continue
		}
		var off [256]int
		for _, k := range srcK {
			off[k>>shift&0xFF]++
		}
		sum := 0
		for i, c := range off {
			off[i] = sum
			sum += c
		}
		for i, k := range srcK {
			b := k >> shift & 0xFF
			o := off[b]
			dstK[o], dstR[o] = k, srcR[i]
			off[b] = o + 1
		}
		srcK, srcR, dstK, dstR = dstK, dstR, srcK, srcR
	}
	if &srcK[0] != &keys[0] {
		copy(keys, srcK)
		copy(rows, srcR)
	}
}

// chunk returns the 8 bytes of s at depth, big-endian, zero-padded.
func chunk(s []byte, depth int) uint64 {
	if len(s) >= depth+8 {
		return binary.BigEndian.Uint64(s[depth:])
	}
	var b [8]byte
	if depth < len(s) {
		copy(b[:], s[depth:])
	}
	return binary.BigEndian.Uint64(b[:])
}

// sortBytes sorts rows stably by the bytes get returns for them, all of
// which are known to share their first depth bytes.
func sortBytes(rows []int32, depth int, get func(int32) []byte) {
	if len(rows) < 48 {
		// Insertion sort: stable, and fast on the short runs left by the
		// radix passes.
		for i := 1; i < len(rows); i++ {
			r := rows[i]
			s := get(r)
			j := i
			for ; j > 0 && bytes.Compare(get(rows[j-1]), s) > 0; j-- {
				rows[j] = rows[j-1]
			}
			rows[j] = r
		}
		return
	}
	keys := make([]uint64, len(rows))
	for i, r := range rows {
		keys[i] = chunk(get(r), depth)
	}
	radixSort(keys, rows)
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && keys[j] == keys[i] {
			j++
		}
		if j-i > 1 {
			sortRun(rows[i:j], depth, get)
		}
		i = j
	}
}

// sortRun orders rows whose bytes agree (zero-padded) on [depth, depth+8):
// the ones that end within those bytes come first, shorter first (each is a
// prefix of the longer ones), then the rest by the bytes after.
func sortRun(rows []int32, depth int, get func(int32) []byte) {
	end := depth + 8
	ended := 0
	for _, r := range rows {
		if len(get(r)) <= end {
			ended++
		}
	}
	if ended > 0 {
		// Stable partition, the ended rows by length.
		short := make([]int32, 0, ended)
		rest := rows[:0:0]
		if ended < len(rows) {
			rest = make([]int32, 0, len(rows)-ended)
		}
		for _, r := range rows {
			if len(get(r)) <= end {
				short = append(short, r)
			} else {
				rest = append(rest, r)
			}
		}
		slices.SortStableFunc(short, func(a, b int32) int { return len(get(a)) - len(get(b)) })
		copy(rows, short)
		copy(rows[ended:], rest)
	}
	if len(rows)-ended > 1 {
		sortBytes(rows[ended:], end, get)
	}
}
