package server

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/catalog"
	"webtool/server/ops"
	"webtool/server/store"
)

// getBackup asks for a backup with c (nil: no session) from origin ("":
// none) and writes a 200's body to path.
func (ts *testServer) getBackup(t *testing.T, c *http.Client, origin, path string) *http.Response {
	t.Helper()
	if c == nil {
		c = ts.client(t)
	}
	resp := ts.send(t, c, "GET", api.PathBackup, origin, nil)
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if n, err := io.Copy(f, resp.Body); err != nil || n != resp.ContentLength {
			t.Fatalf("backup body: %d of %d bytes, %v", n, resp.ContentLength, err)
		}
	}
	return resp
}

func (ts *testServer) auditActions(t *testing.T, action string) []store.AuditRecord {
	var out []store.AuditRecord
	ts.db.View(func(tx *store.Tx) error {
		tail, err := tx.AuditTail(1000)
		for _, r := range tail {
			if r.Action == action {
				out = append(out, r)
			}
		}
		return err
	})
	return out
}

// The backup endpoint serves administrators only, from this site or a
// non-browser client, as a file download, and audits every answer.
func TestBackupEndpointIsForAdministrators(t *testing.T) {
	ts := mustServer(t, nil)
	dir := t.TempDir()
	if _, err := ts.auth.CreateUser(auth.NewUser{Login: "viewer1", Name: "V", Password: "viewer-password-1", Roles: []string{"viewer"}}, "admin", ""); err != nil {
		t.Fatal(err)
	}
	viewer := ts.client(t)
	if resp, e := ts.post(t, viewer, api.PathLogin, ts.http.URL, api.LoginRequest{Login: "viewer1", Password: "viewer-password-1"}); resp.StatusCode != 200 {
		t.Fatalf("viewer login: %+v", e)
	}
	admin, _, _ := ts.login(t, adminPassword)
	for _, tc := range []struct {
		name   string
		c      *http.Client
		origin string
		want   int
	}{
		{"no session", nil, "", http.StatusUnauthorized},
		{"another site", admin, "https://evil.example", http.StatusForbidden},
		{"a viewer", viewer, "", http.StatusForbidden},
		{"an administrator", admin, "", http.StatusOK},
		{"an administrator's page", admin, ts.http.URL, http.StatusOK},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".db")
		resp := ts.getBackup(t, tc.c, tc.origin, path)
		if resp.StatusCode != tc.want {
			t.Fatalf("%s: %d, want %d", tc.name, resp.StatusCode, tc.want)
		}
		if tc.want != http.StatusOK {
			continue
		}
		if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="webtool-`) {
			t.Errorf("%s: Content-Disposition %q", tc.name, cd)
		}
		if rep, err := ops.Check(path, ""); err != nil || !rep.OK() {
			t.Fatalf("%s: the backup does not pass the check: %v %v", tc.name, rep, err)
		}
	}
	// A backup is audited once it is sent, so the client may read the
	// trail a moment before the last record is there.
	var results map[string]int
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		results = map[string]int{}
		for _, r := range ts.auditActions(t, "store.backup") {
			results[r.Actor+" "+r.Result]++
		}
		if results["admin ok"] == 2 || time.Now().After(deadline) {
			break
		}
	}
	if results["admin ok"] != 2 || results["viewer1 denied"] != 1 || len(results) != 2 {
		t.Fatalf("audit of backups: %v", results)
	}
}

// The restore drill: while 20 writers save records through the running
// server, a hot backup is taken through the endpoint, restored to a new
// file with the restore command's function, passes the check, and holds
// every write acknowledged before the backup began.
func TestRestoreDrill(t *testing.T) {
	ts := mustServer(t, nil)
	dir := t.TempDir()
	c, _, _ := ts.login(t, adminPassword)
	admin := access.NewPrincipal("admin", []string{"admin"}, nil)
	const writers = 20
	var (
		mu      sync.Mutex
		acked   = map[string]bool{}
		stop    = make(chan struct{})
		running sync.WaitGroup
		started sync.WaitGroup // each writer has had 5 writes acknowledged
	)
	started.Add(writers)
	for w := range writers {
		running.Add(1)
		go func() {
			defer running.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				code := fmt.Sprintf("W%02d-%05d", w, n)
				if _, err := ts.catalog.Save(admin, "", api.SaveRequest{Catalog: "distributors",
					Values: map[string]any{"code": code, "name": "Drill " + code}}); err != nil {
					t.Errorf("writer %d: %v", w, err)
					started.Done()
					return
				}
				mu.Lock()
				acked[code] = true
				mu.Unlock()
				if n == 4 {
					started.Done()
				}
			}
		}()
	}
	started.Wait()
	mu.Lock()
	before := maps.Clone(acked)
	mu.Unlock()
	backup := filepath.Join(dir, "backup.db")
	resp := ts.getBackup(t, c, "", backup)
	mu.Lock()
	during := len(acked) - len(before)
	mu.Unlock()
	close(stop)
	running.Wait()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("backup: %s", resp.Status)
	}
	t.Logf("%d writes acknowledged before the backup, %d while it was taken", len(before), during)

	restored := filepath.Join(dir, "restored", "w.db")
	os.Mkdir(filepath.Dir(restored), 0o700)
	if kept, err := ops.Restore(backup, restored, time.Now()); err != nil || kept != "" {
		t.Fatalf("restore = %q, %v", kept, err)
	}
	rep, err := ops.Check(restored, "")
	if err != nil || !rep.OK() {
		t.Fatalf("check of the restored file: %v %v", rep, err)
	}
	db, err := store.Open(restored, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cat, err := catalog.Open(db, catalog.Definitions(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := cat.IDs("distributors")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, id := range ids {
		r, err := cat.Get(admin, "distributors", id)
		if err != nil {
			t.Fatal(err)
		}
		have[fmt.Sprint(r.Values["code"])] = true
	}
	for code := range before {
		if !have[code] {
			t.Errorf("write %s, acknowledged before the backup began, is not in it", code)
		}
	}
}

// `webtool backup -url` signs in, streams the copy and signs out; a
// refusal comes back with the server's own words.
func TestBackupURL(t *testing.T) {
	ts := mustServer(t, nil)
	dir := t.TempDir()
	out := filepath.Join(dir, "hot.db")
	n, err := ops.BackupURL(context.Background(), ts.http.URL, "admin", adminPassword, out)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(out); err != nil || st.Size() != n || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v, want %d bytes, mode 0600", st, err, n)
	}
	if rep, err := ops.Check(out, ""); err != nil || !rep.OK() {
		t.Fatalf("the hot backup fails the check: %v %v", rep, err)
	}
	if _, err := ops.BackupURL(context.Background(), ts.http.URL, "admin", adminPassword, out); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("a second backup over the first = %v", err)
	}
	if _, err := ops.BackupURL(context.Background(), ts.http.URL, "admin", "wrong-password-1", filepath.Join(dir, "x.db")); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("a wrong password = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.db")); err == nil {
		t.Fatal("a refused backup left a file")
	}
	logouts := 0
	for _, r := range ts.auditActions(t, "session.end") {
		if r.Result == "logout" {
			logouts++
		}
	}
	if logouts != 1 {
		t.Errorf("%d sign-outs audited, want the backup's session ended (1)", logouts)
	}
}
