package query

import "testing"

// A text column whose cells are all empty has no values to search.
func TestContainsOnAnAllEmptyColumn(t *testing.T) {
	for _, build := range []bool{false, true} {
		tb := NewTable([]Column{{"a", Text}, {"b", Text}})
		if build {
			tb.BuildIndexes()
		}
		tb.Upsert("1", []Value{StringValue("x"), Null()})
		tb.Upsert("2", []Value{StringValue("y"), Null()})
		tb.Upsert("3", []Value{StringValue("кофе"), Null()})
		if _, err := tb.Query(Query{Where: Where("b", Contains, StringValue("КОФЕ")), Limit: 10}); err != nil {
			t.Fatal(err)
		}
	}
}
