package views_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"webtool/app/state"
	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/catalog"
	"webtool/server/store"
	"webtool/server/store/storetest"
	"webtool/server/views"
)

var (
	admin  = access.NewPrincipal("admin", []string{"admin"}, nil)
	ivanov = access.NewPrincipal("ivanov", []string{"key_user"}, []string{"D1"})
	petrov = access.NewPrincipal("petrov", []string{"key_user"}, []string{"D1"})
	viewer = access.NewPrincipal("viewer", []string{"viewer"}, []string{"D1"})
)

// mustViews opens the manual's catalogs and their views over db.
func mustViews(tb testing.TB, db *store.DB) (*views.Service, *catalog.Service) {
	tb.Helper()
	cat, err := catalog.Open(db, catalog.Definitions(), time.Now)
	if err != nil {
		tb.Fatal(err)
	}
	v, err := views.Open(db, cat, time.Now)
	if err != nil {
		tb.Fatal(err)
	}
	return v, cat
}

func layout(fields ...string) api.Layout {
	l := api.Layout{Sort: []api.SortKey{{Field: "name", Desc: true}}}
	for _, f := range fields {
		l.Columns = append(l.Columns, api.ColumnLayout{Field: f, Width: 150})
	}
	return l
}

func fieldCode(err error, field string) api.Code {
	var e *api.Error
	if errors.As(err, &e) {
		return e.Fields[field]
	}
	return ""
}

func TestFormSettingsPerUser(t *testing.T) {
	v, _ := mustViews(t, storetest.MustOpen(t))
	l := layout("name", "local_code")
	l.Filter = api.Filter{All: []api.Condition{{Field: "outlet", Op: api.OpEmpty}}}
	if _, err := v.SaveSettings(ivanov, "", api.FormSettings{Catalog: "local_outlets", Layout: &l}); err != nil {
		t.Fatal(err)
	}
	got, err := v.Settings(ivanov, "local_outlets")
	if err != nil || got.Layout == nil || len(got.Layout.Columns) != 2 || got.Layout.Filter.All[0].Op != api.OpEmpty {
		t.Fatalf("settings back: %+v %v", got, err)
	}
	if other, _ := v.Settings(petrov, "local_outlets"); other.Layout != nil {
		t.Fatal("one user's settings leak to another")
	}
	bad := layout("name", "no_such_field")
	if _, err := v.SaveSettings(ivanov, "", api.FormSettings{Catalog: "local_outlets", Layout: &bad}); api.ErrorCode(err) != api.CodeBadRequest {
		t.Fatalf("bad column: %v", err)
	}
	if _, err := v.ResetSettings(ivanov, "", "local_outlets"); err != nil {
		t.Fatal(err)
	}
	if got, _ := v.Settings(ivanov, "local_outlets"); got.Layout != nil {
		t.Fatal("reset kept the layout")
	}
}

