package state

import "slices"

// FavAdd returns the favorites with key appended; a key already there
// stays where it is. The result never shares memory with list.
func FavAdd(list []string, key string) []string {
	out := slices.Clone(list)
	if key == "" || slices.Contains(out, key) {
		return out
	}
	return append(out, key)
}

// FavRemove returns the favorites without key.
func FavRemove(list []string, key string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(k string) bool { return k == key })
}

// FavMove returns the favorites with key placed just before the key
// before; an empty or unknown before puts it last. A key not in the list is
// added (a catalog dropped from the navigation onto a tile).
func FavMove(list []string, key, before string) []string {
	if key == "" {
		return slices.Clone(list)
	}
	out := FavRemove(list, key)
	if i := slices.Index(out, before); i >= 0 && before != key {
		return slices.Insert(out, i, key)
	}
	return append(out, key)
}

// FavShift moves key one tile earlier (delta < 0) or later among the tiles
// shown (visible: favorites whose catalog the user may still open), for
// reordering from the keyboard. At either end nothing moves.
func FavShift(list, visible []string, key string, delta int) []string {
	i := slices.Index(visible, key)
	if delta < 0 {
		delta = -1
	} else {
		delta = 1
	}
	j := i + delta
	if i < 0 || j < 0 || j >= len(visible) {
		return slices.Clone(list)
	}
	if delta < 0 {
		return FavMove(list, key, visible[j])
	}
	out := FavRemove(list, key)
	at := slices.Index(out, visible[j])
	return slices.Insert(out, at+1, key)
}
