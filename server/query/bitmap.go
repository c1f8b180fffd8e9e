package query

import (
	"math/bits"
	"runtime"
	"sync"
)

// bitmap is a set of row numbers, one bit per row.
type bitmap []uint64

func words(n int) int { return (n + 63) >> 6 }

func (b bitmap) has(r int32) bool { return b[r>>6]&(1<<(uint(r)&63)) != 0 }
func (b bitmap) set(r int32)      { b[r>>6] |= 1 << (uint(r) & 63) }
func (b bitmap) unset(r int32)    { b[r>>6] &^= 1 << (uint(r) & 63) }

// appendRows appends the rows of b, in row order, to dst.
func (b bitmap) appendRows(dst []int32) []int32 {
	for i, w := range b {
		for w != 0 {
			dst = append(dst, int32(i<<6+bits.TrailingZeros64(w)))
			w &= w - 1
		}
	}
	return dst
}

// b2u is 1 for true; the compiler turns it into a SETcc, keeping scan loops
// free of unpredictable branches.
func b2u(b bool) uint64 {
	var x uint64
	if b {
		x = 1
	}
	return x
}

// bitmapPool recycles the scratch bitmaps of filter evaluation: at 1M rows
// each is 125 KB, and a query may need a few.
var bitmapPool sync.Pool

func getBitmap(nw int) bitmap {
	if p, ok := bitmapPool.Get().(*bitmap); ok && cap(*p) >= nw {
		return (*p)[:nw]
	}
	return make(bitmap, nw)
}

func putBitmap(b bitmap) {
	if b != nil {
		bitmapPool.Put(&b)
	}
}

// parMinWords is the smallest scan (in 64-row words) worth splitting across
// goroutines: below ~64K rows a goroutine hand-off costs more than it saves.
const parMinWords = 1024

// maxPar bounds the goroutines one scan uses, so one heavy query cannot take
// every core from the others.
const maxPar = 2

// parallel runs fn over [0, nw) words, split into at most maxPar (and
// GOMAXPROCS) contiguous parts when there are at least minWords.
func parallel(nw, minWords int, fn func(w0, w1 int)) {
	p := min(runtime.GOMAXPROCS(0), maxPar)
	if nw < minWords || p < 2 {
		fn(0, nw)
		return
	}
	var wg sync.WaitGroup
	step := (nw + p - 1) / p
	for w0 := step; w0 < nw; w0 += step {
		wg.Add(1)
		go func(w0, w1 int) {
			defer wg.Done()
			fn(w0, w1)
		}(w0, min(w0+step, nw))
	}
	fn(0, min(step, nw))
	wg.Wait()
}

func trailingZeros(w uint64) int { return bits.TrailingZeros64(w) }
