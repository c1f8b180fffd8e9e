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
