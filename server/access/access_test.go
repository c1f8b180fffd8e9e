package access

import (
	"slices"
	"testing"

	"webtool/server/api"
)

func TestLevels(t *testing.T) {
	key := NewPrincipal("k", []string{"key_user"}, []string{"D1"})
	view := NewPrincipal("v", []string{"viewer"}, nil)
	admin := NewPrincipal("a", []string{"admin"}, nil)
	nobody := NewPrincipal("n", []string{"no_such_role"}, nil)
	tests := []struct {
		p       Principal
		catalog string
		want    Level
	}{
		{key, "outlets", Read}, {key, "local_outlets", Delete}, {key, "local_products", Edit},
		{view, "local_outlets", Read}, {admin, "outlets", Delete}, {nobody, "outlets", None},
	}
	for _, tt := range tests {
		if got := tt.p.Level(tt.catalog); got != tt.want {
			t.Errorf("%s in %s: %v, want %v", tt.p.Login, tt.catalog, got, tt.want)
		}
	}
	// Two roles: the higher level wins.
	both := NewPrincipal("b", []string{"viewer", "key_user"}, nil)
	if both.Level("local_outlets") != Delete || both.Level("outlets") != Read {
		t.Error("roles do not combine to the highest level")
	}
}

func TestRowScope(t *testing.T) {
	key := NewPrincipal("k", []string{"key_user"}, []string{"D1", "D2"})
	if !key.Sees("D1") || !key.Sees("D2") || key.Sees("D3") || key.Sees("") {
		t.Error("key user scope wrong")
	}
	none := NewPrincipal("k", []string{"key_user"}, nil)
	if none.Sees("D1") || none.AllSyncPoints() {
		t.Error("a key user without sync points must see no distributor rows")
	}
	admin := NewPrincipal("a", []string{"admin"}, nil)
	if !admin.Sees("D3") || !admin.Sees("") {
		t.Error("admin must see every row")
	}
}

func TestLevelNames(t *testing.T) {
	for i, name := range api.Levels {
		l, ok := ParseLevel(name)
		if !ok || l != Level(i) || l.String() != name {
			t.Errorf("level %q: parsed %v %v, String %q", name, l, ok, l.String())
		}
	}
	if _, ok := ParseLevel("owner"); ok {
		t.Error("an unknown level name parsed")
	}
	if got, want := Delete.String(), api.LevelDelete; got != want {
		t.Errorf("Delete.String() = %q, want %q", got, want)
	}
}

func TestBuiltinRights(t *testing.T) {
	admin := NewPrincipal("a", []string{"admin"}, nil)
	key := NewPrincipal("k", []string{"key_user"}, nil)
	view := NewPrincipal("v", []string{"viewer"}, nil)
	tests := []struct {
		p     Principal
		right string
		want  bool
	}{
		{admin, api.RightAdminUsers, true}, {admin, api.RightAdminRoles, true}, {admin, api.RightViewsShare, true},
		// The admin holds every right by rule, even one added later.
		{admin, api.RightLoaderPrefix + "new", true},
		{key, api.RightExport, true}, {key, api.RightPinGenerate, true}, {key, api.RightPinReveal, true},
		{key, api.RightLoaderPrefix + "sales", true}, {key, api.RightReportPrefix + "stock", true},
		{key, api.RightAdminUsers, false}, {key, api.RightViewsShare, false}, {key, api.RightAuditView, false},
		{view, api.RightExport, true}, {view, api.RightPinGenerate, false},
	}
	for _, tt := range tests {
		if got := tt.p.Has(tt.right); got != tt.want {
			t.Errorf("%s has %s: %v, want %v", tt.p.Login, tt.right, got, tt.want)
		}
	}
	if got, want := view.Rights(), []string{api.RightExport}; !slices.Equal(got, want) {
		t.Errorf("viewer rights %v, want %v", got, want)
	}
	if got := admin.Rights(); len(got) != len(RightInfos(nil, nil)) || !slices.IsSorted(got) {
		t.Errorf("admin rights %v: want every fixed right, sorted", got)
	}
	// Rights of two roles are their union.
	both := NewPrincipal("b", []string{"viewer", "key_user", "viewer"}, nil)
	if got, want := both.RoleKeys(), []string{"viewer", "key_user"}; !slices.Equal(got, want) {
		t.Errorf("role keys %v, want %v", got, want)
	}
	if !both.Has(api.RightExport) || !both.Has(api.RightPinReveal) || both.Has(api.RightAdminRoles) {
		t.Errorf("union of viewer and key user: %v", both.Rights())
	}
}

func TestRightInfos(t *testing.T) {
	infos := RightInfos([]api.RightInfo{{Key: "sales", Label: api.LocalText{RU: "Продажи"}}},
		[]api.RightInfo{{Key: api.RightReportPrefix + "stock", Tier: api.TierHigh}})
	byKey := map[string]api.RightInfo{}
	for _, r := range infos {
		if r.Label.RU == "" && r.Key != "report.stock" {
			t.Errorf("right %s has no Russian label", r.Key)
		}
		byKey[r.Key] = r
	}
	if r := byKey["loader.sales"]; r.Group != GroupLoaders || r.Tier != api.TierNormal {
		t.Errorf("loader right %+v", r)
	}
	if r := byKey["report.stock"]; r.Group != GroupReports || r.Tier != api.TierNormal {
		t.Errorf("a report right is normal whatever it claims: %+v", r)
	}
	for right, want := range map[string]string{
		api.RightAdminUsers: api.TierHigh, api.RightAdminRoles: api.TierHigh, api.RightViewsShare: api.TierMedium,
		api.RightExport: api.TierNormal, api.RightAuditView: api.TierNormal, "loader.sales": api.TierNormal, "nonsense": api.TierNormal,
	} {
		if got := TierOf(right); got != want {
			t.Errorf("TierOf(%s) = %s, want %s", right, got, want)
		}
	}
}
