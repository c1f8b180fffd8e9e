package ui

import (
	"maps"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	xhtml "golang.org/x/net/html"

	"webtool/app/state"
	"webtool/server/api"
)

// An input shows what the user typed for as long as the draft holds it,
// whatever renders meanwhile, and the draft when the program changes it.
func TestInputValuesNeverWriteOverTyping(t *testing.T) {
	var v inputValues
	if got := v.value("f-name", "Ann"); got != "Ann" {
		t.Fatalf("first render shows %q", got)
	}
	// The user types "Ann B " (a trailing space go-app would trim): the
	// attribute stays as rendered, so go-app writes nothing.
	v.typedInto("f-name", "Ann B ")
	if got := v.value("f-name", "Ann B "); got != "Ann" {
		t.Errorf("while typing the input renders %q, want the value it was shown with", got)
	}
	if w := v.pending(); w != nil {
		t.Errorf("writes while typing: %v", w)
	}
	// The program puts a new value: it is rendered.
	if got := v.value("f-name", "Bob"); got != "Bob" {
		t.Errorf("after a change by the program the input renders %q", got)
	}
	// The program puts back the value last rendered while the input holds
	// typing: the attribute would not change, so it is written by hand.
	v.typedInto("f-name", "Bobby")
	if got := v.value("f-name", "Bob"); got != "Bob" {
		t.Errorf("renders %q", got)
	}
	if w := v.pending(); !maps.Equal(w, map[string]string{"f-name": "Bob"}) {
		t.Errorf("pending writes = %v, want f-name = Bob", w)
	}
	v.reset()
	if got := v.value("f-name", "Zed"); got != "Zed" {
		t.Errorf("after reset renders %q", got)
	}
}

// The card's tree keeps its shape while errors come and go: the error
// element of each field is always there (hidden when the field is fine),
// and the alerts sit in one container, so no input shifts position.
func TestCardTreeShapeStableAcrossErrors(t *testing.T) {
	srv := &fakeServer{total: 10}
	card, _, disp := mustMountCard(t, srv, cardOpen{Seq: 1, ID: "o3"})
	doOn(disp, card, func() { card.st.StartEdit(); card.inputs.reset() })
	shape := func() string { return pathTo(t, html(card), "f-name") }
	before := shape()
	mustTag(t, html(card), `id="err-name"`, `class="field-error"`, `hidden`)

	srv.saveErr = &api.Error{Code: api.CodeValidation, Fields: map[string]api.Code{"name": "unique", "code": "required"}}
	doOn(disp, card, func() { card.save() })
	page := html(card)
	mustContain(t, page, `id="card-errors"`, `data-count="2"`, "2 поля требуют внимания", "Такое значение уже есть в справочнике")
	if got := shape(); got != before {
		t.Errorf("the tree before the name's input changed with the error:\n%s\nwas\n%s", got, before)
	}
	doOn(disp, card, func() { card.st.Set("name", "Другая"); delete(card.st.Errors, "code") })
	if got := shape(); got != before {
		t.Errorf("the tree before the name's input changed when the errors went:\n%s\nwas\n%s", got, before)
	}
}

// A kept draft is offered when its record opens, restored into edit mode,
// and forgotten when saved.
func TestCardOffersKeptDraft(t *testing.T) {
	srv := &fakeServer{total: 10}
	store := mapDrafts{}
	first := state.NewCard(&outletsCatalog)
	first.Load(api.Record{ID: "o3", Version: 1, Values: map[string]any{"code": "C3", "name": "Точка 3"}})
	first.StartEdit()
	first.Set("name", "Черновик")
	d, _ := first.Snapshot(time.Unix(1_800_000_000, 0))
	s, _ := state.EncodeDraft(d)
	store[state.DraftKey("ann", "outlets", "o3")] = s

	link := &Link{}
	link.setSocket(&fakeSocket{handle: srv.handle})
	card := &Card{Lang: "ru", Catalog: &outletsCatalog, Link: link, Host: &fakeHost{srv: srv},
		Open: cardOpen{Seq: 1, ID: "o3"}, User: "ann", drafts: store}
	disp := app.NewClientTester(card)
	t.Cleanup(disp.Close)
	settle(disp)
	mustContain(t, html(card), `id="card-draft"`, `id="card-draft-restore"`)
	doOn(disp, card, func() { card.restoreDraft(); card.Update() })
	if card.st.Mode != state.Edit || card.st.Draft["name"] != "Черновик" {
		t.Fatalf("restored: mode %v, name %v", card.st.Mode, card.st.Draft["name"])
	}
	doOn(disp, card, func() { card.save() })
	if _, kept := store[state.DraftKey("ann", "outlets", "o3")]; kept {
		t.Error("the draft is still kept after the save")
	}
}

// mapDrafts is a draftStore in memory.
type mapDrafts map[string]string

func (m mapDrafts) get(key string) (string, bool) { s, ok := m[key]; return s, ok }
func (m mapDrafts) set(key, value string)         { m[key] = value }
func (m mapDrafts) remove(key string)             { delete(m, key) }
func (m mapDrafts) keys(prefix string) []string {
	var out []string
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	return out
}

// pathTo is the position of the element with id in the page, as go-app
// diffs it: the index of each element among its parent's children, from
// the root down, with the tag names.
func pathTo(t *testing.T, page, id string) string {
	t.Helper()
	doc, err := xhtml.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var find func(n *xhtml.Node, path string) string
	find = func(n *xhtml.Node, path string) string {
		i := 0
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != xhtml.ElementNode {
				continue
			}
			p := path + "/" + ch.Data + "[" + strconv.Itoa(i) + "]"
			for _, a := range ch.Attr {
				if a.Key == "id" && a.Val == id {
					return p
				}
			}
			if got := find(ch, p); got != "" {
				return got
			}
			i++
		}
		return ""
	}
	got := find(doc, "")
	if got == "" {
		t.Fatalf("no #%s in the page", id)
	}
	return got
}
