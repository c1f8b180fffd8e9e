package state

import "webtool/server/api"

// Virtual scrolling. The grid's scroll container is as tall as all rows
// together (Total × RowHeight); only the rows in view plus Overscan on each
// side are in the DOM, and rows come from the server in pages of PageSize
// that are cached by page number and dropped when the view is far away.
const (
	RowHeight   = 36
	PageSize    = 200
	Overscan    = 10
	MaxRendered = 100
	// KeepPages is how many pages on each side of the view stay cached.
	KeepPages = 2
)

// Range is the rows [First, Last).
type Range struct{ First, Last int }

// Len is the number of rows in r.
func (r Range) Len() int { return r.Last - r.First }

// Contains reports whether row i is in r.
func (r Range) Contains(i int) bool { return i >= r.First && i < r.Last }

// ViewRange is the rows to render for a scroll position and viewport height
// (both in pixels) over total rows: those in view plus Overscan each side,
// never more than MaxRendered.
func ViewRange(scrollTop, viewport float64, total int) Range {
	if total <= 0 {
		return Range{}
	}
	if scrollTop < 0 {
		scrollTop = 0
	}
	if viewport <= 0 {
		viewport = 20 * RowHeight
	}
	first := int(scrollTop/RowHeight) - Overscan
	last := int((scrollTop+viewport)/RowHeight) + 1 + Overscan
	if first < 0 {
		first = 0
	}
	if last > total {
		last = total
	}
	if last-first > MaxRendered {
		last = first + MaxRendered
	}
	if first > last {
		first = last
	}
	return Range{first, last}
}

// Visible is the rows actually in the viewport (no overscan): what
// keyboard navigation keeps the selection within.
func Visible(scrollTop, viewport float64) Range {
	first := int((scrollTop + RowHeight - 1) / RowHeight)
	last := int((scrollTop + viewport) / RowHeight)
	if last < first {
		last = first
	}
	return Range{first, last}
}

// ScrollToShow returns the scrollTop that brings row i fully into a
// viewport of the given height, moving as little as possible.
func ScrollToShow(i int, scrollTop, viewport float64) float64 {
	top := float64(i * RowHeight)
	bottom := top + RowHeight
	switch {
	case top < scrollTop:
		return top
	case bottom > scrollTop+viewport:
		return bottom - viewport
	}
	return scrollTop
}

// PagesOf lists the page numbers that hold the rows of r.
func PagesOf(r Range) []int {
	if r.Len() <= 0 {
		return nil
	}
	var out []int
	for p := r.First / PageSize; p <= (r.Last-1)/PageSize; p++ {
		out = append(out, p)
	}
	return out
}

// Window caches the pages of one query (catalog, filter, sort) and tells
// which to fetch. Each change of the query starts a new generation; a reply
// tagged with an older generation is ignored, so a slow answer to an old
// filter never overwrites a new one. The zero Window is ready.
type Window struct {
	// Gen is the generation requests must carry.
	Gen uint64
	// Total is the number of rows the query matches; Known is false until
	// the first reply of the generation (Total is then the last known one,
	// which keeps the scroll height steady).
	Total int
	Known bool

	pages   map[int]page
	loading map[int]uint64 // page → generation it was requested in
}

type page struct {
	gen  uint64
	rows []api.Record
}

// Reset starts a new query: nothing cached is valid any more.
func (w *Window) Reset() {
	w.Gen++
	w.Known = false
	w.pages = nil
	w.loading = nil
}

// Refresh starts a new generation of the same query (the data changed):
// cached rows stay on screen until their page is fetched again.
func (w *Window) Refresh() {
	w.Gen++
	w.loading = nil
}

// Need returns the pages of r that must be fetched (missing or from an
// older generation and not already requested in this one) and marks them
// as requested. Before the total is known it asks for the first page of r
// even when r is empty.
func (w *Window) Need(r Range) []int {
	pages := PagesOf(r)
	if len(pages) == 0 && !w.Known {
		pages = []int{r.First / PageSize}
	}
	var out []int
	for _, p := range pages {
		if pg, ok := w.pages[p]; ok && pg.gen == w.Gen {
			continue
		}
		if g, ok := w.loading[p]; ok && g == w.Gen {
			continue
		}
		if w.loading == nil {
			w.loading = map[int]uint64{}
		}
		w.loading[p] = w.Gen
		out = append(out, p)
	}
	return out
}

// Request returns the query of page p.
func (w *Window) Request(q Query, catalog string, p int) api.QueryRequest {
	return q.Request(catalog, p*PageSize, PageSize, nil)
}

// Put stores the reply to page p of generation gen. It reports false, and
// changes nothing, when gen is not the current generation.
func (w *Window) Put(gen uint64, p int, reply api.QueryReply) bool {
	if gen != w.Gen {
		return false
	}
	if w.pages == nil {
		w.pages = map[int]page{}
	}
	w.pages[p] = page{gen: gen, rows: reply.Rows}
	delete(w.loading, p)
	w.Total, w.Known = reply.Total, true
	return true
}

// Fail forgets that page p of generation gen is being loaded, so the next
// Need asks again.
func (w *Window) Fail(gen uint64, p int) {
	if gen == w.Gen {
		delete(w.loading, p)
	}
}

// Row returns row i if its page is cached (maybe from an older generation).
func (w *Window) Row(i int) (api.Record, bool) {
	if i < 0 || (w.Known && i >= w.Total) {
		return api.Record{}, false
	}
	pg, ok := w.pages[i/PageSize]
	if !ok || i%PageSize >= len(pg.rows) {
		return api.Record{}, false
	}
	return pg.rows[i%PageSize], true
}

// Loading reports whether any page of r is being fetched in this
// generation, or the total is not known yet.
func (w *Window) Loading(r Range) bool {
	if !w.Known {
		return true
	}
	for _, p := range PagesOf(r) {
		if g, ok := w.loading[p]; ok && g == w.Gen {
			return true
		}
	}
	return false
}

// Evict drops the pages more than KeepPages away from r.
func (w *Window) Evict(r Range) {
	lo := r.First/PageSize - KeepPages
	hi := r.Last/PageSize + KeepPages
	for p := range w.pages {
		if p < lo || p > hi {
			delete(w.pages, p)
		}
	}
}

// Find returns the index of the cached row with id.
func (w *Window) Find(id string) (int, bool) {
	for p, pg := range w.pages {
		for i, r := range pg.rows {
			if r.ID == id {
				return p*PageSize + i, true
			}
		}
	}
	return 0, false
}

// Slot is one of the grid's row slots.
type Slot struct {
	Index  int     // the row in the slot; -1: the slot is empty (hidden)
	Loaded bool    // Row holds the row; false: it is still loading
	Row    TreeRow // the row; in a flat list only ID and Rec are set
}

// Slots lays the rows of r out over a fixed set of min(MaxRendered, total)
// slots: row i always sits in slot i mod n, so scrolling by one row
// rewrites one slot instead of shifting every row's content by one position
// (go-app diffs children by position). row returns row i if it is at hand.
func Slots(r Range, total int, row func(i int) (TreeRow, bool)) []Slot {
	n := min(MaxRendered, total)
	if n <= 0 {
		return nil
	}
	slots := make([]Slot, n)
	for s := range slots {
		i := r.First + ((s-r.First%n)%n+n)%n
		if !r.Contains(i) {
			slots[s] = Slot{Index: -1}
			continue
		}
		tr, ok := row(i)
		slots[s] = Slot{Index: i, Loaded: ok, Row: tr}
	}
	return slots
}
