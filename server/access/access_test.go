package access

import "testing"

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
