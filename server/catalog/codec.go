package catalog

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"
)

// Records are stored in a compact binary form rather than JSON: at start
// every record of every catalog is decoded to build the query image, and
// decoding a million outlets from JSON took 12 s of the 10 s budget; this
// form takes a fraction of that and a third less disk.
//
//	record := 0x01 uvarint(version) str(id) str(createdBy) varint(createdAt)
//	          str(changedBy) varint(changedAt) deleted uvarint(n) n×(str(key) value)
//	deleted := 0x00 | 0x01 str(by) varint(at) | 0x02 str(by) varint(at) str(with)
//	value   := 's' str | 'f' float64 | 't' | 'F' (bool) | 'c' float64 float64 (coords)
//	         | 'l' uvarint(rows) rows×(uvarint(n) n×(str(key) value))
//	str     := uvarint(len) bytes
//
// Times are Unix nanoseconds; maps are written in key order so equal
// records encode equally.
const codecVersion = 1

var errCorrupt = errors.New("corrupt record")

func encodeRecord(r *Record) []byte {
	b := make([]byte, 0, 256)
	b = append(b, codecVersion)
	b = binary.AppendUvarint(b, r.Version)
	b = appendStr(b, r.ID)
	b = appendStr(b, r.CreatedBy)
	b = binary.AppendVarint(b, unixNano(r.CreatedAt))
	b = appendStr(b, r.ChangedBy)
	b = binary.AppendVarint(b, unixNano(r.ChangedAt))
	switch {
	case r.Deleted == nil:
		b = append(b, 0)
	case r.Deleted.With == "":
		b = append(b, 1)
		b = appendStr(b, r.Deleted.By)
		b = binary.AppendVarint(b, unixNano(r.Deleted.At))
	default:
		b = append(b, 2)
		b = appendStr(b, r.Deleted.By)
		b = binary.AppendVarint(b, unixNano(r.Deleted.At))
		b = appendStr(b, r.Deleted.With)
	}
	return appendMap(b, r.Values)
}

func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNano(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendMap(b []byte, m map[string]any) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = appendStr(b, k)
		b = appendValue(b, m[k])
	}
	return b
}

func appendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		return appendStr(append(b, 's'), v)
	case float64:
		return binary.LittleEndian.AppendUint64(append(b, 'f'), math.Float64bits(v))
	case bool:
		if v {
			return append(b, 't')
		}
		return append(b, 'F')
	case []any:
		if len(v) == 2 {
			lat, ok1 := v[0].(float64)
			lon, ok2 := v[1].(float64)
			if ok1 && ok2 {
				b = binary.LittleEndian.AppendUint64(append(b, 'c'), math.Float64bits(lat))
				return binary.LittleEndian.AppendUint64(b, math.Float64bits(lon))
			}
		}
		b = binary.AppendUvarint(append(b, 'l'), uint64(len(v)))
		for _, row := range v {
			m, _ := row.(map[string]any)
			b = appendMap(b, m)
		}
		return b
	}
	// normalize produces only the kinds above.
	panic(fmt.Sprintf("catalog: cannot encode %T", v))
}

// decoder reads the binary form; the first error sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// varint undoes binary.AppendVarint: a uvarint of the zig-zag form.
func (d *decoder) varint() int64 {
	ux := d.uvarint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (d *decoder) str() string {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		d.fail()
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) byte1() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) float() float64 {
	if len(d.b) < 8 {
		d.fail()
		return 0
	}
	f := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return f
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCorrupt
	}
	d.b = nil
}

func (d *decoder) value(depth int) any {
	switch d.byte1() {
	case 's':
		return d.str()
	case 'f':
		return d.float()
	case 't':
		return true
	case 'F':
		return false
	case 'c':
		return []any{d.float(), d.float()}
	case 'l':
		if depth > 0 {
			d.fail()
			return nil
		}
		n := d.uvarint()
		if n > uint64(len(d.b)) {
			d.fail()
			return nil
		}
		rows := make([]any, 0, n)
		for i := uint64(0); i < n && d.err == nil; i++ {
			rows = append(rows, d.values(depth+1))
		}
		return rows
	}
	d.fail()
	return nil
}

func (d *decoder) values(depth int) map[string]any {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	m := make(map[string]any, n)
	for i := uint64(0); i < n && d.err == nil; i++ {
		k := d.str()
		m[k] = d.value(depth)
	}
	return m
}

func decodeRecord(raw []byte) (*Record, error) {
	d := &decoder{b: raw}
	if d.byte1() != codecVersion {
		return nil, fmt.Errorf("%w: unknown encoding", errCorrupt)
	}
	r := &Record{}
	r.Version = d.uvarint()
	r.ID = d.str()
	r.CreatedBy = d.str()
	r.CreatedAt = fromNano(d.varint())
	r.ChangedBy = d.str()
	r.ChangedAt = fromNano(d.varint())
	switch d.byte1() {
	case 0:
	case 1:
		r.Deleted = &Deletion{By: d.str(), At: fromNano(d.varint())}
	case 2:
		r.Deleted = &Deletion{By: d.str(), At: fromNano(d.varint())}
		r.Deleted.With = d.str()
	default:
		d.fail()
	}
	r.Values = d.values(0)
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%w: %d trailing bytes", errCorrupt, len(d.b))
	}
	if d.err != nil {
		return nil, d.err
	}
	return r, nil
}