func TestOwnViews(t *testing.T) {
	v, _ := mustViews(t, storetest.MustOpen(t))
	a, err := v.SaveView(ivanov, "", api.ViewSave{Catalog: "local_outlets", Name: "Мои точки", Layout: layout("name")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.SaveView(ivanov, "", api.ViewSave{Catalog: "local_outlets", Name: " мои ТОЧКИ ", Layout: layout("name")}); fieldCode(err, "name") != api.FieldUnique {
		t.Fatalf("duplicate name (case, spaces): %v", err)
	}
	if _, err := v.SaveView(ivanov, "", api.ViewSave{Catalog: "local_outlets", Name: "  "}); fieldCode(err, "name") != api.FieldRequired {
		t.Fatalf("empty name: %v", err)
	}
	// Another user may use the same name.
	if _, err := v.SaveView(petrov, "", api.ViewSave{Catalog: "local_outlets", Name: "Мои точки", Layout: layout("name")}); err != nil {
		t.Fatal(err)
	}
	// Rename and overwrite.
	renamed, err := v.SaveView(ivanov, "", api.ViewSave{ID: a.ID, Catalog: "local_outlets", Name: "Киев", Layout: layout("name", "address")})
	if err != nil || renamed.Name != "Киев" || len(renamed.Layout.Columns) != 2 || !renamed.Mine {
		t.Fatalf("rename: %+v %v", renamed, err)
	}
	// Nobody else can overwrite or delete it.
	if _, err := v.SaveView(petrov, "", api.ViewSave{ID: a.ID, Catalog: "local_outlets", Name: "Чужой", Layout: layout("name")}); api.ErrorCode(err) != api.CodeNotFound {
		t.Fatalf("overwrite another's view: %v", err)
	}
	if _, err := v.DeleteView(petrov, "", a.ID); api.ErrorCode(err) != api.CodeNotFound {
		t.Fatalf("delete another's view: %v", err)
	}
	list, err := v.SetDefault(ivanov, "", "local_outlets", a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	def := ""
	for _, x := range list.Views {
		names = append(names, x.Name)
		if x.Default {
			def = x.ID
		}
	}
	// Built-in first, then the user's own; petrov's is not listed.
	if len(list.Views) != 2 || !list.Views[0].BuiltIn || list.Views[1].Name != "Киев" || def != a.ID {
		t.Fatalf("views %v, default %q", names, def)
	}
	if list, _ := v.DeleteView(ivanov, "", a.ID); len(list.Views) != 1 {
		t.Fatalf("after delete: %+v", list.Views)
	}
}

// Two tabs saving a view of the same name at once get one view: the name
// check and the write are one transaction, with no lock of the service's
// own.
func TestConcurrentSavesKeepNamesUnique(t *testing.T) {
	v, _ := mustViews(t, storetest.MustOpen(t))
	const tabs = 8
	errs := make(chan error, tabs)
	for range tabs {
		go func() {
			_, err := v.SaveView(ivanov, "", api.ViewSave{Catalog: "local_outlets", Name: "Мои точки", Layout: layout("name")})
			errs <- err
		}()
	}
	saved := 0
	for range tabs {
		switch err := <-errs; {
		case err == nil:
			saved++
		case fieldCode(err, "name") != api.FieldUnique:
			t.Errorf("concurrent save: %v", err)
		}
	}
	list, err := v.Views(ivanov, "local_outlets")
	if err != nil {
		t.Fatal(err)
	}
	if saved != 1 || len(list.Views) != 2 { // the built-in one and ours
		t.Fatalf("%d saves succeeded, %d views listed; want 1 and 2", saved, len(list.Views))
	}
}

// The client and the server agree on how long a view's name may be: a
// name the client lets through (or proposes for a copy) is saved, one
// over the limit is refused as too long.
func TestViewNameLimit(t *testing.T) {
	v, _ := mustViews(t, storetest.MustOpen(t))
	at := strings.Repeat("я", api.MaxViewName) // 2 bytes each: the limit counts characters
	for _, tt := range []struct {
		name string
		want api.Code
	}{
		{at, ""},
		{"  " + strings.Repeat("ю", api.MaxViewName) + "  ", ""}, // trimmed first
		{at + "я", api.FieldTooLong},
	} {
		_, err := v.SaveView(ivanov, "", api.ViewSave{Catalog: "local_outlets", Name: tt.name, Layout: layout("name")})
		if got := fieldCode(err, "name"); got != tt.want || (got == "") != !api.ViewNameTooLong(tt.name) {
			t.Errorf("%d characters: %q (%v), want %q", len([]rune(tt.name)), got, err, tt.want)
		}
	}
	list, err := v.Views(ivanov, "local_outlets")
	if err != nil {
		t.Fatal(err)
	}
	copyName := state.CopyName(at, "копия", list.Views)
	if _, err := v.SaveView(ivanov, "", api.ViewSave{Catalog: "local_outlets", Name: copyName, Layout: layout("name")}); err != nil {
		t.Errorf("the client's name for a copy, %q: %v", copyName, err)
	}
}

func TestSharedViewsAndRights(t *testing.T) {
	v, _ := mustViews(t, storetest.MustOpen(t))
	own, err := v.SaveView(admin, "", api.ViewSave{Catalog: "local_outlets", Name: "Для КП", Layout: layout("name", "distributor")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Share(ivanov, "", own.ID, []string{"key_user"}); api.ErrorCode(err) != api.CodeForbidden {
		t.Fatalf("a key user sharing: %v", err)
	}
	if _, err := v.Share(admin, "", own.ID, []string{"no_such_role"}); api.ErrorCode(err) != api.CodeBadRequest {
		t.Fatalf("sharing with an unknown role: %v", err)
	}
	if _, err := v.Share(admin, "", own.ID, []string{"key_user"}); err != nil {
		t.Fatal(err)
	}
	seen := func(p access.Principal) bool {
		list, _ := v.Views(p, "local_outlets")
		for _, x := range list.Views {
			if x.ID == own.ID {
				return !x.Mine
			}
		}
		return false
	}
	if !seen(ivanov) || !seen(petrov) || seen(viewer) {
		t.Fatal("shared view visible to the wrong roles")
	}
	// A key user's change of the shared view stays in their own settings;
	// the view itself is unchanged for everyone else.
	mine := layout("name")
	if _, err := v.SaveSettings(ivanov, "", api.FormSettings{Catalog: "local_outlets", View: own.ID, Layout: &mine}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.SaveView(ivanov, "", api.ViewSave{ID: own.ID, Catalog: "local_outlets", Name: "Для КП", Layout: mine}); api.ErrorCode(err) != api.CodeNotFound {
		t.Fatalf("a key user overwriting the shared view: %v", err)
	}
	list, _ := v.Views(petrov, "local_outlets")
	for _, x := range list.Views {
		if x.ID == own.ID && len(x.Layout.Columns) != 2 {
			t.Fatal("one user's tweak changed the shared view")
		}
	}
}

func TestBuiltinViewsFitTheirCatalogs(t *testing.T) {
	v, cat := mustViews(t, storetest.MustOpen(t))
	for _, c := range []string{"outlets", "local_outlets"} {
		list, err := v.Views(admin, c)
		if err != nil || len(list.Views) == 0 {
			t.Fatalf("%s: %v %v", c, list, err)
		}
		for _, x := range list.Views {
			if err := cat.CheckLayout(admin, c, x.Layout); err != nil || x.Label.EN == "" {
				t.Errorf("built-in view %s: %v", x.ID, err)
			}
		}
	}
	if _, err := v.SetDefault(ivanov, "", "outlets", "builtin:outlets:rdc"); err != nil {
		t.Fatalf("default to a built-in view: %v", err)
	}
	if _, err := v.SetDefault(ivanov, "", "outlets", "builtin:local_outlets:unmapped"); api.ErrorCode(err) != api.CodeBadRequest {
		t.Fatalf("default to another catalog's view: %v", err)
	}
	if _, err := v.SaveSettings(ivanov, "", api.FormSettings{Catalog: "outlets", View: "builtin:local_outlets:unmapped"}); api.ErrorCode(err) != api.CodeBadRequest {
		t.Fatalf("settings naming another catalog's view: %v", err)
	}
}

func TestFavorites(t *testing.T) {
	v, _ := mustViews(t, storetest.MustOpen(t))
	if f, err := v.Favorites(ivanov); err != nil || len(f.Catalogs) != 0 {
		t.Fatalf("no favorites yet: %+v %v", f, err)
	}
	if _, err := v.SaveFavorites(ivanov, "", api.Favorites{Catalogs: []string{"local_outlets", "outlets", "personnel"}}); err != nil {
		t.Fatal(err)
	}
	// Reordered and one removed.
	if _, err := v.SaveFavorites(ivanov, "", api.Favorites{Catalogs: []string{"personnel", "local_outlets"}}); err != nil {
		t.Fatal(err)
	}
	if f, _ := v.Favorites(ivanov); strings.Join(f.Catalogs, ",") != "personnel,local_outlets" {
		t.Fatalf("favorites %v", f.Catalogs)
	}
	if f, _ := v.Favorites(petrov); len(f.Catalogs) != 0 {
		t.Fatal("favorites leak between users")
	}
	for _, bad := range [][]string{{"outlets", "outlets"}, {"secrets"}} {
		if _, err := v.SaveFavorites(ivanov, "", api.Favorites{Catalogs: bad}); err == nil {
			t.Errorf("favorites %v accepted", bad)
		}
	}
	// A catalog the user can no longer read drops out of the list.
	nobody := access.NewPrincipal("ivanov", nil, nil)
	if f, _ := v.Favorites(nobody); len(f.Catalogs) != 0 {
		t.Fatalf("favorites without rights: %v", f.Catalogs)
	}
}
