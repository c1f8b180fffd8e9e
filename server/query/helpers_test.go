package query

import "errors"

func isBadQuery(err error) bool { return errors.Is(err, ErrBadQuery) }

func nan() float64 { var z float64; return z / z }

// raceEnabled is set under the race detector, which makes the property
// test ten times slower: it then runs on fewer rows.
var raceEnabled bool
