package query

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The property test: a seeded random table of a few thousand rows, with
// small value pools so that ties, nulls and mixed case are common, queried
// with random filters, sorts and windows; every answer must equal a
// brute-force filter and sort over a plain map of the same rows. Writes are
// interleaved so that the incrementally maintained permutations are checked
// against freshly built ones.

var modelCols = []Column{
	{"t", Text}, {"i", Int}, {"f", Float}, {"b", Bool}, {"e", Enum}, {"r", Ref}, {"u", Text},
}

var (
	poolText = []string{"", "кофейня", "КОФЕ", "Кофе-бар", "кофе", "Ёлка", "елка", "ЕЛКА", "ёжик",
		"Апельсин", "апельсин", "Яблоко", "Spar", "spar", "SPAR market", "Metro", "Straße",
		"ΣΊΣΥΦΟΣ", "σίσυφος", "Ўзбек", "abc", "ab", "a", "b", "Z", "9 лавка", "10 лавка",
		"магазин «Ромашка» №12", "Магазин «ромашка» №2", "магазин", "магазин «Ромашка»", "Кафе",
		"ﬁ ligature", "日本", "x\x00y", "x", "long long long long text, longer than sixteen bytes",
		"long long long long text, longer than sixteen bytes!", "long long long long", "Ё"}
	poolInt  = []int64{math.MinInt64, -5, -1, 0, 1, 2, 3, 7, 100, 1_700_000_000_000, math.MaxInt64}
	poolFlt  = []float64{math.Inf(-1), -3.5, -1, math.Copysign(0, -1), 0, 0.5, 1, 55.75, 55.7500001, math.Inf(1)}
	poolEnum = []string{"retail", "horeca", "wholesale", "rdc", "RDC", "Опт", "опт", "Сети"}
	poolRef  = []string{"", "d1", "d2", "d3", "D3", "d10", "дистрибьютор-1", "дистрибьютор-2"}
)

type model struct {
	rows map[string][]Value
}

func randValue(rng *rand.Rand, k Kind) Value {
	if rng.IntN(6) == 0 {
		return Null()
	}
	switch k {
	case Text:
		return StringValue(poolText[rng.IntN(len(poolText))])
	case Int:
		return IntValue(poolInt[rng.IntN(len(poolInt))])
	case Float:
		return FloatValue(poolFlt[rng.IntN(len(poolFlt))])
	case Bool:
		return BoolValue(rng.IntN(2) == 0)
	case Enum:
		return StringValue(poolEnum[rng.IntN(len(poolEnum))])
	default:
		return StringValue(poolRef[rng.IntN(len(poolRef))])
	}
}

func randRow(rng *rand.Rand) []Value {
	row := make([]Value, len(modelCols))
	for i, c := range modelCols {
		row[i] = randValue(rng, c.Kind)
	}
	return row
}

