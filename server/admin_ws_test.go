package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"webtool/server/api"
)

// newUserThroughLink has the administrator create a user (no mail server:
// the link comes back once) and the user set their password through it;
// it returns the user's signed-in HTTP client.
func newUserThroughLink(t *testing.T, ts *testServer, admin *socket, u api.AdminUser, pw string) *http.Client {
	t.Helper()
	var saved api.UserSaved
	if e := admin.call(api.TypeUserSave, api.UserSave{New: true, User: u}, &saved); e != nil {
		t.Fatalf("create %s: %+v", u.Login, e)
	}
	if saved.Link == nil || saved.Link.Mailed || saved.Link.URL == "" {
		t.Fatalf("create %s without a mail server: link %+v, want its URL shown once", u.Login, saved.Link)
	}
	link, err := url.Parse(saved.Link.URL)
	if err != nil || link.Path != api.PagePasswordSet {
		t.Fatalf("link %q", saved.Link.URL)
	}
	c := ts.client(t)
	resp, e := ts.post(t, c, api.PathPasswordSet, ts.http.URL, api.PasswordSet{Token: link.Query().Get("token"), Password: pw})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("set password of %s: %d %+v", u.Login, resp.StatusCode, e)
	}
	// The link works once.
	resp, e = ts.post(t, ts.client(t), api.PathPasswordSet, ts.http.URL, api.PasswordSet{Token: link.Query().Get("token"), Password: pw + "x"})
	if resp.StatusCode != http.StatusGone || e.Code != api.CodeLinkInvalid {
		t.Fatalf("the link used again: %d %+v, want 410 link_invalid", resp.StatusCode, e)
	}
	return c
}

// postFor posts body from our own origin and decodes a 200 reply into out.
func (ts *testServer) postFor(t *testing.T, c *http.Client, path string, body, out any) int {
	t.Helper()
	b, _ := json.Marshal(body)
	resp := ts.send(t, c, "POST", path, ts.http.URL, bytes.NewReader(b))
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	return resp.StatusCode
}

