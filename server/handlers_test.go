package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/store"
)

func TestRegistryNamesEachMessageOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range registry {
		if e.Name == "" || e.reply == "" || e.serve == nil {
			t.Errorf("entry %+v is incomplete", e)
		}
		if seen[e.Name] {
			t.Errorf("message %q is registered twice", e.Name)
		}
		seen[e.Name] = true
	}
	if len(entries) != len(registry) {
		t.Errorf("%d entries found by name, %d registered", len(entries), len(registry))
	}
}

// Every registered message answers a request of "{}" with a reply or an
// error of its own, never a failure of the server (a handler that panics
// on the zero request is answered internal).
func TestEveryMessageAnswersAnEmptyRequest(t *testing.T) {
	var logs syncBuffer
	ts := mustServerLog(t, nil, io.Discard, &logs)
	ws := ts.socketAs(t, "admin", adminPassword)
	for _, e := range registry {
		ws.id++
		if err := ws.ws.WriteJSON(api.Envelope{ID: ws.id, Type: e.Name, Data: []byte("{}")}); err != nil {
			t.Fatal(err)
		}
		env := ws.next()
		if env.ID != ws.id {
			t.Fatalf("%s: reply to %d, want %d", e.Name, env.ID, ws.id)
		}
		if c := errCode(env); env.Type == api.TypeError && (c == api.CodeInternal || c == api.CodeUnknownType) {
			t.Errorf("%s {}: %s", e.Name, env.Data)
		} else if env.Type != api.TypeError && env.Type != e.reply {
			t.Errorf("%s {}: reply type %q, want %q", e.Name, env.Type, e.reply)
		}
	}
	if strings.Contains(logs.String(), "panic") {
		t.Errorf("a handler panicked:\n%s", logs.String())
	}
}

// next returns the next reply, keeping pushes aside.
func (s *socket) next() api.Envelope {
	s.t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case env := <-s.in:
			if env.ID != 0 {
				return env
			}
			s.pushes = append(s.pushes, env)
		case <-timeout:
			s.t.Fatal("no reply")
		}
	}
}

// storeDigest returns a hash of every bucket's content but the sessions'
// (each request touches its session), taken from a hot backup of the
// store, by bucket name.
func storeDigest(t *testing.T, ts *testServer) map[string]string {
	t.Helper()
	var backup bytes.Buffer
	if err := ts.db.Backup(&backup, func(int64) {}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, backup.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]string{}
	var walk func(h io.Writer, b *bolt.Bucket)
	walk = func(h io.Writer, b *bolt.Bucket) {
		b.ForEach(func(k, v []byte) error {
			h.Write(k)
			h.Write([]byte{0})
			if v == nil {
				walk(h, b.Bucket(k))
			} else {
				h.Write(v)
			}
			h.Write([]byte{0})
			return nil
		})
	}
	db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if string(name) != string(store.Sessions) {
				h := sha256.New()
				walk(h, b)
				out[string(name)] = hex.EncodeToString(h.Sum(nil))
			}
			return nil
		})
	})
	return out
}

func changedBuckets(before, after map[string]string) []string {
	var out []string
	for name, h := range after {
		if before[name] != h {
			out = append(out, name)
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			out = append(out, name)
		}
	}
	return out
}

