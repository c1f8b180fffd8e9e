package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
)

// Drafts kept in the browser (see state/draft.go): written a moment after
// the user stops typing and whenever the card goes away while edited,
// removed when the card is saved or its changes are dropped, and offered
// back when the user opens the record again — after a reload, a sign-out
// or a lost tab.

// draftDelay is the pause in typing after which the draft is written.
const draftDelay = 400 * time.Millisecond

// draftStore is where drafts live: the browser's localStorage, or a map
// in tests.
type draftStore interface {
	get(key string) (string, bool)
	set(key, value string)
	remove(key string)
	// keys lists the stored keys that start with prefix.
	keys(prefix string) []string
}

// store is the card's draft store: the browser's, unless a test set one.
func (c *Card) store() draftStore {
	if c.drafts == nil {
		c.drafts = browserDrafts{}
	}
	return c.drafts
}

// draftKey is the storage key of the open card's draft ("" when drafts are
// not kept: nobody is signed in).
func (c *Card) draftKey() string {
	if c.User == "" || c.st == nil {
		return ""
	}
	id := ""
	if c.st.Exists {
		id = c.st.Rec.ID
	}
	return state.DraftKey(c.User, c.st.Catalog.Key, id)
}

// draftChanged notes a change of the draft: it is written after a pause.
// Typing with an older draft still offered declines it: the new typing is
// what is kept from now on (the card re-renders without the offer, which
// sits in the alerts' container and moves no input).
func (c *Card) draftChanged() {
	if c.ctx == nil || c.draftKey() == "" {
		return
	}
	if c.offer != nil {
		c.offer = nil
		c.Update()
	}
	c.draftDue = true
	c.draftSeq++
	seq := c.draftSeq
	c.ctx.After(draftDelay, func(app.Context) {
		if seq == c.draftSeq {
			c.flushDraft()
		}
	})
}

// flushDraft writes a pending draft now (the card is going away).
func (c *Card) flushDraft() {
	if !c.draftDue {
		return
	}
	c.draftDue = false
	c.keepDraft()
}

// keepDraft writes the draft of the open card, or removes the kept one
// when nothing is changed any more. While an older draft is being offered
// it is left alone: the user has not said yet whether it matters.
func (c *Card) keepDraft() {
	key := c.draftKey()
	if key == "" || c.offer != nil {
		return
	}
	d, ok := c.st.Snapshot(time.Now())
	if !ok {
		c.store().remove(key)
		return
	}
	if s, ok := state.EncodeDraft(d); ok {
		c.store().set(key, s)
	}
}

// dropDraft forgets the open card's draft: saved, or its changes dropped.
// A kept draft still being offered stays: it is older than this edit, and
// the user has not answered for it.
func (c *Card) dropDraft() {
	c.draftSeq++ // a write still pending must not bring it back
	c.draftDue = false
	if key := c.draftKey(); key != "" && c.offer == nil {
		c.store().remove(key)
	}
}

// offerDraft looks for a kept draft of the record the card shows.
func (c *Card) offerDraft() {
	key := c.draftKey()
	if key == "" {
		return
	}
	s, ok := c.store().get(key)
	if !ok {
		return
	}
	d, ok := state.DecodeDraft(s)
	if !ok {
		c.store().remove(key)
		return
	}
	c.offer = &d
}

// renderDraftOffer (#card-draft) offers a kept draft back.
func (c *Card) renderDraftOffer() app.UI {
	if c.offer == nil {
		return nil
	}
	when := state.FormatDateTime(c.offer.Time().UTC().Format(time.RFC3339), c.Lang, c.st.Loc)
	return app.Div().ID("card-draft").Class("alert", "alert-info", "card-draft").Role("status").Body(
		app.Span().Class("alert-icon").Body(icon(pathEdit)),
		app.Span().Class("alert-grow").Text(i18n.Tf(c.Lang, "card.draft.found", when)),
		app.Div().Class("alert-actions").Body(
			app.Button().ID("card-draft-restore").Type("button").Class("btn", "btn-primary", "btn-sm").
				OnClick(c.onRestoreDraft).Text(c.t("card.draft.restore")),
			app.Button().ID("card-draft-discard").Type("button").Class("btn", "btn-secondary", "btn-sm").
				OnClick(c.onDiscardDraft).Text(c.t("card.draft.discard")),
		),
	)
}

// onRestoreDraft puts the kept draft into edit mode, every field as the
// user left it; fields another user changed since are shown side by side.
func (c *Card) onRestoreDraft(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.restoreDraft()
}

func (c *Card) restoreDraft() {
	d := c.offer
	if d == nil {
		return
	}
	c.offer = nil
	if c.st.Mode != state.Edit {
		c.inputs.reset() // the inputs are made anew
	}
	c.st.Restore(*d)
	c.stale, c.formErr = false, false
	c.draftChanged() // now kept against the version it was restored onto
	if c.ctx != nil {
		c.ctx.Defer(func(app.Context) { c.focusFirst() })
	}
}

func (c *Card) onDiscardDraft(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.offer = nil
	if key := c.draftKey(); key != "" {
		c.store().remove(key)
	}
	ctx.Defer(func(app.Context) { focusByID("card-title") })
}

// browserDrafts keeps drafts in localStorage. Storage can throw (disabled
// storage, a full quota, some private modes): then drafts are simply not
// kept, as storedLang does for the language.
type browserDrafts struct{}

func (browserDrafts) get(key string) (s string, ok bool) {
	if app.IsServer {
		return "", false
	}
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	v := app.Window().Get("localStorage").Call("getItem", key)
	if v.Type() != app.TypeString {
		return "", false
	}
	return v.String(), true
}

func (browserDrafts) set(key, value string) {
	if app.IsServer {
		return
	}
	defer func() { recover() }()
	app.Window().Get("localStorage").Call("setItem", key, value)
}

func (browserDrafts) remove(key string) {
	if app.IsServer {
		return
	}
	defer func() { recover() }()
	app.Window().Get("localStorage").Call("removeItem", key)
}

func (browserDrafts) keys(prefix string) (out []string) {
	if app.IsServer {
		return nil
	}
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	ls := app.Window().Get("localStorage")
	for i, n := 0, ls.Get("length").Int(); i < n; i++ {
		if k := ls.Call("key", i); k.Type() == app.TypeString && len(k.String()) > len(prefix) && k.String()[:len(prefix)] == prefix {
			out = append(out, k.String())
		}
	}
	return out
}

// reopenDraft opens, when the catalog opens, the card of the user's most
// recent kept draft in it, which then offers the draft back: after a
// reload, a sign-out or an idle timeout the user lands where the typing
// stopped, rather than having to remember which record it was.
func (c *CatalogPage) reopenDraft() {
	if c.User == "" || c.card.ID != "" || c.card.New {
		return
	}
	store := draftStore(browserDrafts{})
	best, found := state.SavedDraft{}, false
	for _, key := range store.keys(state.DraftPrefix(c.User)) {
		catalog, _, ok := state.DraftOf(c.User, key)
		if !ok || catalog != c.key {
			continue
		}
		s, _ := store.get(key)
		if d, ok := state.DecodeDraft(s); ok && (!found || d.At > best.At) {
			best, found = d, true
		}
	}
	switch {
	case !found:
	case best.ID == "":
		c.openNew()
	default:
		c.openCard(best.ID)
	}
}
