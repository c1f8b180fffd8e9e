package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// bindDevice is what a phone does: it posts the PIN its user typed and its
// own device id to the mobile check, and gets the HTTP status and the
// error code (if any).
func bindDevice(t testing.TB, srv *server, pin, device string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"pin": pin, "device": device})
	resp, err := http.Post(srv.URL+"/api/mobile/bind", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Code string `json:"code"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out.Code
}

var sixDigits = regexp.MustCompile(`^\d{6}$`)

// generatePin clicks "Generate PIN" on the card being edited and returns
// the new PIN it shows.
func generatePin(t testing.TB, ctx context.Context) string {
	t.Helper()
	run(t, ctx, "generate a PIN", chromedp.Click("#pin-generate-pin", chromedp.ByQuery),
		chromedp.WaitVisible("#pin-pin.pin-new", chromedp.ByQuery))
	pin := text(t, ctx, "#pin-pin")
	if !sixDigits.MatchString(pin) {
		t.Fatalf("generated PIN %q, want 6 digits", pin)
	}
	return pin
}

// cardValue is the shown value of a field on a card in view mode.
func cardValue(t testing.TB, ctx context.Context, field string) string {
	t.Helper()
	return text(t, ctx, `#card [data-field="`+field+`"] .card-value`)
}

// A key user creates a mobile-module user for a position with a generated
// PIN, sees it on the card, cannot add a second user for the position,
// and rotates the PIN: the device binding is cleared, the old PIN stops
// working and the card's history shows what happened.
func TestMobileUserPin(t *testing.T) {
	srv, ctx := openDemo(t, "ru", "keyuser", "mm_users")

	run(t, ctx, "create an MM user", chromedp.Click("#create", chromedp.ByQuery),
		chromedp.WaitVisible(`#card[data-mode="edit"]`, chromedp.ByQuery),
		pick("f-org_object", "SR-kt-12"), fill("#f-login", "e2e.agent"))
	first := generatePin(t, ctx)
	saveCard(t, ctx)
	if got := text(t, ctx, "#pin-pin"); got == first || !strings.Contains(got, "•") {
		t.Fatalf("saved card shows the PIN as %q, want it masked", got)
	}
	run(t, ctx, "reveal the PIN", chromedp.Click("#pin-reveal-pin", chromedp.ByQuery),
		chromedp.WaitVisible("#pin-pin.pin-clear", chromedp.ByQuery))
	if got := text(t, ctx, "#pin-pin"); got != first {
		t.Fatalf("revealed PIN %q, want %q", got, first)
	}
	if s := cardValue(t, ctx, "pin_issued_by"); s != "keyuser" {
		t.Fatalf("PIN issued by %q, want keyuser", s)
	}

	// The rep's phone signs in with the PIN: the device binds itself.
	if code, e := bindDevice(t, srv, first, "phone-A"); code != http.StatusOK {
		t.Fatalf("bind phone-A: %d %s", code, e)
	}
	if code, e := bindDevice(t, srv, first, "phone-B"); code != http.StatusConflict || e != "pin_bound" {
		t.Fatalf("a second phone with the same PIN: %d %s, want 409 pin_bound", code, e)
	}
	run(t, ctx, "the card shows the device",
		until(`document.querySelector('#card [data-field="mm_number"] .card-value')?.textContent === "phone-A"`))

	// A second MM user for the same position is refused, naming the first.
	run(t, ctx, "a second user for the position", chromedp.Click("#card-close", chromedp.ByQuery),
		chromedp.Click("#create", chromedp.ByQuery),
		chromedp.WaitVisible(`#card[data-mode="edit"]`, chromedp.ByQuery),
		pick("f-org_object", "SR-kt-12"), fill("#f-login", "e2e.agent2"))
	generatePin(t, ctx)
	run(t, ctx, "save the second", chromedp.Click("#card-save", chromedp.ByQuery))
	waitAttr(t, ctx, `.field-error[data-field="org_object"]`, "data-code", "position_taken")
	if s := text(t, ctx, `.field-error[data-field="org_object"]`); !strings.Contains(s, "e2e.agent") {
		t.Fatalf("the error %q does not name the existing user", s)
	}
	run(t, ctx, "cancel and discard the new user", chromedp.Click("#card-cancel", chromedp.ByQuery),
		chromedp.WaitVisible("#confirm-dialog", chromedp.ByQuery), chromedp.Click("#confirm-ok", chromedp.ByQuery),
		chromedp.WaitNotPresent("#card", chromedp.ByQuery))

	// Rotation: pencil → Generate → Cancel keeps the old PIN; → Save replaces it.
	search(t, ctx, "e2e.agent")
	if n := gridTotal(t, ctx); n != 1 {
		t.Fatalf("search for e2e.agent found %d users", n)
	}
	openRecord(t, ctx, "#grid .grid-row")
	editCard(t, ctx)
	generatePin(t, ctx)
	var device string
	run(t, ctx, "the MM number is cleared at once", chromedp.Value("#f-mm_number", &device, chromedp.ByQuery))
	if device != "" {
		t.Fatalf("MM number %q after generating, want it cleared", device)
	}
	run(t, ctx, "cancel discards the new PIN", chromedp.Click("#card-cancel", chromedp.ByQuery),
		chromedp.WaitVisible("#pin-reveal-pin", chromedp.ByQuery), chromedp.Click("#pin-reveal-pin", chromedp.ByQuery),
		chromedp.WaitVisible("#pin-pin.pin-clear", chromedp.ByQuery))
	if got := text(t, ctx, "#pin-pin"); got != first {
		t.Fatalf("after Cancel the PIN is %q, want the old %q", got, first)
	}
	editCard(t, ctx)
	second := generatePin(t, ctx)
	saveCard(t, ctx)
	if s := text(t, ctx, `#card [data-field="mm_number"]`); strings.Contains(s, "phone-A") {
		t.Fatalf("MM number still shown after the rotation: %q", s)
	}
	if code, e := bindDevice(t, srv, first, "phone-A"); code != http.StatusUnauthorized || e != "bad_pin" {
		t.Fatalf("the old PIN after rotation: %d %s, want 401 bad_pin", code, e)
	}
	if code, e := bindDevice(t, srv, second, "phone-B"); code != http.StatusOK {
		t.Fatalf("the new PIN binds a new phone: %d %s", code, e)
	}

	// The history lists the generations, the saves and the reveal.
	run(t, ctx, "open the history", chromedp.Click("#card-history-toggle", chromedp.ByQuery),
		chromedp.WaitVisible("#card-history .history-entry", chromedp.ByQuery))
	const actions = `[...document.querySelectorAll("#card-history .history-entry")].map(e => e.dataset.action)`
	run(t, ctx, "history entries", until(actions+`.filter(x => x === "pin.generate").length >= 2`))
	got := strings.Join(evalStrings(t, ctx, "history actions", actions), " ")
	for _, want := range []string{"record.create", "record.update", "pin.generate", "pin.reveal", "pin.bind"} {
		if !strings.Contains(got, want) {
			t.Fatalf("history %q lacks %s", got, want)
		}
	}
	if s := text(t, ctx, "#card-history"); strings.Contains(s, first) || strings.Contains(s, second) {
		t.Fatal("the history shows a PIN")
	}
}

// A viewer sees MM users with their PINs masked and cannot reveal them.
func TestMobileUserPinHiddenFromViewer(t *testing.T) {
	_, ctx := openDemo(t, "ru", "viewer", "mm_users")
	run(t, ctx, "open a user", chromedp.Click(`#grid .grid-row`, chromedp.ByQuery),
		chromedp.WaitVisible(`#card [data-field="pin"]`, chromedp.ByQuery))
	if s := text(t, ctx, "#pin-pin"); !strings.Contains(s, "•") {
		t.Fatalf("viewer sees the PIN as %q, want it masked", s)
	}
	var n int
	run(t, ctx, "no reveal button", chromedp.Evaluate(`document.querySelectorAll("#pin-reveal-pin, #card-edit").length`, &n))
	if n != 0 {
		t.Fatal("a viewer is offered to reveal or edit")
	}
}
