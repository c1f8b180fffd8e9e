package query

import (
	"errors"
	"slices"
	"testing"
)

// MustTable returns a table of the model columns holding rows (id → values).
func MustTable(tb testing.TB, rows map[string][]Value) *Table {
	tb.Helper()
	t := NewTable(modelCols)
	for id, row := range rows {
		if err := t.Upsert(id, row); err != nil {
			tb.Fatalf("Upsert(%q): %v", id, err)
		}
	}
	return t
}

func row(t string, i int64, f float64, b, e, r string) []Value {
	v := []Value{StringValue(t), IntValue(i), FloatValue(f), Null(), StringValue(e), StringValue(r), Null()}
	if b != "" {
		v[3] = BoolValue(b == "true")
	}
	return v
}

func fixture(tb testing.TB) *Table {
	return MustTable(tb, map[string][]Value{
		"a": row("Кофейня «Ёлка»", 10, 55.75, "true", "retail", "d1"),
		"b": row("КОФЕ-бар", 20, 37.6, "false", "rdc", "d2"),
		"c": row("елка", 10, -1, "", "horeca", ""),
		"d": row("Apple", -5, 0, "true", "", "d1"),
		"e": {Null(), Null(), Null(), Null(), Null(), Null(), Null()},
		"f": row("", 30, 55.75, "false", "rdc", "d3"),
	})
}

func TestConditions(t *testing.T) {
	tb := fixture(t)
	s, i, f := StringValue, IntValue, FloatValue
	tests := []struct {
		where Expr
		want  []string // ids, in id order
	}{
		{Where("t", Contains, s("КОФЕ")), []string{"a", "b"}},
		{Where("t", Contains, s("ёлк")), []string{"a", "c"}},
		{Where("t", Eq, s("ЁЛКА")), []string{"c"}},
		{Where("t", Ne, s("ЁЛКА")), []string{"a", "b", "d", "e", "f"}},
		{Where("t", StartsWith, s("коф")), []string{"a", "b"}},
		{Where("t", IsEmpty), []string{"e", "f"}},
		{Where("t", NotEmpty), []string{"a", "b", "c", "d"}},
		{Where("i", Eq, i(10)), []string{"a", "c"}},
		{Where("i", Ne, i(10)), []string{"b", "d", "e", "f"}},
		{Where("i", Lt, i(10)), []string{"d"}},
		{Where("i", Le, i(10)), []string{"a", "c", "d"}},
		{Where("i", Gt, i(10)), []string{"b", "f"}},
		{Where("i", Ge, i(20)), []string{"b", "f"}},
		{Where("i", Between, i(0), i(20)), []string{"a", "b", "c"}},
		{Where("i", IsEmpty), []string{"e"}},
		{Where("f", Between, f(37.6), f(55.75)), []string{"a", "b", "f"}},
		{Where("f", Lt, i(0)), []string{"c"}},
		{Where("f", Eq, f(0)), []string{"d"}},
		{Where("b", IsTrue), []string{"a", "d"}},
		{Where("b", IsFalse), []string{"b", "f"}},
		{Where("b", IsEmpty), []string{"c", "e"}},
		{Where("b", Eq, BoolValue(false)), []string{"b", "f"}},
		{Where("e", AnyOf, s("rdc"), s("horeca"), s("nope")), []string{"b", "c", "f"}},
		{Where("e", NoneOf, s("rdc")), []string{"a", "c", "d", "e"}},
		{Where("e", IsEmpty), []string{"d", "e"}},
		{Where("r", IsEmpty), []string{"c", "e"}},
		{Where("r", AnyOf), nil},
		{And{}, []string{"a", "b", "c", "d", "e", "f"}},
		{Or{}, nil},
		{And{Where("r", AnyOf, s("d1"), s("d2")), Or{Where("i", Gt, i(15)), Where("b", IsTrue)}}, []string{"a", "b", "d"}},
		{Or{And{Where("e", Eq, s("rdc")), Where("f", Gt, f(50))}, And{Where("t", Contains, s("app"))}}, []string{"d", "f"}},
	}
	for _, tc := range tests {
		res, err := tb.Query(Query{Where: tc.where, Limit: 100})
		if err != nil {
			t.Fatalf("%v: %v", tc.where, err)
		}
		if !slices.Equal(res.IDs, tc.want) || res.Total != len(tc.want) {
			t.Errorf("%v: got %v (total %d), want %v", tc.where, res.IDs, res.Total, tc.want)
		}
	}
}

