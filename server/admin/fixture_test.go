package admin_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"webtool/server/access"
	"webtool/server/admin"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/mail"
	"webtool/server/store"
	"webtool/server/store/storetest"
)

// clock is a fake time source tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// distributors are the live distributors of a test: a plain map, not a
// stand-in for any outside system.
type distributors map[string]api.Ref

func (d distributors) Ref(id string) (api.Ref, bool) { r, ok := d[id]; return r, ok }

var testDistributors = distributors{
	"D1": {ID: "D1", Label: "Альфа Дистрибуция", Code: "ALPHA"},
	"D2": {ID: "D2", Label: "Бета Трейд", Code: "BETA"},
}

var testCatalogs = []api.RoleCatalog{
	{Key: "outlets", Label: api.LocalText{RU: "Торговые точки", EN: "Outlets"}, Group: "global", Max: api.LevelRead},
	{Key: "local_outlets", Label: api.LocalText{RU: "Локальные точки", EN: "Local outlets"}, Group: "local", Max: api.LevelDelete},
	{Key: "local_products", Label: api.LocalText{RU: "Локальные продукты", EN: "Local products"}, Group: "local", Max: api.LevelDelete},
}

var testAuthConfig = auth.Config{
	Lockout:     auth.Lockout{Attempts: 3, Window: 15 * time.Minute},
	SessionIdle: 30 * time.Minute,
	SessionMax:  12 * time.Hour,
}

const (
	bossPassword = "correct horse battery"
	linkBase     = "https://webtool.example/password?token="
	addr         = "192.0.2.7"
)

type fixture struct {
	db    *store.DB
	clock *clock
	auth  *auth.Service
	book  *access.Book
	svc   *admin.Service
}

// mustFixture opens a store with one administrator, "boss", and an
// administration service that mails through sender (nil: no mail).
func mustFixture(tb testing.TB, sender mail.Sender) *fixture {
	tb.Helper()
	f := &fixture{db: storetest.MustOpen(tb), clock: &clock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}}
	var err error
	if f.auth, err = auth.Open(f.db, auth.NewHasher(auth.Params{MemoryKiB: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, 2), testAuthConfig, f.clock.Now); err != nil {
		tb.Fatal(err)
	}
	if f.book, err = access.OpenBook(f.db, access.RightInfos([]api.RightInfo{{Key: "sales", Label: api.LocalText{RU: "Продажи", EN: "Sales"}}}, nil)); err != nil {
		tb.Fatal(err)
	}
	f.svc = admin.New(admin.Deps{DB: f.db, Auth: f.auth, Book: f.book, Mail: sender, Distributors: testDistributors,
		Catalogs: func() []api.RoleCatalog { return testCatalogs },
		LinkURL:  func(token string) string { return linkBase + token }, Now: f.clock.Now})
	f.mustUserWithPassword(tb, "boss", "Борис Главный", "admin")
	return f
}

// mustUserWithPassword adds a user who can sign in with bossPassword.
func (f *fixture) mustUserWithPassword(tb testing.TB, login, name string, roles ...string) {
	tb.Helper()
	if _, err := f.auth.CreateUser(auth.NewUser{Login: login, Name: name, Password: bossPassword, Roles: roles}, "test", ""); err != nil {
		tb.Fatal(err)
	}
}

// as is the principal of login as the book sees it now.
func (f *fixture) as(tb testing.TB, login string) access.Principal {
	tb.Helper()
	var u auth.User
	if err := f.db.View(func(tx *store.Tx) (err error) {
		var ok bool
		u, ok, err = auth.GetUser(tx, login)
		if err == nil && !ok {
			err = errors.New("no user " + login)
		}
		return err
	}); err != nil {
		tb.Fatal(err)
	}
	return f.book.Principal(u.Login, u.Roles, u.SyncPoints)
}

func (f *fixture) boss(tb testing.TB) access.Principal { return f.as(tb, "boss") }

// mustLogin signs login in with bossPassword and returns the token.
func (f *fixture) mustLogin(tb testing.TB, login string) (string, auth.Session) {
	tb.Helper()
	tok, sess, _, err := f.auth.Login(login, bossPassword, addr, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
	if err != nil {
		tb.Fatalf("sign in %s: %v", login, err)
	}
	return tok, sess
}

func newUser(login, name string, roles ...string) api.UserSave {
	return api.UserSave{New: true, User: api.AdminUser{Login: login, Name: name, Roles: roles}}
}

func (f *fixture) mustSave(tb testing.TB, p access.Principal, req api.UserSave) (api.UserSaved, admin.Effect) {
	tb.Helper()
	out, eff, err := f.svc.SaveUser(p, addr, req)
	if err != nil {
		tb.Fatalf("save user %s: %v", req.User.Login, err)
	}
	return out, eff
}

func (f *fixture) mustRole(tb testing.TB, p access.Principal, r api.Role) api.Role {
	tb.Helper()
	out, _, err := f.svc.SaveRole(p, addr, api.RoleSave{Role: r, New: true})
	if err != nil {
		tb.Fatalf("create role %s: %v", r.Key, err)
	}
	return out
}

// edit is the save of u's current form with change applied.
func edit(u api.AdminUser, change func(*api.AdminUser)) api.UserSave {
	change(&u)
	return api.UserSave{User: u, Based: u.Version}
}

func codeOf(err error) api.Code {
	if err == nil {
		return ""
	}
	return api.ErrorCode(err)
}

func fieldsOf(err error) map[string]api.Code {
	var e *api.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// audit returns the records about target, oldest first.
func (f *fixture) audit(tb testing.TB, target string) []store.AuditRecord {
	tb.Helper()
	var out []store.AuditRecord
	if err := f.db.View(func(tx *store.Tx) (err error) { out, err = tx.AuditFor(target, 1000); return err }); err != nil {
		tb.Fatal(err)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// allAudit is every audit record.
func (f *fixture) allAudit(tb testing.TB) []store.AuditRecord {
	tb.Helper()
	var out []store.AuditRecord
	if err := f.db.View(func(tx *store.Tx) (err error) { out, err = tx.AuditTail(100000); return err }); err != nil {
		tb.Fatal(err)
	}
	return out
}

func findAction(rs []store.AuditRecord, action string) (store.AuditRecord, bool) {
	for _, r := range rs {
		if r.Action == action {
			return r, true
		}
	}
	return store.AuditRecord{}, false
}

// tokenOf takes the token out of a link.
func tokenOf(tb testing.TB, link string) string {
	tb.Helper()
	i := strings.Index(link, linkBase)
	if i < 0 {
		tb.Fatalf("no link in %q", link)
	}
	tok := link[i+len(linkBase):]
	if j := strings.IndexAny(tok, " \r\n"); j >= 0 {
		tok = tok[:j]
	}
	return tok
}

// noSecrets fails when an audit record carries token (or a hash).
func (f *fixture) noSecrets(tb testing.TB, token string) {
	tb.Helper()
	for _, r := range f.allAudit(tb) {
		all := r.Action + r.Target + r.Detail + r.Result
		if (token != "" && strings.Contains(all, token)) || strings.Contains(all, "argon2") {
			tb.Errorf("audit record %s carries a secret: %+v", r.Action, r)
		}
	}
}

func asAPI(err error) *api.Error {
	var e *api.Error
	if !errors.As(err, &e) {
		return &api.Error{}
	}
	return e
}