func colIndex(name string) int {
	for i, c := range modelCols {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// refMatch is the reference semantics of a filter.
func refMatch(e Expr, row []Value) bool {
	switch e := e.(type) {
	case nil:
		return true
	case And:
		for _, k := range e {
			if !refMatch(k, row) {
				return false
			}
		}
		return true
	case Or:
		for _, k := range e {
			if refMatch(k, row) {
				return true
			}
		}
		return false
	case Cond:
		i := colIndex(e.Column)
		kind, v := modelCols[i].Kind, row[i]
		empty := v.IsNull() || kind == Text && v.s == ""
		switch e.Op {
		case IsEmpty:
			return empty
		case NotEmpty:
			return !empty
		case Ne, NoneOf:
			if kind == Text && e.Op == Ne {
				return !bytes.Equal(fold(v.s), fold(e.Values[0].s)) || v.IsNull() && e.Values[0].s != ""
			}
			if v.IsNull() {
				return true
			}
		}
		if v.IsNull() && !(kind == Text && (e.Op == Contains || e.Op == StartsWith || e.Op == Eq)) {
			return false
		}
		switch kind {
		case Text:
			s, p := string(fold(v.s)), string(fold(e.Values[0].s))
			switch e.Op {
			case Eq:
				return s == p
			case Contains:
				return strings.Contains(s, p)
			case StartsWith:
				return strings.HasPrefix(s, p)
			}
		case Int, Float:
			x := v.Float()
			if kind == Int {
				return cmpOp(e.Op, cmp.Compare(v.i, e.Values[0].i), e, func(w Value) int { return cmp.Compare(v.i, w.i) })
			}
			return cmpOp(e.Op, cmp.Compare(x, e.Values[0].Float()), e, func(w Value) int { return cmp.Compare(x, w.Float()) })
		case Bool:
			switch e.Op {
			case IsTrue:
				return v.Bool()
			case IsFalse:
				return !v.Bool()
			case Eq:
				return v.Bool() == e.Values[0].Bool()
			}
		case Enum, Ref:
			in := slices.ContainsFunc(e.Values, func(w Value) bool { return w.s == v.s })
			return in == (e.Op == Eq || e.Op == AnyOf)
		}
	}
	panic(fmt.Sprintf("refMatch: %#v", e))
}

func cmpOp(op Op, c int, e Cond, with func(Value) int) bool {
	switch op {
	case Eq:
		return c == 0
	case Ne:
		return c != 0
	case Lt:
		return c < 0
	case Le:
		return c <= 0
	case Gt:
		return c > 0
	case Ge:
		return c >= 0
	case Between:
		return with(e.Values[0]) >= 0 && with(e.Values[1]) <= 0
	}
	panic(op)
}

// refCmp is the reference order of two cells of one column, nulls last.
func refCmp(kind Kind, a, b Value, desc bool) int {
	switch {
	case a.IsNull() && b.IsNull():
		return 0
	case a.IsNull():
		return 1
	case b.IsNull():
		return -1
	}
	var c int
	switch kind {
	case Text, Enum, Ref: // a and b are folded already
		c = strings.Compare(a.s, b.s)
	case Int:
		c = cmp.Compare(a.i, b.i)
	case Float:
		c = cmp.Compare(a.Float(), b.Float())
	case Bool:
		c = cmp.Compare(b2u(a.Bool()), b2u(b.Bool()))
	}
	if desc {
		return -c
	}
	return c
}

func (m *model) query(q Query) Result {
	var ids []string
	for id, row := range m.rows {
		if refMatch(q.Where, row) {
			ids = append(ids, id)
		}
	}
	type entry struct {
		row  []Value
		keys []string // folded strings, per sort key
	}
	entries := make(map[string]entry, len(ids))
	for _, id := range ids {
		e := entry{row: m.rows[id]}
		for _, k := range q.Sort {
			key := string(fold(e.row[colIndex(k.Column)].s))
			if k.Order != nil {
				key = fmt.Sprintf("%08d", refPlace(k.Order, key)) + key
			}
			e.keys = append(e.keys, key)
		}
		entries[id] = e
	}
	slices.SortFunc(ids, func(a, b string) int {
		ea, eb := entries[a], entries[b]
		for j, k := range q.Sort {
			i := colIndex(k.Column)
			x, y := ea.row[i], eb.row[i]
			if modelCols[i].Kind == Text || modelCols[i].Kind == Enum || modelCols[i].Kind == Ref {
				if !x.IsNull() {
					x = StringValue(ea.keys[j])
				}
				if !y.IsNull() {
					y = StringValue(eb.keys[j])
				}
			}
			if c := refCmp(modelCols[i].Kind, x, y, k.Desc); c != 0 {
				return c
			}
		}
		if len(q.Sort) > 0 && q.Sort[0].Desc {
			return strings.Compare(b, a)
		}
		return strings.Compare(a, b)
	})
	res := Result{Total: len(ids)}
	if q.Offset < len(ids) {
		res.IDs = ids[q.Offset:min(q.Offset+q.Limit, len(ids))]
	}
	if q.Limit == 0 || len(res.IDs) == 0 {
		res.IDs = nil
	}
	return res
}

// refPlace is the reference rank of the enum values folded to key under
// SortKey.Order: the first place of any of them, after the others if none
// is in order.
func refPlace(order []string, key string) int {
	for i, v := range order {
		if string(fold(v)) == key && slices.Contains(poolEnum, v) {
			return i
		}
	}
	return len(order)
}

func randOperand(rng *rand.Rand, k Kind) Value {
	for {
		if v := randValue(rng, k); !v.IsNull() {
			if k == Float && rng.IntN(3) == 0 {
				return IntValue(poolInt[rng.IntN(len(poolInt))] % 100)
			}
			if (k == Enum || k == Ref || k == Text) && rng.IntN(8) == 0 {
				return StringValue("absent")
			}
			if k == Text && rng.IntN(2) == 0 {
				// A piece of a pool value, in another case.
				s := []rune(poolText[rng.IntN(len(poolText))])
				i := rng.IntN(len(s) + 1)
				j := i + rng.IntN(len(s)-i+1)
				p := string(s[i:j])
				if rng.IntN(2) == 0 {
					p = strings.ToUpper(p)
				}
				return StringValue(p)
			}
			return v
		}
	}
}

func randExpr(rng *rand.Rand, depth int) Expr {
	if depth < 3 && rng.IntN(3) == 0 {
		n := rng.IntN(4)
		kids := make([]Expr, n)
		for i := range kids {
			kids[i] = randExpr(rng, depth+1)
		}
		if rng.IntN(2) == 0 {
			return And(kids)
		}
		return Or(kids)
	}
	c := modelCols[rng.IntN(len(modelCols))]
	var ops []Op
	switch c.Kind {
	case Text:
		ops = []Op{Eq, Ne, Contains, Contains, StartsWith, IsEmpty, NotEmpty}
	case Int, Float:
		ops = []Op{Eq, Ne, Lt, Le, Gt, Ge, Between, IsEmpty, NotEmpty}
	case Bool:
		ops = []Op{IsTrue, IsFalse, Eq, IsEmpty, NotEmpty}
	default:
		ops = []Op{AnyOf, NoneOf, Eq, Ne, IsEmpty, NotEmpty}
	}
	op := ops[rng.IntN(len(ops))]
	cond := Cond{Column: c.Name, Op: op}
	switch op {
	case IsEmpty, NotEmpty, IsTrue, IsFalse:
	case Between:
		cond.Values = []Value{randOperand(rng, c.Kind), randOperand(rng, c.Kind)}
	case AnyOf, NoneOf:
		for range rng.IntN(4) {
			cond.Values = append(cond.Values, randOperand(rng, c.Kind))
		}
	default:
		cond.Values = []Value{randOperand(rng, c.Kind)}
	}
	return cond
}

func randQuery(rng *rand.Rand, total int) Query {
	var q Query
	if rng.IntN(5) != 0 {
		q.Where = randExpr(rng, 0)
	}
	for range rng.IntN(4) {
		k := SortKey{Column: modelCols[rng.IntN(len(modelCols))].Name, Desc: rng.IntN(2) == 0}
		if k.Column == "e" && rng.IntN(2) == 0 {
			// An order of some of the values (a label order), maybe naming
			// one that never occurs.
			k.Order = []string{}
			for _, i := range rng.Perm(len(poolEnum))[:rng.IntN(len(poolEnum)+1)] {
				k.Order = append(k.Order, poolEnum[i])
			}
			if rng.IntN(4) == 0 {
				k.Order = slices.Insert(k.Order, rng.IntN(len(k.Order)+1), "absent")
			}
		}
		q.Sort = append(q.Sort, k)
	}
	switch rng.IntN(4) {
	case 0:
		q.Offset = 0
	case 1:
		q.Offset = rng.IntN(total + 10)
	default:
		q.Offset = rng.IntN(60)
	}
	q.Limit = []int{0, 1, 5, 20, 100, 10000}[rng.IntN(6)]
	return q
}

// checkPerms compares every built permutation with one built from scratch.
func checkPerms(t *testing.T, tb *Table) {
	t.Helper()
	byID := tb.buildPerm(nil, nil)
	if tb.idPerm.built && !slices.Equal(tb.idPerm.rows, byID) {
		t.Fatalf("id permutation out of order")
	}
	for _, c := range tb.cols {
		if c.perm.built {
			if got, want := c.perm.rows, tb.buildPerm(c, byID); !slices.Equal(got, want) {
				t.Fatalf("permutation of %q out of order:\n got %v\nwant %v", c.name, got, want)
			}
			cmp := tb.cmpFunc(c)
			for i := 1; i < len(c.perm.rows); i++ {
				if cmp(c.perm.rows[i-1], c.perm.rows[i]) >= 0 {
					t.Fatalf("permutation of %q: rows %d, %d not in comparator order", c.name, i-1, i)
				}
			}
		}
	}
}

func TestQueryMatchesBruteForce(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 99))
			tb := NewTable(modelCols)
			if seed == 2 {
				tb.parMin = 1 // split even small scans across goroutines
			}
			m := &model{rows: map[string][]Value{}}
			upsert := func(id string, row []Value) {
				if err := tb.Upsert(id, row); err != nil {
					t.Fatalf("Upsert(%q): %v", id, err)
				}
				row = slices.Clone(row)
				for i, c := range modelCols {
					if (c.Kind == Enum || c.Kind == Ref) && row[i].t == vString && row[i].s == "" {
						row[i] = Null()
					}
				}
				m.rows[id] = row
			}
			n, rounds := 2000, 8
			if testing.Short() || raceEnabled {
				n, rounds = 800, 4
			}
			for i := range n {
				upsert(fmt.Sprintf("id%05d", rng.IntN(10*n)+i%7), randRow(rng))
			}
			ids := func() []string {
				var out []string
				for id := range m.rows {
					out = append(out, id)
				}
				slices.Sort(out)
				return out
			}
			for round := range rounds {
				if round == 2 {
					tb.BuildIndexes()
				}
				for qi := range 60 {
					q := randQuery(rng, len(m.rows))
					got, err := tb.Query(q)
					if err != nil {
						t.Fatalf("Query(%+v): %v", q, err)
					}
					want := m.query(q)
					if got.Total != want.Total || !slices.Equal(got.IDs, want.IDs) {
						t.Fatalf("Query(%s)\n got total %d %v\nwant total %d %v", fmtQuery(q), got.Total, got.IDs, want.Total, want.IDs)
					}
					checkPlans(t, tb, q, want)
					if qi%4 == 0 {
						checkAggregates(t, tb, m, q.Where)
					}
				}
				checkDistinct(t, tb, m, rng)
				// Writes: change a few cells, replace rows, insert, delete.
				all := ids()
				for range 150 {
					switch k := rng.IntN(10); {
					case k < 5:
						id := all[rng.IntN(len(all))]
						row := slices.Clone(m.rows[id])
						if row == nil { // deleted this round: insert it again
							row = randRow(rng)
						}
						row[rng.IntN(len(row))] = randValue(rng, modelCols[rng.IntN(len(modelCols))].Kind)
						for i, c := range modelCols { // keep kinds right
							if !row[i].IsNull() && !row[i].fits(c.Kind) {
								row[i] = randValue(rng, c.Kind)
							}
						}
						upsert(id, row)
					case k < 7:
						upsert(fmt.Sprintf("new%05d", rng.IntN(100000)), randRow(rng))
					default:
						id := all[rng.IntN(len(all))]
						tb.Delete(id)
						delete(m.rows, id)
					}
				}
				tb.Delete("never-there")
				if got, want := tb.Len(), len(m.rows); got != want {
					t.Fatalf("Len() = %d, want %d", got, want)
				}
				checkPerms(t, tb)
			}
		})
	}
}