func TestSortNullsCyrillicAndMoves(t *testing.T) {
	tb := fixture(t)
	tb.BuildIndexes()
	get := func(keys ...SortKey) []string {
		t.Helper()
		res, err := tb.Query(Query{Sort: keys, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return res.IDs
	}
	check := func(got, want []string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	}
	// "" < Apple (Latin before Cyrillic) < елка < КОФЕ-бар < Кофейня «Ёлка»
	// (ё is е, "-" before letters); null last both ways.
	check(get(SortKey{Column: "t"}), []string{"f", "d", "c", "b", "a", "e"})
	check(get(SortKey{Column: "t", Desc: true}), []string{"a", "b", "c", "d", "f", "e"})
	// Ties on i broken by the second key, then by id.
	check(get(SortKey{Column: "i"}, SortKey{Column: "f", Desc: true}), []string{"d", "a", "c", "b", "f", "e"})
	check(get(SortKey{Column: "f", Desc: true}), []string{"f", "a", "b", "d", "c", "e"})
	check(get(), []string{"a", "b", "c", "d", "e", "f"})

	// An update moves the row in the permutation; a delete removes it.
	if err := tb.Upsert("b", row("Абрикос", 20, 37.6, "false", "rdc", "d2")); err != nil {
		t.Fatal(err)
	}
	check(get(SortKey{Column: "t"}), []string{"f", "d", "b", "c", "a", "e"})
	tb.Delete("d")
	check(get(SortKey{Column: "t"}), []string{"f", "b", "c", "a", "e"})
	if err := tb.Upsert("g", row("яблоко", 1, 1, "true", "rdc", "d1")); err != nil {
		t.Fatal(err)
	}
	check(get(SortKey{Column: "t"}), []string{"f", "b", "c", "a", "g", "e"})
	if got, want := tb.Len(), 6; got != want {
		t.Errorf("Len() = %d, want %d", got, want)
	}

	// Windows at the edges.
	for _, w := range []struct{ off, lim, n int }{{0, 1, 1}, {5, 10, 1}, {6, 10, 0}, {100, 10, 0}, {0, 0, 0}} {
		res, err := tb.Query(Query{Sort: []SortKey{{Column: "t"}}, Offset: w.off, Limit: w.lim})
		if err != nil || len(res.IDs) != w.n || res.Total != 6 {
			t.Errorf("window %d+%d: %v, %v", w.off, w.lim, res, err)
		}
	}
}

func TestBadQueries(t *testing.T) {
	tb := fixture(t)
	s := StringValue
	for _, q := range []Query{
		{Where: Where("nope", IsEmpty)},
		{Where: Where("i", Contains, s("x"))},
		{Where: Where("t", Lt, s("x"))},
		{Where: Where("t", Contains, IntValue(1))},
		{Where: Where("i", Eq, s("1"))},
		{Where: Where("i", Between, IntValue(1))},
		{Where: Where("e", Eq, Null())},
		{Where: Where("b", Ne, BoolValue(true))},
		{Where: Or{And{Where("e", Gt, s("x"))}}},
		{Where: Where("i", Op(99), IntValue(1))},
		{Sort: []SortKey{{Column: "nope"}}},
		{Sort: []SortKey{{Column: "t"}, {Column: "i"}, {Column: "f"}, {Column: "b"}}},
		{Offset: -1},
		{Limit: MaxLimit + 1},
		{Limit: -1},
	} {
		if _, err := tb.Query(q); !errors.Is(err, ErrBadQuery) {
			t.Errorf("Query(%s): err %v, want ErrBadQuery", fmtQuery(q), err)
		}
	}
	if _, err := tb.Aggregate(nil, "t", Sum); !errors.Is(err, ErrBadQuery) {
		t.Errorf("sum of text: %v", err)
	}
	if _, err := tb.Distinct(nil, "i", "", 10); !errors.Is(err, ErrBadQuery) {
		t.Errorf("distinct of int: %v", err)
	}
	for _, bad := range [][]Value{
		{s("x")},
		{IntValue(1), Null(), Null(), Null(), Null(), Null(), Null()},
		{Null(), Null(), FloatValue(nan()), Null(), Null(), Null(), Null()},
	} {
		if err := tb.Upsert("z", bad); !errors.Is(err, ErrBadRow) {
			t.Errorf("Upsert(%v): err %v, want ErrBadRow", bad, err)
		}
	}
	if err := tb.Upsert("", make([]Value, len(modelCols))); !errors.Is(err, ErrBadRow) {
		t.Errorf("empty id: %v", err)
	}
}

func TestFoldOrder(t *testing.T) {
	words := []string{"", "10", "9", "Apple", "apples", "Zoo", "а", "Ааа", "Б", "Ежик", "Ёлка", "ЕЛЬ", "ж", "Я", "Ω"}
	for i := 1; i < len(words); i++ {
		if a, b := fold(words[i-1]), fold(words[i]); string(a) >= string(b) {
			t.Errorf("fold(%q) >= fold(%q)", words[i-1], words[i])
		}
	}
	for _, s := range []string{"кофейня", "straße", "日本", "x\x00y", "ωμέγα"} {
		if got := unfold(fold(s)); got != s {
			t.Errorf("unfold(fold(%q)) = %q", s, got)
		}
	}
}