// A read-only session is refused every message that changes data or acts
// with a write right, at dispatch, with forbidden, and the store does not
// change; the same requests from the same session made writable again all
// succeed, so the refusal is dispatch's, not a bad request's. The session
// is an administrator's, whom no service would refuse.
func TestReadOnlySessionIsRefusedEveryWrite(t *testing.T) {
	ts, positions := mmServer(t, nil, io.Discard, io.Discard)
	var readOnly atomic.Bool
	ts.hub.readOnly = func(auth.Session) bool { return readOnly.Load() }
	ws := ts.socketAs(t, "admin", adminPassword)
	mm, _ := newMMUser(t, ws, positions[0], "ivanov", "active")
	dists, err := ts.catalog.Load("distributors", []map[string]any{{"code": "D2", "name": "Без ссылок"}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	layout := api.Layout{Columns: []api.ColumnLayout{{Field: "name"}}}
	var view api.View
	if e := ws.call(api.TypeViewSave, api.ViewSave{Catalog: "distributors", Name: "Общий", Layout: layout}, &view); e != nil {
		t.Fatal(e)
	}
	version := func() uint64 {
		var r api.Record
		if e := ws.call(api.TypeGet, api.GetRequest{Catalog: "distributors", ID: dists[0]}, &r); e != nil {
			t.Fatal(e)
		}
		return r.Version
	}
	ref := func() any { return api.RecordRef{Catalog: "distributors", ID: dists[0], Version: version()} }
	// In an order in which each succeeds for a writer.
	requests := []struct {
		typ  string
		data func() any
	}{
		{api.TypeNew, func() any { return api.NewRequest{Catalog: "distributors"} }},
		{api.TypeSave, func() any {
			return api.SaveRequest{Catalog: "distributors", ID: dists[0], Version: version(), Values: map[string]any{"name": "Переименован"}}
		}},
		{api.TypeDelete, ref},
		{api.TypeRestore, ref},
		{api.TypePinGenerate, func() any { return api.PinGenerateRequest{Catalog: "mm_users", ID: mm.ID, Field: "pin"} }},
		{api.TypePinReveal, func() any { return api.PinRevealRequest{Catalog: "mm_users", ID: mm.ID, Field: "pin"} }},
		{api.TypeSettingsSave, func() any { return api.FormSettings{Catalog: "distributors", Layout: &layout} }},
		{api.TypeSettingsReset, func() any { return api.SettingsRequest{Catalog: "distributors"} }},
		{api.TypeViewSave, func() any { return api.ViewSave{Catalog: "distributors", Name: "Мой", Layout: layout} }},
		{api.TypeViewDefault, func() any { return api.ViewDefault{Catalog: "distributors", ID: view.ID} }},
		{api.TypeViewShare, func() any { return api.ViewShare{ID: view.ID, Roles: []string{"viewer"}} }},
		{api.TypeViewDelete, func() any { return api.ViewRef{ID: view.ID} }},
		{api.TypeFavoritesSave, func() any { return api.Favorites{Catalogs: []string{"distributors"}} }},
		{api.TypeRoleSave, func() any {
			return api.RoleSave{New: true, Role: api.Role{Key: "clerk", Label: api.LocalText{RU: "Клерк"}, Default: api.LevelRead}}
		}},
		{api.TypeRoleDelete, func() any { return api.RoleRef{Key: "clerk"} }},
		{api.TypeUserSave, func() any {
			return api.UserSave{New: true, User: api.AdminUser{Login: "newbie", Name: "Новичок", Roles: []string{"viewer"}}}
		}},
		{api.TypeUserAction, func() any { return api.UserAction{Login: "newbie", Action: api.ActionSignOut} }},
		{api.TypeSessionEnd, func() any { return api.SessionEnd{Others: true} }},
		{api.TypePasswordChange, func() any { return api.PasswordChange{Current: adminPassword, New: "a quiet harbour at dawn 42"} }},
	}
	request := map[string]func() any{}
	for _, r := range requests {
		request[r.typ] = r.data
	}

	before := storeDigest(t, ts)
	readOnly.Store(true)
	refused := 0
	for _, e := range registry {
		if !e.writes() {
			continue
		}
		refused++
		data, ok := request[e.Name]
		if !ok {
			t.Errorf("%s writes: add a request for it to this test", e.Name)
			continue
		}
		if err := ws.call(e.Name, data(), nil); err == nil || err.Code != api.CodeForbidden {
			t.Errorf("%s from a read-only session: %+v, want forbidden", e.Name, err)
		}
	}
	if refused != len(requests) {
		t.Errorf("%d messages write, the test sends %d: the registry and the test disagree", refused, len(requests))
	}
	var hello api.Hello
	if e := ws.call(api.TypeHello, nil, &hello); e != nil || hello.User.Login != "admin" {
		t.Errorf("a read-only session may still look: %+v", e)
	}
	if changed := changedBuckets(before, storeDigest(t, ts)); len(changed) > 0 {
		t.Errorf("refused messages changed the buckets %q", changed)
	}

	readOnly.Store(false)
	for _, r := range requests {
		if e := ws.call(r.typ, r.data(), nil); e != nil {
			t.Errorf("%s from the session made writable: %+v", r.typ, e)
		}
	}
	if len(changedBuckets(before, storeDigest(t, ts))) == 0 {
		t.Error("the writes changed nothing either: the digest sees nothing")
	}
}

// A message that needs a special right is refused at dispatch to a user
// without it (a viewer holds none of those the registry declares).
func TestMessagesNeedingARightAreRefusedToOthers(t *testing.T) {
	ts, _ := mmServer(t, nil, io.Discard, io.Discard)
	ws := ts.socketAs(t, "viewer", "viewer-password")
	checked := 0
	for _, e := range registry {
		if len(e.Rights) == 0 {
			continue
		}
		checked++
		if err := ws.call(e.Name, struct{}{}, nil); err == nil || err.Code != api.CodeForbidden {
			t.Errorf("%s from a viewer: %+v, want forbidden", e.Name, err)
		}
	}
	if checked < 8 {
		t.Errorf("only %d messages declare a right: the registry lost its administration entries", checked)
	}
}
