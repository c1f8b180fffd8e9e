package e2e

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"webtool/server/api"
)

// The tests of references you can tell apart (issue 11, points 1, 6, 7, 8
// and 9): what the UI offers is compared with what the server answers to
// the same question over a socket of its own, never with assumptions
// about the demo's data.

// refsOption is one option of an open picker as the page shows it.
type refsOption struct {
	ID     string `json:"id"`
	Label  string `json:"label"`
	Detail string `json:"detail"`
}

// refsOptions reads the options of the picker whose input is #id.
func refsOptions(t testing.TB, ctx context.Context, id string) []refsOption {
	t.Helper()
	var out []refsOption
	run(t, ctx, "options of "+id, chromedp.Evaluate(fmt.Sprintf(`[...document.querySelectorAll("#%s-list .picker-option")].map(o => ({
		id: o.dataset.id, label: o.querySelector(".picker-label").textContent, detail: o.querySelector(".picker-detail").textContent}))`, id), &out))
	return out
}

// refsSearchPicker types text into the picker #id and waits until its
// list has answered that text: every option's label or detail holds
// each of the words wanted (lower case), and nothing is in flight.
func refsSearchPicker(t testing.TB, ctx context.Context, id, text string, wanted ...string) {
	t.Helper()
	run(t, ctx, "search "+text+" in "+id, fill("#"+id, text),
		until(fmt.Sprintf(`(() => { const os = [...document.querySelectorAll("#%s-list .picker-option")];
			return os.length > 0 && os.every(o => %s.every(w => o.textContent.toLowerCase().includes(w))); })() && %s`,
			id, jsStrings(wanted), idle)))
}

// refsOpenPicker clicks the picker #id open and waits for its choices.
func refsOpenPicker(t testing.TB, ctx context.Context, id string) {
	t.Helper()
	run(t, ctx, "open the picker "+id, chromedp.Click("#"+id, chromedp.ByQuery),
		until(fmt.Sprintf(`document.querySelectorAll("#%s-list .picker-option").length > 0 && %s`, id, idle)))
}

