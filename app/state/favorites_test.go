package state

import (
	"slices"
	"testing"
)

func TestFavorites(t *testing.T) {
	abc := []string{"a", "b", "c"}
	tests := []struct {
		name string
		op   func([]string) []string
		in   []string
		want []string
	}{
		{"add to empty", func(l []string) []string { return FavAdd(l, "a") }, nil, []string{"a"}},
		{"add appends", func(l []string) []string { return FavAdd(l, "d") }, abc, []string{"a", "b", "c", "d"}},
		{"add duplicate keeps place", func(l []string) []string { return FavAdd(l, "a") }, abc, abc},
		{"add empty key", func(l []string) []string { return FavAdd(l, "") }, abc, abc},
		{"remove middle", func(l []string) []string { return FavRemove(l, "b") }, abc, []string{"a", "c"}},
		{"remove absent", func(l []string) []string { return FavRemove(l, "x") }, abc, abc},
		{"move last before first", func(l []string) []string { return FavMove(l, "c", "a") }, abc, []string{"c", "a", "b"}},
		{"move first before last", func(l []string) []string { return FavMove(l, "a", "c") }, abc, []string{"b", "a", "c"}},
		{"move onto itself", func(l []string) []string { return FavMove(l, "b", "b") }, abc, []string{"a", "c", "b"}},
		{"move to end", func(l []string) []string { return FavMove(l, "a", "") }, abc, []string{"b", "c", "a"}},
		{"move unknown target", func(l []string) []string { return FavMove(l, "a", "x") }, abc, []string{"b", "c", "a"}},
		{"move new key inserts", func(l []string) []string { return FavMove(l, "d", "b") }, abc, []string{"a", "d", "b", "c"}},
		{"move empty key", func(l []string) []string { return FavMove(l, "", "b") }, abc, abc},
		{"shift left", func(l []string) []string { return FavShift(l, l, "b", -1) }, abc, []string{"b", "a", "c"}},
		{"shift right", func(l []string) []string { return FavShift(l, l, "b", 1) }, abc, []string{"a", "c", "b"}},
		{"shift first left stays", func(l []string) []string { return FavShift(l, l, "a", -1) }, abc, abc},
		{"shift last right stays", func(l []string) []string { return FavShift(l, l, "c", 1) }, abc, abc},
		{"shift right past a hidden one", func(l []string) []string { return FavShift(l, []string{"a", "c"}, "a", 1) }, abc, []string{"b", "c", "a"}},
		{"shift left past a hidden one", func(l []string) []string { return FavShift(l, []string{"a", "c"}, "c", -1) }, abc, []string{"c", "a", "b"}},
		{"shift unknown", func(l []string) []string { return FavShift(l, l, "x", 1) }, abc, abc},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.in)
			got := tt.op(in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if !slices.Equal(in, tt.in) {
				t.Errorf("input changed to %v", in)
			}
		})
	}
}