// checkPlans runs both window plans (walk and sort) whatever the cost model
// would choose.
func checkPlans(t *testing.T, tb *Table, q Query, want Result) {
	t.Helper()
	if q.Limit == 0 || q.Offset >= want.Total {
		return
	}
	tb.mu.RLock()
	defer tb.mu.RUnlock()
	keys, err := tb.sortKeys(q.Sort)
	if err != nil {
		t.Fatal(err)
	}
	f, total, err := tb.filter(t.Context(), q.Where)
	if err != nil {
		t.Fatal(err)
	}
	defer putBitmap(f)
	toIDs := func(rows []int32) []string {
		var out []string
		for _, r := range rows {
			out = append(out, string(tb.ids.id(r)))
		}
		return out
	}
	if got := toIDs(tb.walk(keys, f, total, q.Offset, q.Limit)); !slices.Equal(got, want.IDs) {
		t.Fatalf("walk plan for %s\n got %v\nwant %v", fmtQuery(q), got, want.IDs)
	}
	if f == nil {
		f = tb.alive
	}
	if got := toIDs(tb.sortWindow(keys, f, total, q.Offset, q.Limit)); !slices.Equal(got, want.IDs) {
		t.Fatalf("sort plan for %s\n got %v\nwant %v", fmtQuery(q), got, want.IDs)
	}
}

