package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/state"
	"webtool/server/api"
)

// The card's side of its pickers: what limits their choices, what is
// known of the picked record, and the picker of a text field with Pick.

// lookupFor tells a picker, at each lookup, the field it fills (errKey:
// a field key, or a list cell "list.row.column") and the draft values
// the field's limits compare with, so the server offers only what a save
// would accept. It reads the draft when asked: the card does not render
// on every key typed elsewhere.
func (c *Card) lookupFor(errKey string) func() *api.LookupFor {
	return func() *api.LookupFor {
		return state.LookupFor(c.Catalog, pickerKey(errKey), c.st.Draft, c.parentID())
	}
}

// pickerKey is the key LookupFor names a field by: the field's own, or
// "list.column" for a list cell "list.row.column".
func pickerKey(errKey string) string {
	list, rest, isCell := strings.Cut(errKey, ".")
	if !isCell {
		return errKey
	}
	_, col, _ := strings.Cut(rest, ".")
	return list + "." + col
}

// parentID is the parent record of a child record's card opened from a
// tab of its parent's card ("" on any other card).
func (c *Card) parentID() string {
	if h, ok := c.Host.(tabHost); ok && h.c.st != nil {
		return h.c.st.Rec.ID
	}
	return ""
}

// refInfo is what the record shown knows of the code and owner of id,
// the value of the field or list cell errKey.
func (c *Card) refInfo(errKey, id string) api.RefInfo {
	return state.RefInfoOf(c.st.Rec, errKey, id)
}

// textPicker edits a text field with Pick: a picker of the records of
// Pick.Catalog that pass its limits, whose choice gives the text; typing
// stays free.
func (c *Card) textPicker(f *api.Field, errKey, id, text string, bad bool, desc string, set func(any)) app.UI {
	return &RefPicker{
		ID:          id,
		Lang:        c.Lang,
		Catalog:     f.Pick.Catalog,
		Value:       state.Ref{Label: text},
		Text:        true,
		Required:    f.Required,
		Invalid:     bad,
		DescribedBy: desc,
		Link:        c.Link,
		For:         c.lookupFor(errKey),
		OnText: func(s string) {
			// As typing in a text input: the card renders only to drop the
			// field's error message.
			_, had := c.st.Errors[errKey]
			set(s)
			if had {
				c.Update()
			}
		},
	}
}
