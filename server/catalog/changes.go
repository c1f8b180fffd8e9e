package catalog

import "sync"

// Change is published after every committed write of records.
type Change struct {
	Catalog string
	IDs     []string
	// Scopes are the sync points of the changed rows, before and after;
	// empty for global catalogs.
	Scopes []string
	By     string
	// Conn is the connection the change came through (Principal.Conn):
	// that tab updates from its own reply, so it is not told again.
	Conn string
}

// feed is the server's one stream of committed changes: the writer
// publishes to it once the query image holds the change, so a subscriber
// that queries at once sees it.
type feed struct {
	mu   sync.Mutex
	subs []func(Change)
}

// Subscribe calls fn after every committed change, on the writing
// goroutine; fn must not block.
func (f *feed) Subscribe(fn func(Change)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subs = append(f.subs, fn)
}

func (f *feed) publish(c Change) {
	f.mu.Lock()
	subs := f.subs
	f.mu.Unlock()
	for _, fn := range subs {
		fn(c)
	}
}
