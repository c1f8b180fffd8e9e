package state

import "webtool/server/api"

// Pin is the draft of a PIN field. The client never holds a stored PIN in
// its record: only whether one is set. New is a PIN the server generated
// for this card; it is sent on Save (and dropped with Cancel).
type Pin struct {
	Set bool
	New string
}

// Masked is how a PIN the user may not read is shown.
const Masked = "••••••"

// NewPin puts a PIN the server generated into the draft of field key and
// empties the fields a new PIN clears on save (the bound device), so the
// card shows what saving will do.
func (c *Card) NewPin(key, pin string) {
	f := FieldByKey(c.Catalog, key)
	if c.Draft == nil || f == nil || f.Type != api.FieldPin {
		return
	}
	c.Set(key, Pin{Set: true, New: pin})
	for _, k := range f.Clears {
		if g := FieldByKey(c.Catalog, k); g != nil {
			c.Set(k, emptyDraft(g))
		}
	}
}