// userSocket opens a socket of the signed-in client c.
func (ts *testServer) userSocket(t *testing.T, c *http.Client) *socket {
	t.Helper()
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

// waitPush waits up to d for a push of type typ.
func (s *socket) waitPush(typ string, d time.Duration) bool {
	s.t.Helper()
	deadline := time.After(d)
	for _, p := range s.pushes {
		if p.Type == typ {
			return true
		}
	}
	for {
		select {
		case env, ok := <-s.in:
			if !ok {
				return false
			}
			if env.ID == 0 {
				s.pushes = append(s.pushes, env)
				if env.Type == typ {
					return true
				}
			}
		case <-deadline:
			return false
		}
	}
}

// A role taken away from a user's open sockets applies at once: both
// sockets hear rights_changed within a second and the next query is
// refused; the administrator's socket hears nothing.
func TestRoleChangeReachesOpenSockets(t *testing.T) {
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
	admin := ts.socketAs(t, "admin", adminPassword)
	var clerk api.Role
	role := api.Role{Key: "clerk", Label: api.LocalText{RU: "Клерк", EN: "Clerk"}, Default: api.LevelRead, Rights: []string{api.RightExport}}
	if e := admin.call(api.TypeRoleSave, api.RoleSave{New: true, Role: role}, &clerk); e != nil {
		t.Fatal(e)
	}
	c := newUserThroughLink(t, ts, admin, api.AdminUser{Login: "clerk1", Name: "Клерк Первый", Roles: []string{"clerk"},
		SyncPoints: []api.Ref{{ID: dists[0]}}}, "a quiet harbour at dawn")
	tab1, tab2 := ts.userSocket(t, c), ts.userSocket(t, c)
	var page api.QueryReply
	if e := tab1.call(api.TypeQuery, api.QueryRequest{Catalog: "local_outlets", Limit: 10}, &page); e != nil {
		t.Fatal(e)
	}
	if page.Total != 1 || page.Rows[0].Values["name"] != "Точка первого" {
		t.Fatalf("the new user of D1 sees %+v", page)
	}

	clerk.Catalogs = map[string]string{"local_outlets": api.LevelNone}
	if e := admin.call(api.TypeRoleSave, api.RoleSave{Role: clerk, Based: clerk.Version}, &clerk); e != nil {
		t.Fatal(e)
	}
	for i, tab := range []*socket{tab1, tab2} {
		if !tab.waitPush(api.TypeRightsChanged, time.Second) {
			t.Fatalf("tab %d did not hear rights_changed within a second", i+1)
		}
	}
	if e := tab1.call(api.TypeQuery, api.QueryRequest{Catalog: "local_outlets", Limit: 10}, nil); e == nil || e.Code != api.CodeNotFound {
		t.Fatalf("query after the right was taken: %+v, want not_found", e)
	}
	var hello api.Hello
	tab2.call(api.TypeHello, nil, &hello)
	for _, g := range hello.Navigation {
		for _, it := range g.Items {
			if it.Key == "local_outlets" {
				t.Fatal("the navigation still lists the catalog taken away")
			}
		}
	}
	if admin.waitPush(api.TypeRightsChanged, 100*time.Millisecond) {
		t.Error("the administrator heard of a change to a role they do not hold")
	}
}

// Deactivating a user closes their open socket at once, saying why, and
// their sign-in then fails exactly like a wrong password.
func TestDeactivationEndsTheSessionAtOnce(t *testing.T) {
	ts := mustServer(t, nil)
	admin := ts.socketAs(t, "admin", adminPassword)
	c := newUserThroughLink(t, ts, admin, api.AdminUser{Login: "gone", Name: "Уходящий", Roles: []string{"viewer"}}, "a quiet harbour at dawn")
	ws := ts.mustDial(t, c)
	var saved api.UserSaved
	if e := admin.call(api.TypeUserAction, api.UserAction{Login: "gone", Action: api.ActionDeactivate}, &saved); e != nil {
		t.Fatal(e)
	}
	if saved.User.Status != api.UserDeactivated || saved.Ended != 1 {
		t.Fatalf("deactivated: %+v ended %d", saved.User.Status, saved.Ended)
	}
	pushed, err := readUntilClosed(t, ws)
	if !websocket.IsCloseError(err, websocket.ClosePolicyViolation, api.CloseSessionEnded) && len(pushed) == 0 {
		t.Fatalf("socket of a deactivated user: %v", err)
	}
	if len(pushed) == 0 || pushed[len(pushed)-1].Type != api.TypeSessionEnded {
		t.Fatalf("pushed before closing: %+v, want session_ended", pushed)
	}
	_, wrong := ts.post(t, ts.client(t), api.PathLogin, ts.http.URL, api.LoginRequest{Login: "nobody-at-all", Password: "whatever-password"})
	resp, e := ts.post(t, ts.client(t), api.PathLogin, ts.http.URL, api.LoginRequest{Login: "gone", Password: "a quiet harbour at dawn"})
	if resp.StatusCode != http.StatusUnauthorized || e.Code != wrong.Code || e.Message != wrong.Message {
		t.Fatalf("sign-in of a deactivated user: %d %+v, want what a wrong password gets: %+v", resp.StatusCode, e, wrong)
	}
}

// The password endpoints: a weak password is refused with its field code
// and the link still works; the meter rates with the link's user guessable.
func TestPasswordEndpoints(t *testing.T) {
	ts := mustServer(t, nil)
	admin := ts.socketAs(t, "admin", adminPassword)
	var saved api.UserSaved
	if e := admin.call(api.TypeUserSave, api.UserSave{New: true, User: api.AdminUser{Login: "petrov", Name: "Пётр Петров", Roles: []string{"viewer"}}}, &saved); e != nil {
		t.Fatal(e)
	}
	link, _ := url.Parse(saved.Link.URL)
	token := link.Query().Get("token")
	c := ts.client(t)
	var info api.PasswordLinkInfo
	if status := ts.postFor(t, c, api.PathPasswordLink, api.PasswordLinkCheck{Token: token}, &info); status != http.StatusOK {
		t.Fatalf("link check: %d", status)
	}
	if info.Login != "petrov" || !info.First {
		t.Fatalf("link info %+v", info)
	}
	for pw, code := range map[string]api.Code{"short": api.FieldTooShort, "password1": api.FieldCommonPassword, "petrov123": api.FieldLikeLogin} {
		resp, e := ts.post(t, c, api.PathPasswordSet, ts.http.URL, api.PasswordSet{Token: token, Password: pw})
		if resp.StatusCode != http.StatusUnprocessableEntity || e.Fields["password"] != code {
			t.Errorf("password %q: %d %+v, want 422 %s", pw, resp.StatusCode, e, code)
		}
	}
	var st api.PasswordStrength
	ts.postFor(t, c, api.PathPasswordStrength, api.PasswordStrengthRequest{Password: "petrov123", Token: token}, &st)
	if st.Problem != api.FieldLikeLogin || st.Score > 1 {
		t.Errorf("strength of the login: %+v", st)
	}
	if resp, e := ts.post(t, c, api.PathPasswordSet, ts.http.URL, api.PasswordSet{Token: token, Password: "a quiet harbour at dawn"}); resp.StatusCode != http.StatusOK {
		t.Fatalf("a good password after weak ones: %d %+v", resp.StatusCode, e)
	}
	if resp, e := ts.post(t, c, api.PathPasswordLink, ts.http.URL, api.PasswordLinkCheck{Token: token}); resp.StatusCode != http.StatusGone || e.Code != api.CodeLinkInvalid {
		t.Fatalf("a used link checked: %d %+v", resp.StatusCode, e)
	}
	// Forgetting answers the same for anyone.
	for _, login := range []string{"petrov", "nobody"} {
		if resp, _ := ts.post(t, c, api.PathPasswordForgot, ts.http.URL, api.PasswordForgot{Login: login}); resp.StatusCode != http.StatusAccepted {
			t.Errorf("forgot %s: %d, want 202", login, resp.StatusCode)
		}
	}
}