// refsInViewport is true when the element sel is on screen whole (a
// floating list not cut by the window's edges).
func refsInViewport(t testing.TB, ctx context.Context, sel string) bool {
	t.Helper()
	var ok bool
	run(t, ctx, sel+" in the viewport", chromedp.Evaluate(fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect();
		return r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; })()`, sel), &ok))
	return ok
}

// refsFind is the one record of catalog whose field equals value, as
// admin sees it.
func refsFind(t testing.TB, ws *wsSession, catalog, field, value string) api.Record {
	t.Helper()
	var reply api.QueryReply
	ws.ask(t, api.TypeQuery, api.QueryRequest{Catalog: catalog, Limit: 2,
		Filter: api.Filter{All: []api.Condition{{Field: field, Op: api.OpEquals, Values: []any{value}}}}}, &reply)
	if len(reply.Rows) != 1 {
		t.Fatalf("%s with %s = %s: %d records, want one", catalog, field, value, len(reply.Rows))
	}
	var rec api.Record
	ws.ask(t, api.TypeGet, api.GetRequest{Catalog: catalog, ID: reply.Rows[0].ID}, &rec)
	return rec
}

// TestRefsPersonPickerOffersTheNodesDistributor: on a Dnipro position's
// card, the person picker offers only Dnipro's personnel, each with its
// code and owner, and not an employee of another distributor who has the
// same last name; the bound row shows the person with the code; the list
// floats in the viewport, over the card, nothing of it cut. In Russian
// and English, with screenshots.
func TestRefsPersonPickerOffersTheNodesDistributor(t *testing.T) {
	srv := startServer(t, "-demo")
	ws := dialAs(t, srv, "admin")
	node := refsFind(t, ws, "org_structure", "code", "SR-dp-01")
	dist, _ := node.Values["distributor"].(string)
	distName := node.Labels["distributor"]
	if dist == "" || distName == "" {
		t.Fatalf("the node %s has no distributor: %+v", node.ID, node)
	}

	// Everyone, to find a namesake of a Dnipro employee elsewhere.
	var people api.QueryReply
	ws.ask(t, api.TypeQuery, api.QueryRequest{Catalog: "personnel", Limit: api.MaxWindow}, &people)
	lastName := func(r api.Record) string { s, _ := r.Values["last_name"].(string); return s }
	var namesake, other api.Record
	for _, a := range people.Rows {
		for _, b := range people.Rows {
			if a.Values["distributor"] == dist && b.Values["distributor"] != dist && lastName(a) == lastName(b) && namesake.ID == "" {
				namesake, other = a, b
			}
		}
	}
	if namesake.ID == "" {
		t.Fatalf("no last name is shared by a Dnipro employee and another distributor's among %d: nothing to tell apart", len(people.Rows))
	}
	word := strings.ToLower(lastName(namesake))

	// What the server offers for this field of this record.
	var want api.LookupReply
	ws.ask(t, api.TypeLookup, api.LookupRequest{Catalog: "personnel", Search: lastName(namesake), Limit: 20,
		For: &api.LookupFor{Catalog: "org_structure", Field: "people.person", Values: map[string]any{"distributor": dist}}}, &want)
	codes := map[string]string{}
	for _, ch := range want.Choices {
		if ch.Owner != distName {
			t.Fatalf("the server offers %+v for a %s node", ch, distName)
		}
		codes[ch.ID] = ch.Code
	}
	if _, ok := codes[namesake.ID]; !ok {
		t.Fatalf("the server does not offer %s's own %s", distName, namesake.ID)
	}

	for _, lang := range []string{"ru", "en"} {
		t.Run(lang, func(t *testing.T) {
			ctx := newBrowser(t, lang)
			openCatalog(t, ctx, srv, "admin", "org_structure")
			search(t, ctx, "SR-dp-01")
			openRecord(t, ctx, fmt.Sprintf(`#grid .grid-row[data-id=%q]`, node.ID))
			editCard(t, ctx)
			run(t, ctx, "the personnel tab", chromedp.Click("#tab-personnel", chromedp.ByQuery),
				chromedp.WaitVisible("#f-people-0-person", chromedp.ByQuery))
			picker := "f-people-0-person"
			refsOpenPicker(t, ctx, picker)
			refsSearchPicker(t, ctx, picker, lastName(namesake), word)
			opts := refsOptions(t, ctx, picker)
			var ids []string
			for _, o := range opts {
				ids = append(ids, o.ID)
				code, offered := codes[o.ID]
				if !offered {
					t.Errorf("the picker offers %+v, which the server does not offer a %s node", o, distName)
				}
				if !strings.Contains(o.Detail, distName) || code == "" || !strings.Contains(o.Detail, code) {
					t.Errorf("option %+v does not show its code %q and owner %q", o, code, distName)
				}
			}
			if slices.Contains(ids, other.ID) {
				t.Errorf("the picker offers %s of another distributor (%v)", other.ID, other.Labels["distributor"])
			}
			if !slices.Contains(ids, namesake.ID) {
				t.Errorf("the picker lacks %s's own %s: %v", distName, namesake.ID, ids)
			}
			if !refsInViewport(t, ctx, "#"+picker+"-list") {
				t.Error("the person list is not inside the viewport")
			}
			shoot(t, ctx, "refs-picker-"+lang+".png")
			if lang == "ru" {
				// No room below the input: the list flips above it, still
				// all inside the window.
				run(t, ctx, "a short window", chromedp.EmulateViewport(1400, 470),
					until(fmt.Sprintf(`document.querySelector("#%s-list").dataset.placement === "above"`, picker)))
				if !refsInViewport(t, ctx, "#"+picker+"-list") {
					t.Error("the flipped person list is not inside the viewport")
				}
				run(t, ctx, "the window back", chromedp.EmulateViewport(1400, 900),
					until(fmt.Sprintf(`document.querySelector("#%s-list").dataset.placement === "below"`, picker)))
			}

			// The bound row, read back: the person with the code.
			run(t, ctx, "close and cancel", chromedp.KeyEvent("\x1b"), chromedp.Click("#card-cancel", chromedp.ByQuery),
				chromedp.WaitVisible(`#card[data-mode="view"]`, chromedp.ByQuery))
			run(t, ctx, "the personnel tab", chromedp.Click("#tab-personnel", chromedp.ByQuery),
				chromedp.WaitVisible("#f-people .list-row", chromedp.ByQuery))
			row := text(t, ctx, "#f-people .list-row")
			name, code := node.Labels["people.0.person"], node.Refs["people.0.person"].Code
			if name == "" || code == "" || !strings.Contains(row, name) || !strings.Contains(row, code) {
				t.Errorf("the bound row reads %q, want the person %q with the code %q", row, name, code)
			}
		})
	}
}

// TestRefsWordSearch: a demo outlet named like «АЗС «Берёзка» №103» is
// found by its words in another order, without quotes, with е for ё: in
// the global-outlet picker of a local outlet's card and by the outlets'
// quick search.
func TestRefsWordSearch(t *testing.T) {
	srv, ctx := openDemo(t, "ru", "admin", "local_outlets")
	ws := dialAs(t, srv, "admin")
	var outlets api.QueryReply
	ws.ask(t, api.TypeQuery, api.QueryRequest{Catalog: "outlets", Limit: api.MaxWindow}, &outlets)
	shape := regexp.MustCompile(`^\S+ «(\S+)» №(\d+)$`)
	var outlet api.Record
	var inner, number string
	for _, r := range outlets.Rows {
		name, _ := r.Values["name"].(string)
		if m := shape.FindStringSubmatch(name); m != nil && outlet.ID == "" {
			outlet, inner, number = r, m[1], m[2]
		}
	}
	if outlet.ID == "" {
		t.Fatalf("no outlet among %d is named like «АЗС «Берёзка» №103»", len(outlets.Rows))
	}
	folded := strings.ReplaceAll(strings.ToLower(inner), "ё", "е")

	openRecord(t, ctx, "#grid .grid-row")
	editCard(t, ctx)
	typed := "№" + number + " " + folded
	run(t, ctx, "search the outlet picker for "+typed, fill("#f-outlet", typed),
		until(fmt.Sprintf(`!!document.querySelector('#f-outlet-list .picker-option[data-id=%q]') && %s`, outlet.ID, idle)))

	run(t, ctx, "to the outlets", chromedp.KeyEvent("\x1b"), chromedp.Click("#card-cancel", chromedp.ByQuery))
	openPath(t, ctx, srv, "/c/outlets", "outlets")
	search(t, ctx, inner+" №"+number)
	run(t, ctx, "the outlet is listed", chromedp.WaitVisible(fmt.Sprintf(`#grid .grid-row[data-id=%q]`, outlet.ID), chromedp.ByQuery))
}

