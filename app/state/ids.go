package state

import "sync/atomic"

// IDs hands out websocket request ids. Zero is never returned: on the wire
// an envelope without an id is a push, so a request with id 0 would have its
// reply taken for one. Safe for concurrent use; the zero value is ready.
type IDs struct {
	n atomic.Uint64
}

// Next returns a fresh non-zero id.
func (g *IDs) Next() uint64 {
	for {
		if id := g.n.Add(1); id != 0 {
			return id
		}
	}
}
