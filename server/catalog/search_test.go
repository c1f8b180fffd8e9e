package catalog_test

import (
	"fmt"
	"slices"
	"testing"

	"webtool/server/api"
)

// searchFixture adds outlets that share words, quotes and numbers.
func searchFixture(t *testing.T) *fixture {
	t.Helper()
	f := mustFixture(t)
	f.refsLoad(t, "outlets", []string{"b103", "b104", "grove", "coded"},
		map[string]any{"code": "G103", "name": "АЗС «Берёзка» №103", "city": "Киев", "address": "ул. Лесная, 1", "subtype": "retail"},
		map[string]any{"code": "G104", "name": "АЗС «Берёзка» №104", "city": "Львов", "address": "пр. Свободы, 7", "subtype": "retail"},
		map[string]any{"code": "G200", "name": "Берёзовая роща", "city": "Киев", "subtype": "horeca"},
		map[string]any{"code": "ZX-7781", "name": "Киоск у вокзала", "city": "Одесса", "subtype": "kiosk"})
	return f
}

// A picker and the grid's quick search find by words: every word, in any
// order, in any searched field, with quotes and punctuation ignored and ё
// read as е; a code matches anywhere in it.
func TestSearchByWords(t *testing.T) {
	f := searchFixture(t)
	tests := []struct {
		search string
		want   []string // by name, in title order
		grid   []string // the grid's answer where it differs (nil: the same)
	}{
		{"Берёзка №103", []string{"b103"}, nil},
		{"103 березка", []string{"b103"}, nil},
		{"«Берёзка»", []string{"b103", "b104"}, nil},
		{"азс, БЕРЁЗКА.", []string{"b103", "b104"}, nil},
		{"берез", []string{"b103", "b104", "grove"}, nil},
		{"7781", []string{"coded"}, nil},    // the code, not from its start
		{"Лесная 1", []string{"b103"}, nil}, // an outlet's address is shown beside its choices
		{"березка киоск", nil, nil},
		// The owner (an outlet's city) is shown beside a choice: searched.
		{"Киев берёз", []string{"b103", "grove"}, nil},
		// The grid searches every text field and the labels of enums: the
		// subtype "Киоск" too; a picker what it shows.
		{"Киоск", []string{"coded"}, nil},
		{"HoReCa", nil, []string{"grove", "cafe"}},
	}
	names := map[string]string{} // outlet ids (ids repeat across catalogs)
	for _, n := range []string{"shop", "rdc", "cafe", "b103", "b104", "grove", "coded"} {
		names[f.id[n]] = n
	}
	for _, tt := range tests {
		t.Run(tt.search, func(t *testing.T) {
			reply, err := f.svc.Lookup(admin, api.LookupRequest{Catalog: "outlets", Search: tt.search})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range reply.Choices {
				got = append(got, names[c.ID])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("lookup %q: %v, want %v", tt.search, got, tt.want)
			}
			want := tt.grid
			if want == nil {
				want = tt.want
			}
			rows := f.query(t, admin, api.QueryRequest{Catalog: "outlets", Filter: api.Filter{Search: tt.search}, Sort: []api.SortKey{{Field: "name"}}}).Rows
			got = nil
			for _, r := range rows {
				got = append(got, names[r.ID])
			}
			if !slices.Equal(got, want) {
				t.Errorf("grid %q: %v, want %v", tt.search, got, want)
			}
		})
	}
	// A choice says which of the outlets it is.
	reply, _ := f.svc.Lookup(admin, api.LookupRequest{Catalog: "outlets", Search: "Берёзка №103"})
	if len(reply.Choices) != 1 {
		t.Fatalf("choices %+v", reply.Choices)
	}
	want := api.Choice{ID: f.id["b103"], Label: "АЗС «Берёзка» №103", Code: "G103", Owner: "Киев", Detail: "ул. Лесная, 1"}
	if got := reply.Choices[0]; got != want {
		t.Errorf("choice %+v, want %+v", got, want)
	}
	// Nothing but punctuation searches for nothing: every row.
	if n := f.query(t, admin, api.QueryRequest{Catalog: "outlets", Filter: api.Filter{Search: "«» № ,"}}).Total; n != 7 {
		t.Errorf("search for punctuation found %d of 7 outlets", n)
	}
}

// The grid's quick search follows references: MM users are found by the
// name of their position's employee, through the lookup field; a name
// out of the user's sight finds nothing.
func TestSearchThroughReferences(t *testing.T) {
	f, key := tenantFixture(t)
	ids := func(search string) []string {
		t.Helper()
		var out []string
		for _, r := range f.query(t, admin, api.QueryRequest{Catalog: "mm_users", Filter: api.Filter{Search: search}}).Rows {
			out = append(out, r.ID)
		}
		return out
	}
	mm1 := []string{f.id["mm1"]}
	for _, s := range []string{"Kovalenko", "olena kovalenko", "Kovalenko ivanov", "Кава Трейд"} {
		if got := ids(s); !slices.Equal(got, mm1) {
			t.Errorf("MM users found by %q: %v, want %v", s, got, mm1)
		}
	}
	if got := ids("Kovalenko sidorov"); len(got) != 0 {
		t.Errorf("MM users found by two users' words: %v", got)
	}
	// The key user sees mm1 by its employee; Shevchenko (D2) is not theirs.
	search := func(s string) int {
		return f.query(t, key, api.QueryRequest{Catalog: "mm_users", Filter: api.Filter{Search: s}}).Total
	}
	if search("Kovalenko") != 1 || search("Shevchenko") != 0 {
		t.Errorf("key user: %d by Kovalenko, %d by Shevchenko", search("Kovalenko"), search("Shevchenko"))
	}
}

// A word matching more than a thousand records of a catalog referred to
// is not looked for through that reference (the condition would carry
// their ids); up to a thousand it is.
func TestSearchThroughReferencesIsBounded(t *testing.T) {
	f := mustFixture(t)
	rows := make([]map[string]any, 1001)
	for i := range rows {
		rows[i] = map[string]any{"code": fmt.Sprintf("Z%04d", i), "name": fmt.Sprintf("Зета %d", i)}
	}
	ids, err := f.svc.Load("outlets", rows, "test")
	if err != nil {
		t.Fatal(err)
	}
	lo2 := f.refsGet(t, admin, "local_outlets", "lo2")
	if _, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "local_outlets", ID: lo2.ID, Version: lo2.Version,
		Values: map[string]any{"outlet": ids[7]}}); err != nil {
		t.Fatal(err)
	}
	count := func(s string) int {
		return f.query(t, admin, api.QueryRequest{Catalog: "local_outlets", Filter: api.Filter{Search: s}}).Total
	}
	if n := count("Зета"); n != 0 {
		t.Errorf("a word of 1001 outlets found %d local outlets through the reference", n)
	}
	if n := count("Зета 7"); n != 1 {
		t.Errorf("\"Зета 7\" found %d local outlets", n)
	}
	if n := count("Z0007"); n != 1 {
		t.Errorf("the outlet's code found %d local outlets", n)
	}
}