// TestRefsMMUserByEmployee: the MM users' list shows the position's
// employee as a column, and the quick search finds an MM user by the
// employee's name.
func TestRefsMMUserByEmployee(t *testing.T) {
	srv, ctx := openDemo(t, "ru", "admin", "mm_users")
	cols := ""
	run(t, ctx, "columns", chromedp.AttributeValue("#grid", "data-cols", &cols, nil, chromedp.ByQuery))
	if !slices.Contains(strings.Split(cols, ","), "employee") {
		t.Fatalf("the MM users' columns are %s, without the employee", cols)
	}
	ws := dialAs(t, srv, "admin")
	var users api.QueryReply
	ws.ask(t, api.TypeQuery, api.QueryRequest{Catalog: "mm_users", Limit: api.MaxWindow}, &users)
	var user api.Record
	for _, r := range users.Rows {
		if r.Labels["employee"] != "" && user.ID == "" {
			user = r
		}
	}
	if user.ID == "" {
		t.Fatalf("none of %d MM users has an employee", len(users.Rows))
	}
	employee := user.Labels["employee"]
	search(t, ctx, employee)
	row := fmt.Sprintf(`#grid .grid-row[data-id=%q]`, user.ID)
	run(t, ctx, "the MM user is listed", chromedp.WaitVisible(row, chromedp.ByQuery))
	cell := text(t, ctx, fmt.Sprintf(`%s .grid-cell:nth-child(%d)`, row, slices.Index(strings.Split(cols, ","), "employee")+1))
	if !strings.Contains(cell, employee) {
		t.Errorf("the employee cell reads %q, want %q", cell, employee)
	}
}

// TestRefsPickLimits: an RDC's external code is a picker of outlets of
// subtype RDC that fills in the outlet's code, and an MM user's position
// picker offers positions only.
func TestRefsPickLimits(t *testing.T) {
	srv, ctx := openDemo(t, "ru", "admin", "rdc")
	ws := dialAs(t, srv, "admin")
	openRecord(t, ctx, "#grid .grid-row")
	editCard(t, ctx)
	refsOpenPicker(t, ctx, "f-external_code")
	opts := refsOptions(t, ctx, "f-external_code")
	for _, o := range opts {
		var rec api.Record
		ws.ask(t, api.TypeGet, api.GetRequest{Catalog: "outlets", ID: o.ID}, &rec)
		if rec.Values["subtype"] != "rdc" {
			t.Errorf("the external code picker offers %+v, an outlet of subtype %v", o, rec.Values["subtype"])
		}
	}
	// Typed by its name, taken from the list: the field gets its code.
	current := ""
	run(t, ctx, "the code before", chromedp.Value("#f-external_code", &current, chromedp.ByQuery))
	var pick refsOption
	var picked api.Record
	for _, o := range opts {
		var rec api.Record
		ws.ask(t, api.TypeGet, api.GetRequest{Catalog: "outlets", ID: o.ID}, &rec)
		if rec.Values["code"] != current && pick.ID == "" {
			pick, picked = o, rec
		}
	}
	if pick.ID == "" {
		t.Fatalf("no RDC outlet but the one the RDC has (%s) among %d", current, len(opts))
	}
	option := fmt.Sprintf(`#f-external_code-list .picker-option[data-id=%q]`, pick.ID)
	run(t, ctx, "pick "+pick.Label, fill("#f-external_code", pick.Label),
		until(fmt.Sprintf(`!!document.querySelector(%q) && %s`, option, idle)),
		chromedp.Click(option, chromedp.ByQuery))
	var value string
	run(t, ctx, "the code typed in", chromedp.Value("#f-external_code", &value, chromedp.ByQuery))
	if want, _ := picked.Values["code"].(string); want == "" || value != want {
		t.Errorf("the external code reads %q after picking %s, want its code %q", value, pick.ID, want)
	}

	openPath(t, ctx, srv, "/c/mm_users", "mm_users")
	openRecord(t, ctx, "#grid .grid-row")
	editCard(t, ctx)
	refsOpenPicker(t, ctx, "f-org_object")
	for _, o := range refsOptions(t, ctx, "f-org_object") {
		var rec api.Record
		ws.ask(t, api.TypeGet, api.GetRequest{Catalog: "org_structure", ID: o.ID}, &rec)
		if rec.Values["type"] != "position" {
			t.Errorf("the position picker offers %+v, of type %v", o, rec.Values["type"])
		}
	}
}
