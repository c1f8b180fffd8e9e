package state

import (
	"fmt"
	"time"
)

// FormatUntil words the moment a lockout ends for the user: in their own
// time zone (loc; nil means time.Local), as clock time alone when it is
// today there, with the date otherwise. RU: "14:35" / "14:35 23.11.2026";
// EN: "14:35" / "14:35, 23 Nov 2026". The server sends UTC; showing UTC
// would make a user in Novosibirsk think the lock lasts hours longer.
func FormatUntil(until time.Time, lang string, loc *time.Location, now time.Time) string {
	if loc == nil {
		loc = time.Local
	}
	t := until.In(loc)
	n := now.In(loc)
	clock := t.Format("15:04")
	if t.Year() == n.Year() && t.YearDay() == n.YearDay() {
		return clock
	}
	if lang == "en" {
		return fmt.Sprintf("%s, %d %s %d", clock, t.Day(), monthEN(t.Month()), t.Year())
	}
	return fmt.Sprintf("%s %02d.%02d.%d", clock, t.Day(), int(t.Month()), t.Year())
}