func checkAggregates(t *testing.T, tb *Table, m *model, where Expr) {
	t.Helper()
	got, err := tb.Aggregate(where, "", Count)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]Value
	for _, row := range m.rows {
		if refMatch(where, row) {
			rows = append(rows, row)
		}
	}
	if got.N != len(rows) || got.Value.Int() != int64(len(rows)) {
		t.Fatalf("count rows = %v, want %d", got, len(rows))
	}
	for ci, c := range modelCols {
		var vals []Value
		for _, row := range rows {
			if v := row[ci]; !v.IsNull() {
				vals = append(vals, v)
			}
		}
		got, err := tb.Aggregate(where, c.Name, Count)
		if err != nil || got.N != len(vals) || got.Value.Int() != int64(len(vals)) {
			t.Fatalf("count %s = %v, %v; want %d", c.Name, got, err, len(vals))
		}
		if c.Kind != Int && c.Kind != Float {
			if _, err := tb.Aggregate(where, c.Name, Sum); !isBadQuery(err) {
				t.Fatalf("sum of %v: err %v, want ErrBadQuery", c.Kind, err)
			}
			continue
		}
		for _, fn := range []AggFunc{Sum, Avg, Min, Max} {
			got, err := tb.Aggregate(where, c.Name, fn)
			if err != nil {
				t.Fatal(err)
			}
			want := refAggregate(c.Kind, fn, vals)
			if got.N != len(vals) || !sameValue(got.Value, want) {
				t.Fatalf("%v(%s) = %v (n %d), want %v (n %d)", fn, c.Name, got.Value, got.N, want, len(vals))
			}
		}
	}
}

