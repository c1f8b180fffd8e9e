package state

// Changes decides when the change pushes of a catalog refresh the screen,
// so that one save costs the save and at most one refresh of the visible
// window. The server never pushes a change to the tab that made it (that
// tab updates from its own reply), so every push names someone else's
// change:
//
//   - Pushes come in bursts: each one (re)starts a short pause, and only the
//     last pause that ends refreshes (Push, Due).
//   - A refresh the screen makes for its own reasons covers every push heard
//     before it was sent: those are dropped and their pauses cancelled
//     (Refreshed).
//   - While a save of this screen is out, pushes wait for its reply. A
//     successful save refreshes once, covering them, and returns the ids
//     they named, its own record's included: a push of the saved record
//     during the save is a change committed after ours (one before it
//     would have made our save stale), so the open card must hear of it.
//   - A failed save leaves the held pushes to refresh as pushes do.
//
// The zero Changes is ready. It is not safe for concurrent use (the UI
// goroutine owns it).
type Changes struct {
	seq    int
	held   []string // ids heard and not yet covered by a refresh
	saving int      // own saves in flight
}

// Push records a change push of ids. schedule says to call Due(seq) after
// the pause; false means the push is held or covered already.
func (c *Changes) Push(ids []string) (seq int, schedule bool) {
	c.held = append(c.held, ids...)
	if c.saving > 0 {
		return 0, false
	}
	c.seq++
	return c.seq, true
}

// Due is called when the pause of push seq ends. ok says to refresh now;
// ids are the records the pushes named (the open card reloads if its record
// is among them).
func (c *Changes) Due(seq int) (ids []string, ok bool) {
	if seq != c.seq || c.saving > 0 {
		return nil, false
	}
	return c.take(), true
}

// Refreshed records that the screen refreshes on its own (a reconnect, a
// record it changed): the pushes heard so far are covered. It returns their
// ids.
func (c *Changes) Refreshed() []string { return c.take() }

// SaveStarted records that a save (or a delete or restore) of this screen
// was sent.
func (c *Changes) SaveStarted() { c.saving++ }

// SaveDone records the reply of a save. After a success the caller
// refreshes; others are the ids other changes named meanwhile, which that
// refresh covers. After a failure, schedule says to call Due(seq) after the
// pause, for the pushes held during the save.
func (c *Changes) SaveDone(ok bool) (others []string, seq int, schedule bool) {
	if c.saving > 0 {
		c.saving--
	}
	if ok {
		return c.take(), 0, false
	}
	if c.saving > 0 || len(c.held) == 0 {
		return nil, 0, false
	}
	c.seq++
	return nil, c.seq, true
}

// Reset forgets everything (another catalog opened).
func (c *Changes) Reset() { *c = Changes{seq: c.seq + 1} }

func (c *Changes) take() []string {
	ids := c.held
	c.held = nil
	c.seq++ // a pause still running is covered
	return ids
}
