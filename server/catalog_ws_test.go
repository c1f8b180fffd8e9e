package server

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"webtool/server/api"
	"webtool/server/auth"
)

// socket is a signed-in test websocket. A goroutine reads it (a timed-out
// read would break a gorilla connection), so replies and pushes arrive on
// a channel.
type socket struct {
	t      *testing.T
	ws     *websocket.Conn
	id     uint64
	in     chan api.Envelope
	pushes []api.Envelope
}

func (ts *testServer) socketAs(t *testing.T, login, password string) *socket {
	t.Helper()
	c := ts.client(t)
	resp, e := ts.post(t, c, api.PathLogin, ts.http.URL, api.LoginRequest{Login: login, Password: password})
	if resp.StatusCode != 200 {
		t.Fatalf("login %s: %+v", login, e)
	}
	ws := ts.mustDial(t, c)
	s := &socket{t: t, ws: ws, in: make(chan api.Envelope, 100)}
	go func() {
		defer close(s.in)
		for {
			var env api.Envelope
			if err := ws.ReadJSON(&env); err != nil {
				return
			}
			s.in <- env
		}
	}()
	return s
}

// call sends a request and returns its reply, keeping pushes aside.
func (s *socket) call(typ string, data, out any) *api.Error {
	s.t.Helper()
	s.id++
	raw, _ := json.Marshal(data)
	if err := s.ws.WriteJSON(api.Envelope{ID: s.id, Type: typ, Data: raw}); err != nil {
		s.t.Fatal(err)
	}
	timeout := time.After(5 * time.Second)
	for {
		var env api.Envelope
		select {
		case env = <-s.in:
		case <-timeout:
			s.t.Fatalf("%s: no reply", typ)
		}
		if env.ID == 0 {
			s.pushes = append(s.pushes, env)
			continue
		}
		if env.Type == api.TypeError {
			var e api.Error
			json.Unmarshal(env.Data, &e)
			return &e
		}
		if out != nil {
			json.Unmarshal(env.Data, out)
		}
		return nil
	}
}

// pushed waits d for pushes and returns those seen since the last call.
func (s *socket) pushed(d time.Duration) []api.Envelope {
	timeout := time.After(d)
	for {
		select {
		case env := <-s.in:
			if env.ID == 0 {
				s.pushes = append(s.pushes, env)
			}
			continue
		case <-timeout:
		}
		break
	}
	out := s.pushes
	s.pushes = nil
	return out
}

