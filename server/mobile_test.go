package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/store"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// mmServer is a test server with two positions of one distributor and a
// viewer account.
func mmServer(t *testing.T, change func(*Config), out, logw io.Writer) (*testServer, []string) {
	t.Helper()
	ts := mustServerLog(t, change, out, logw)
	dists, err := ts.catalog.Load("distributors", []map[string]any{{"code": "D1", "name": "Кава Трейд"}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	people, err := ts.catalog.Load("personnel", []map[string]any{{"last_name": "Melnyk", "first_name": "Ivan", "employer_type": "distributor", "distributor": dists[0]}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	for i := range 3 {
		rows = append(rows, map[string]any{"name": fmt.Sprintf("ТП %d", i+1), "type": "position", "distributor": dists[0],
			"people": []any{map[string]any{"person": people[0], "primary": true, "from": "2026-01-01"}}})
	}
	positions, err := ts.catalog.Load("org_structure", rows, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.auth.CreateUser(auth.NewUser{Login: "viewer", Password: "viewer-password", Roles: []string{"viewer"}, SyncPoints: dists}, "test", ""); err != nil {
		t.Fatal(err)
	}
	return ts, positions
}

// newMMUser creates an MM user of position over the socket and returns its
// id and PIN.
func newMMUser(t *testing.T, ws *socket, position, login, status string) (api.Record, string) {
	t.Helper()
	var gen api.PinGenerated
	if e := ws.call(api.TypePinGenerate, api.PinGenerateRequest{Catalog: "mm_users", Field: "pin"}, &gen); e != nil {
		t.Fatal(e)
	}
	var rec api.Record
	if e := ws.call(api.TypeSave, api.SaveRequest{Catalog: "mm_users", Values: map[string]any{
		"org_object": position, "login": login, "pin": gen.Pin, "status": status}}, &rec); e != nil {
		t.Fatalf("save MM user: %+v", e)
	}
	return rec, gen.Pin
}

// bind calls the mobile check like a phone: no cookie, no Origin.
func (ts *testServer) bind(t *testing.T, pin, device string) (int, api.MobileBound, api.Error, string) {
	t.Helper()
	b, _ := json.Marshal(api.MobileBindRequest{Pin: pin, Device: device})
	resp, err := http.Post(ts.http.URL+api.PathMobileBind, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out api.MobileBound
	var e api.Error
	json.Unmarshal(raw, &out)
	json.Unmarshal(raw, &e)
	return resp.StatusCode, out, e, string(raw)
}

// wrongPin returns a well-formed PIN that no user holds.
func wrongPin(ts *testServer, length int) string {
	for n := 0; ; n++ {
		p := fmt.Sprintf("%0*d", length, 1357924680+n)[:length]
		if ref, _ := ts.pins.Lookup(p); ref == "" {
			return p
		}
	}
}

func TestMobileBindRules(t *testing.T) {
	ts, positions := mmServer(t, nil, io.Discard, io.Discard)
	ws := ts.socketAs(t, "admin", adminPassword)
	ws.call(api.TypeWatch, api.WatchRequest{Catalogs: []string{"mm_users"}}, nil)
	rec, pin := newMMUser(t, ws, positions[0], "ivanov", "active")
	_, blockedPin := newMMUser(t, ws, positions[1], "petrov", "blocked")
	ws.pushed(0)

	status, out, _, _ := ts.bind(t, pin, "phone-A")
	if status != 200 || !out.Bound || out.Login != "ivanov" || out.Position != "ТП 1" {
		t.Fatalf("first bind: %d %+v", status, out)
	}
	var got api.Record
	ws.call(api.TypeGet, api.GetRequest{Catalog: "mm_users", ID: rec.ID}, &got)
	if got.Values["mm_number"] != "phone-A" || got.Values["last_sync"] == nil {
		t.Fatalf("after bind: %v", got.Values)
	}
	if pushes := ws.pushed(300 * time.Millisecond); len(pushes) == 0 {
		t.Error("a bind pushed no change to a watching grid")
	}
	if status, out, _, _ := ts.bind(t, pin, "phone-A"); status != 200 || out.Bound {
		t.Fatalf("same device again: %d %+v", status, out)
	}
	if status, _, e, _ := ts.bind(t, pin, "phone-B"); status != 409 || e.Code != api.CodePinBound {
		t.Fatalf("other device: %d %+v", status, e)
	}
	if status, _, e, _ := ts.bind(t, blockedPin, "phone-C"); status != 401 || e.Code != api.CodeBadPin {
		t.Fatalf("blocked user's PIN: %d %+v", status, e)
	}
	// Malformed requests are refused without echoing the PIN.
	for _, req := range []api.MobileBindRequest{{Pin: pin, Device: ""}, {Pin: pin, Device: strings.Repeat("x", 129)},
		{Pin: pin, Device: "a\x01b"}, {Pin: pin[:5], Device: "p"}, {Pin: pin + "0", Device: "p"}, {Pin: "12a456", Device: "p"}} {
		status, _, e, raw := ts.bind(t, req.Pin, req.Device)
		if status != 400 || e.Code != api.CodeBadRequest || strings.Contains(raw, req.Pin) {
			t.Errorf("bind(%q, %q) = %d %s", req.Pin, req.Device, status, raw)
		}
	}

	// Rotation: the old PIN stops working at once, the new one binds a new phone.
	var gen api.PinGenerated
	ws.call(api.TypePinGenerate, api.PinGenerateRequest{Catalog: "mm_users", ID: rec.ID, Field: "pin"}, &gen)
	var rotated api.Record
	if e := ws.call(api.TypeSave, api.SaveRequest{Catalog: "mm_users", ID: rec.ID, Version: got.Version + 1, Values: map[string]any{"pin": gen.Pin}}, &rotated); e != nil {
		t.Fatalf("rotate: %+v", e)
	}
	if rotated.Values["mm_number"] != nil || rotated.Values["pin"] != true {
		t.Fatalf("rotation kept the device: %v", rotated.Values)
	}
	if status, _, e, _ := ts.bind(t, pin, "phone-A"); status != 401 || e.Code != api.CodeBadPin {
		t.Fatalf("old PIN after rotation: %d %+v", status, e)
	}
	if status, out, _, _ := ts.bind(t, gen.Pin, "phone-D"); status != 200 || !out.Bound {
		t.Fatalf("new PIN: %d %+v", status, out)
	}

	// Three wrong PINs lock the device, even for a right PIN afterwards.
	bad := wrongPin(ts, 6)
	for i := 1; i <= 3; i++ {
		status, _, e, _ := ts.bind(t, bad, "guesser")
		if i < 3 && (status != 401 || e.Code != api.CodeBadPin) || i == 3 && (status != 429 || e.Code != api.CodeLocked || e.Until == nil) {
			t.Fatalf("wrong PIN %d: %d %+v", i, status, e)
		}
	}
	if status, _, e, _ := ts.bind(t, gen.Pin, "guesser"); status != 429 || e.Code != api.CodeLocked || e.Until == nil {
		t.Fatalf("locked device with a right PIN: %d %+v", status, e)
	}
	// A refusal for a bound PIN is a right PIN: it never locks.
	for range 4 {
		if status, _, e, _ := ts.bind(t, gen.Pin, "phone-E"); status != 409 {
			t.Fatalf("bound elsewhere: %d %+v", status, e)
		}
	}
	// The history shows the binding and the refusals.
	var h api.History
	ws.call(api.TypeHistory, api.HistoryRequest{Catalog: "mm_users", ID: rec.ID, Limit: 3}, &h)
	if len(h.Entries) != 3 || h.Entries[0].Action != "pin.refused" || h.Entries[0].Actor != "mobile:ivanov" {
		t.Fatalf("history = %+v", h.Entries)
	}
}

// A cross-site form or no-cors fetch can only send text/plain or form
// bodies: the check refuses them before reading a PIN.
func TestMobileBindWantsJSON(t *testing.T) {
	ts, positions := mmServer(t, nil, io.Discard, io.Discard)
	ws := ts.socketAs(t, "admin", adminPassword)
	_, pin := newMMUser(t, ws, positions[0], "ivanov", "active")
	body := `{"pin":"` + pin + `","device":"phone-A"}`
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", ""} {
		resp, err := http.Post(ts.http.URL+api.PathMobileBind, ct, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnsupportedMediaType {
			t.Errorf("Content-Type %q: status %d, want 415", ct, resp.StatusCode)
		}
	}
	if status, out, _, _ := ts.bind(t, pin, "phone-A"); status != 200 || !out.Bound {
		t.Fatalf("the refused calls bound the device or spent the PIN: %d %+v", status, out)
	}
}

func TestMobileGlobalRateLimit(t *testing.T) {
	ts, positions := mmServer(t, func(c *Config) { c.PinGuessesPerMinute = 5 }, io.Discard, io.Discard)
	ws := ts.socketAs(t, "admin", adminPassword)
	_, pin := newMMUser(t, ws, positions[0], "ivanov", "active")
	bad := wrongPin(ts, 6)
	// A guesser spread over many devices: each device stays under its own
	// lockout, the global limit stops them all.
	for i := range 5 {
		if status, _, e, _ := ts.bind(t, bad, fmt.Sprintf("dev-%d", i)); status != 401 {
			t.Fatalf("guess %d: %d %+v", i, status, e)
		}
	}
	for _, p := range []string{bad, pin} {
		status, _, e, _ := ts.bind(t, p, "fresh-device")
		if status != 429 || e.Code != api.CodeRateLimited || e.Until == nil {
			t.Fatalf("over the global limit: %d %+v", status, e)
		}
	}
}

// No PIN is ever stored or logged in plain text. The PINs here have 9
// digits: the store holds record ids of 8 digits ("00000012"), timestamps
// with at most 4 digits in a row, and hex hashes in which a given 6-digit
// string turns up by chance about once in 10^7 positions; a 9-digit PIN
// cannot hide in an id or a timestamp, and turns up by chance in hex about
// once in 7·10^10 positions, so a hit means a leak.
func TestNoPinInPlainText(t *testing.T) {
	var out, logs syncBuffer
	ts, positions := mmServer(t, func(c *Config) { c.PinLength = 9 }, &out, &logs)
	ws := ts.socketAs(t, "admin", adminPassword)
	var issued []string
	rec, p1 := newMMUser(t, ws, positions[0], "ivanov", "active")
	_, p2 := newMMUser(t, ws, positions[1], "petrov", "active")
	issued = append(issued, p1, p2)
	var revealed api.PinRevealed
	if e := ws.call(api.TypePinReveal, api.PinRevealRequest{Catalog: "mm_users", ID: rec.ID, Field: "pin"}, &revealed); e != nil || revealed.Pin != p1 {
		t.Fatalf("reveal: %+v %+v", revealed, e)
	}
	viewer := ts.socketAs(t, "viewer", "viewer-password")
	if e := viewer.call(api.TypePinReveal, api.PinRevealRequest{Catalog: "mm_users", ID: rec.ID, Field: "pin"}, nil); e == nil || e.Code != api.CodeForbidden {
		t.Fatalf("viewer reveal: %+v", e)
	}
	var seen api.Record
	viewer.call(api.TypeGet, api.GetRequest{Catalog: "mm_users", ID: rec.ID}, &seen)
	if seen.Values["pin"] != true {
		t.Fatalf("viewer sees pin = %v", seen.Values["pin"])
	}
	// A second MM user for the position is refused, naming the first.
	var gen api.PinGenerated
	ws.call(api.TypePinGenerate, api.PinGenerateRequest{Catalog: "mm_users", Field: "pin"}, &gen)
	issued = append(issued, gen.Pin)
	e := ws.call(api.TypeSave, api.SaveRequest{Catalog: "mm_users", Values: map[string]any{"org_object": positions[0], "login": "sidorov", "pin": gen.Pin}}, nil)
	if e == nil || e.Fields["org_object"] != "position_taken" || e.Args["org_object"] != "ivanov" {
		t.Fatalf("second MM user of a position: %+v", e)
	}
	if status, _, _, _ := ts.bind(t, p1, "phone-1"); status != 200 {
		t.Fatalf("bind: %d", status)
	}
	ts.bind(t, wrongPin(ts, 9), "phone-2")
	// Rotation, so old and new are both in the trail.
	var cur api.Record
	ws.call(api.TypeGet, api.GetRequest{Catalog: "mm_users", ID: rec.ID}, &cur)
	ws.call(api.TypePinGenerate, api.PinGenerateRequest{Catalog: "mm_users", ID: rec.ID, Field: "pin"}, &gen)
	issued = append(issued, gen.Pin)
	if e := ws.call(api.TypeSave, api.SaveRequest{Catalog: "mm_users", ID: rec.ID, Version: cur.Version, Values: map[string]any{"pin": gen.Pin}}, nil); e != nil {
		t.Fatal(e)
	}

	var h api.History
	ws.call(api.TypeHistory, api.HistoryRequest{Catalog: "mm_users", ID: rec.ID}, &h)
	var actions []string
	for _, e := range h.Entries {
		actions = append(actions, e.Action)
	}
	if got, want := strings.Join(actions, " "), "record.update pin.generate pin.bind pin.reveal record.create"; got != want {
		t.Fatalf("history = %s, want %s", got, want)
	}

	file, err := os.ReadFile(ts.cfg.DB)
	if err != nil {
		t.Fatal(err)
	}
	var audit bytes.Buffer
	ts.db.View(func(tx *store.Tx) error {
		tail, _ := tx.AuditTail(1000)
		json.NewEncoder(&audit).Encode(tail)
		return nil
	})
	for _, p := range issued {
		if len(p) != 9 {
			t.Fatalf("PIN %q is not 9 digits", p)
		}
		for name, hay := range map[string]string{"database file": string(file), "server log": logs.String(), "server output": out.String(), "audit trail": audit.String()} {
			if strings.Contains(hay, p) {
				t.Errorf("PIN %s appears in the %s", p, name)
			}
		}
	}
	if !strings.Contains(audit.String(), "pin.reveal") || !strings.Contains(audit.String(), "pin.bad_pin") {
		t.Fatalf("audit trail lacks the PIN events: %s", audit.String())
	}
}