func refAggregate(kind Kind, fn AggFunc, vals []Value) Value {
	if len(vals) == 0 {
		return Null()
	}
	if kind == Int {
		var sum int64
		lo, hi := vals[0].i, vals[0].i
		for _, v := range vals {
			sum += v.i
			lo, hi = min(lo, v.i), max(hi, v.i)
		}
		return map[AggFunc]Value{Sum: IntValue(sum), Min: IntValue(lo), Max: IntValue(hi),
			Avg: FloatValue(float64(sum) / float64(len(vals)))}[fn]
	}
	var sum float64
	lo, hi := vals[0].Float(), vals[0].Float()
	for _, v := range vals {
		sum += v.Float()
		lo, hi = min(lo, v.Float()), max(hi, v.Float())
	}
	return map[AggFunc]Value{Sum: FloatValue(sum), Min: FloatValue(lo), Max: FloatValue(hi),
		Avg: FloatValue(sum / float64(len(vals)))}[fn]
}

// sameValue compares values, with floats equal when they are both NaN or
// differ by rounding only (the order of a float sum differs).
func sameValue(a, b Value) bool {
	if a.t != b.t {
		return false
	}
	if a.t == vFloat {
		if math.IsNaN(a.f) || math.IsNaN(b.f) {
			return math.IsNaN(a.f) && math.IsNaN(b.f)
		}
		return a.f == b.f || math.Abs(a.f-b.f) <= 1e-9*math.Max(math.Abs(a.f), math.Abs(b.f))
	}
	return a == b
}

func checkDistinct(t *testing.T, tb *Table, m *model, rng *rand.Rand) {
	t.Helper()
	for range 20 {
		c := modelCols[rng.IntN(len(modelCols))]
		where := Expr(nil)
		if rng.IntN(2) == 0 {
			where = randExpr(rng, 1)
		}
		prefix := []string{"", "к", "КО", "ма", "d", "Ё", "s", "zzz"}[rng.IntN(8)]
		limit := 1 + rng.IntN(8)
		got, err := tb.Distinct(where, c.Name, prefix, limit)
		if c.Kind != Text && c.Kind != Enum && c.Kind != Ref {
			if !isBadQuery(err) {
				t.Fatalf("Distinct(%s): err %v, want ErrBadQuery", c.Name, err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		var want []string
		i := colIndex(c.Name)
		for _, row := range m.rows {
			v := row[i]
			if v.IsNull() || v.s == "" || !refMatch(where, row) || !bytes.HasPrefix(fold(v.s), fold(prefix)) {
				continue
			}
			s := v.s
			if c.Kind == Text {
				s = unfold(fold(s))
			}
			if !seen[s] {
				seen[s] = true
				want = append(want, s)
			}
		}
		slices.SortFunc(want, func(a, b string) int {
			if x := bytes.Compare(fold(a), fold(b)); x != 0 {
				return x
			}
			return strings.Compare(a, b)
		})
		want = want[:min(limit, len(want))]
		if !slices.Equal(got, want) {
			t.Fatalf("Distinct(%v, %s, %q, %d)\n got %q\nwant %q", where, c.Name, prefix, limit, got, want)
		}
	}
}

func fmtQuery(q Query) string {
	return fmt.Sprintf("{Where: %v, Sort: %v, Offset: %d, Limit: %d}", q.Where, q.Sort, q.Offset, q.Limit)
}