func TestCatalogOverSocketIsScoped(t *testing.T) {
	ts := mustServer(t, nil)
	dists, err := ts.catalog.Load("distributors", []map[string]any{{"code": "D1", "name": "Первый"}, {"code": "D2", "name": "Второй"}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.catalog.Load("local_outlets", []map[string]any{
		{"local_code": "A", "name": "Точка первого", "distributor": dists[0]},
		{"local_code": "B", "name": "Точка второго", "distributor": dists[1]}}, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.auth.CreateUser(auth.NewUser{Login: "key1", Name: "Key", Password: "key-password", Roles: []string{"key_user"}, SyncPoints: dists[:1]}, "test", ""); err != nil {
		t.Fatal(err)
	}
	admin := ts.socketAs(t, "admin", adminPassword)
	other := ts.socketAs(t, "admin", adminPassword) // the administrator's other tab
	key := ts.socketAs(t, "key1", "key-password")

	var hello api.Hello
	key.call(api.TypeHello, nil, &hello)
	var navItems int
	for _, g := range hello.Navigation {
		navItems += len(g.Items)
	}
	if navItems == 0 {
		t.Fatal("navigation lists no catalogs for a key user")
	}
	var page api.QueryReply
	if e := key.call(api.TypeQuery, api.QueryRequest{Catalog: "local_outlets", Limit: 50}, &page); e != nil {
		t.Fatal(e)
	}
	if page.Total != 1 || page.Rows[0].Values["name"] != "Точка первого" {
		t.Fatalf("key user of D1 sees %+v", page)
	}
	for _, s := range []*socket{admin, other, key} {
		if e := s.call(api.TypeWatch, api.WatchRequest{Catalogs: []string{"local_outlets"}}, nil); e != nil {
			t.Fatal(e)
		}
	}
	// A change to D2's row reaches the admin's other tab but not D1's key
	// user, nor the tab that made it (it updates from its own reply).
	var all api.QueryReply
	admin.call(api.TypeQuery, api.QueryRequest{Catalog: "local_outlets", Limit: 50, Sort: []api.SortKey{{Field: "local_code"}}}, &all)
	second := all.Rows[1]
	if e := admin.call(api.TypeSave, api.SaveRequest{Catalog: "local_outlets", ID: second.ID, Version: second.Version, Values: map[string]any{"name": "Переименована"}}, nil); e != nil {
		t.Fatal(e)
	}
	if got := other.pushed(time.Second); len(got) != 1 || got[0].Type != api.TypeChanged {
		t.Fatalf("the admin's other tab got %+v, want one change", got)
	}
	if got := admin.pushed(300 * time.Millisecond); len(got) != 0 {
		t.Fatalf("the saving tab heard its own change again: %+v", got)
	}
	if got := key.pushed(300 * time.Millisecond); len(got) != 0 {
		t.Fatalf("key user of D1 heard of D2's change: %+v", got)
	}
	// A change to D1's row reaches both, within a second.
	first := all.Rows[0]
	if e := admin.call(api.TypeSave, api.SaveRequest{Catalog: "local_outlets", ID: first.ID, Version: first.Version, Values: map[string]any{"name": "Тоже"}}, nil); e != nil {
		t.Fatal(e)
	}
	if got := key.pushed(time.Second); len(got) != 1 || got[0].Type != api.TypeChanged {
		t.Fatalf("key user got %+v, want the change of their row", got)
	}
	// The key user cannot reach D2's row by id either.
	if e := key.call(api.TypeGet, api.GetRequest{Catalog: "local_outlets", ID: second.ID}, nil); e == nil || e.Code != api.CodeNotFound {
		t.Fatalf("get another distributor's row: %+v", e)
	}
	// A validation error comes back with the fields.
	e := key.call(api.TypeSave, api.SaveRequest{Catalog: "personnel", Values: map[string]any{"last_name": "Шевченко", "first_name": "Taras", "employer_type": "agency"}}, nil)
	if e == nil || e.Code != api.CodeValidation || e.Fields["last_name"] != "latin_only" {
		t.Fatalf("Cyrillic name: %+v", e)
	}
}

func TestExportOverHTTP(t *testing.T) {
	ts := mustServer(t, nil)
	if _, err := ts.catalog.Load("distributors", []map[string]any{{"code": "D1", "name": "Первый"}}, "test"); err != nil {
		t.Fatal(err)
	}
	c, _, _ := ts.login(t, adminPassword)
	body := api.ExportRequest{Catalog: "distributors", Columns: []string{"code", "name"}, Format: api.ExportCSV, Lang: "ru"}
	resp, _ := ts.post(t, c, api.PathExport, ts.http.URL, body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "filename*=UTF-8''") {
		t.Fatalf("export: %d %v", resp.StatusCode, resp.Header)
	}
	if resp, e := ts.post(t, ts.client(t), api.PathExport, ts.http.URL, body); resp.StatusCode != 401 || e.Code != api.CodeUnauthorized {
		t.Fatalf("export without a session: %d %+v", resp.StatusCode, e)
	}
	if resp, e := ts.post(t, c, api.PathExport, "https://evil.example", body); resp.StatusCode != 403 || e.Code != api.CodeBadOrigin {
		t.Fatalf("export from another site: %d %+v", resp.StatusCode, e)
	}
	body.Format = "doc"
	if resp, e := ts.post(t, c, api.PathExport, ts.http.URL, body); resp.StatusCode != 400 || e.Code != api.CodeBadRequest {
		t.Fatalf("bad format: %d %+v", resp.StatusCode, e)
	}
}

func TestSettingsFollowTheUserToOtherTabs(t *testing.T) {
	ts := mustServer(t, nil)
	tab1 := ts.socketAs(t, "admin", adminPassword)
	tab2 := ts.socketAs(t, "admin", adminPassword)
	l := api.Layout{Columns: []api.ColumnLayout{{Field: "name", Width: 300}, {Field: "code"}}, Sort: []api.SortKey{{Field: "code", Desc: true}}}
	if e := tab1.call(api.TypeSettingsSave, api.FormSettings{Catalog: "outlets", Layout: &l}, nil); e != nil {
		t.Fatal(e)
	}
	got := tab2.pushed(time.Second)
	if len(got) != 1 || got[0].Type != api.TypeSettingsChanged {
		t.Fatalf("other tab got %+v, want settings_changed", got)
	}
	if mine := tab1.pushed(200 * time.Millisecond); len(mine) != 0 {
		t.Fatalf("the saving tab was told of its own change: %+v", mine)
	}
	var back api.FormSettings
	tab2.call(api.TypeSettings, api.SettingsRequest{Catalog: "outlets"}, &back)
	if back.Layout == nil || back.Layout.Columns[0].Width != 300 {
		t.Fatalf("settings read back: %+v", back)
	}
	var v api.View
	if e := tab1.call(api.TypeViewSave, api.ViewSave{Catalog: "outlets", Name: "Широкая", Layout: l}, &v); e != nil || v.ID == "" {
		t.Fatalf("save view: %+v %+v", v, e)
	}
	if got := tab2.pushed(time.Second); len(got) != 1 || got[0].Type != api.TypeViewsChanged {
		t.Fatalf("other tab got %+v, want views_changed", got)
	}
}
