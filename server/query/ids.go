package query

import (
	"bytes"
	"hash/maphash"
)

// idStore keeps the record ids: their bytes in one arena (no per-id string
// header for the collector to scan) and an open-addressing hash index from id
// to row. Together about 20 bytes per row, against ~60 for a map[string]int32
// with its own copies of the keys.
type idStore struct {
	arena   []byte
	start   []uint32 // row → offset in arena
	ln      []uint8  // row → length; ids are at most 255 bytes
	garbage int      // arena bytes no live row points at

	slots []int32 // row+1, 0 = empty; len is a power of two
	used  int
	seed  maphash.Seed
}

const maxIDLen = 255

func (s *idStore) id(r int32) []byte {
	o := s.start[r]
	return s.arena[o : o+uint32(s.ln[r])]
}

func (s *idStore) home(id []byte) int {
	return int(maphash.Bytes(s.seed, id) & uint64(len(s.slots)-1))
}

// lookup returns the row holding id.
func (s *idStore) lookup(id string) (int32, bool) {
	if len(s.slots) == 0 {
		return 0, false
	}
	mask := len(s.slots) - 1
	for i := int(maphash.String(s.seed, id)) & mask; ; i = (i + 1) & mask {
		r := s.slots[i] - 1
		if r < 0 {
			return 0, false
		}
		if string(s.id(r)) == id {
			return r, true
		}
	}
}

// add stores id for row r (which must be absent) and indexes it.
func (s *idStore) add(id string, r int32) {
	for int(r) >= len(s.start) {
		s.start = append(s.start, 0)
		s.ln = append(s.ln, 0)
	}
	s.start[r] = uint32(len(s.arena))
	s.ln[r] = uint8(len(id))
	s.arena = append(s.arena, id...)
	if (s.used+1)*2 > len(s.slots) {
		s.rehash(max(1024, len(s.slots)*2))
	}
	s.place(r)
	s.used++
}

func (s *idStore) place(r int32) {
	mask := len(s.slots) - 1
	i := s.home(s.id(r))
	for s.slots[i] != 0 {
		i = (i + 1) & mask
	}
	s.slots[i] = r + 1
}

func (s *idStore) rehash(n int) {
	old := s.slots
	s.slots = make([]int32, n)
	for _, v := range old {
		if v != 0 {
			s.place(v - 1)
		}
	}
}

// remove unindexes row r (whose id must be present), using backward-shift
// deletion so that no tombstones accumulate.
func (s *idStore) remove(r int32) {
	mask := len(s.slots) - 1
	i := s.home(s.id(r))
	for s.slots[i] != r+1 {
		i = (i + 1) & mask
	}
	for j := i; ; {
		j = (j + 1) & mask
		v := s.slots[j]
		if v == 0 {
			break
		}
		k := s.home(s.id(v - 1))
		// Move v into the hole at i unless its home lies cyclically in (i, j].
		if (j > i && (k <= i || k > j)) || (j < i && k <= i && k > j) {
			s.slots[i] = v
			i = j
		}
	}
	s.slots[i] = 0
	s.used--
	s.garbage += int(s.ln[r])
	s.ln[r] = 0
	if s.garbage > 1<<20 && s.garbage > len(s.arena)/2 {
		s.compact()
	}
}

// compact rewrites the arena without the bytes of removed ids.
func (s *idStore) compact() {
	arena := make([]byte, 0, len(s.arena)-s.garbage)
	for r := range s.start {
		o := s.start[r]
		s.start[r] = uint32(len(arena))
		arena = append(arena, s.arena[o:o+uint32(s.ln[r])]...)
	}
	s.arena, s.garbage = arena, 0
}

func (s *idStore) cmp(a, b int32) int { return bytes.Compare(s.id(a), s.id(b)) }
