package state

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"webtool/server/api"
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

// ---- dates typed and picked

// Dates are typed and shown in the UI's language, never the browser's
// locale (an <input type=date> shows mm/dd/yyyy to a Russian user of an
// English browser): Russian DD.MM.YYYY, English YYYY-MM-DD (ISO 8601,
// which no English reader takes for month-first or day-first). On the wire
// a date stays "2026-11-23".

// DateHint is the form of a date field in lang, for its placeholder.
func DateHint(lang string) string {
	if lang == "en" {
		return "YYYY-MM-DD"
	}
	return "ДД.ММ.ГГГГ"
}

// FormatDateInput shows a wire date as a date field shows it in lang:
// "23.11.2026" (ru), "2026-11-23" (en). Anything that is not a wire date
// (what the user typed and could not be read) is shown as it is.
func FormatDateInput(wire, lang string) string {
	d, ok := api.ParseDate(wire)
	if !ok {
		return wire
	}
	if lang == "en" {
		return d.Format(api.DateLayout)
	}
	return d.Format("02.01.2006")
}

// ParseDateInput reads a date as people type it and returns its wire form;
// "" (and true) for an empty field. Both languages take ISO ("2026-11-23")
// and day-first with dots ("23.11.2026", "1.2.26" for 2026); Russian also
// takes slashes ("23/11/2026") and eight digits "23112026", English eight
// digits "20261123". A month may be written as a word in either language
// ("23 Nov 2026", "23 ноября 2026"). English refuses slashes: "03/04/2026"
// is April to some readers and March to others. A two-digit year is in
// this century. Dates outside api.MinYear…api.MaxYear are refused.
func ParseDateInput(typed, lang string) (string, bool) {
	s := strings.TrimSpace(typed)
	if s == "" {
		return "", true
	}
	y, m, d, ok := splitDate(s, lang)
	if !ok {
		return "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m || t.Year() != y { // 31.02 does not roll over
		return "", false
	}
	wire := t.Format(api.DateLayout)
	if _, ok := api.ParseDate(wire); !ok {
		return "", false
	}
	return wire, true
}

// splitDate finds year, month and day in s (see ParseDateInput).
func splitDate(s, lang string) (y, m, d int, ok bool) {
	if len(s) == 8 && allDigits(s) {
		n := func(a, b int) int { v, _ := strconv.Atoi(s[a:b]); return v }
		if lang == "en" {
			return n(0, 4), n(4, 6), n(6, 8), true
		}
		return n(4, 8), n(2, 4), n(0, 2), true
	}
	parts := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == '.' || r == '-' || r == '/' || r == ' ' || r == ','
	})
	if len(parts) != 3 {
		return 0, 0, 0, false
	}
	num := func(p string, maxLen int) (int, bool) {
		if p == "" || len(p) > maxLen || !allDigits(p) {
			return 0, false
		}
		v, err := strconv.Atoi(p)
		return v, err == nil
	}
	if len(parts[0]) == 4 {
		// ISO: year first.
		y, ok1 := num(parts[0], 4)
		m, ok2 := num(parts[1], 2)
		d, ok3 := num(parts[2], 2)
		return y, m, d, ok1 && ok2 && ok3
	}
	if strings.Contains(s, "/") && lang == "en" {
		return 0, 0, 0, false
	}
	// Day first; the month a number or a word; the year two or four digits.
	d, ok1 := num(parts[0], 2)
	m, ok2 := num(parts[1], 2)
	if !ok2 {
		m, ok2 = monthByName(parts[1])
	}
	y, ok3 := num(parts[2], 4)
	switch len(parts[2]) {
	case 2:
		y += 2000
	case 4:
	default:
		ok3 = false
	}
	return y, m, d, ok1 && ok2 && ok3
}

// monthStems are the starts of the months' names that identify them, in
// English and in Russian (any case: "ноября", "Нояб", "November").
var monthStems = [12][2]string{
	{"jan", "янв"}, {"feb", "фев"}, {"mar", "мар"}, {"apr", "апр"},
	{"may", "ма"}, {"jun", "июн"}, {"jul", "июл"}, {"aug", "авг"},
	{"sep", "сен"}, {"oct", "окт"}, {"nov", "ноя"}, {"dec", "дек"},
}

func monthByName(w string) (int, bool) {
	for i, st := range monthStems {
		for _, stem := range st {
			if strings.HasPrefix(w, stem) && (stem != "ма" || w == "мая" || w == "май") {
				return i + 1, true
			}
		}
	}
	return 0, false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ---- the calendar of a date field

// WeekStart is the first day of a calendar's week in lang: Monday in
// Russian, Sunday in English.
func WeekStart(lang string) time.Weekday {
	if lang == "en" {
		return time.Sunday
	}
	return time.Monday
}

// CalendarDays are the 42 days (six weeks) a month's grid shows: from the
// first day of the week that holds the month's first day.
func CalendarDays(year int, month time.Month, start time.Weekday) []time.Time {
	first := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	back := (int(first.Weekday()) - int(start) + 7) % 7
	day := first.AddDate(0, 0, -back)
	out := make([]time.Time, 42)
	for i := range out {
		out[i] = day.AddDate(0, 0, i)
	}
	return out
}

// CalendarMove is where a calendar's keyboard takes the focused day:
// arrows a day or a week, Home and End the week's ends, PageUp and
// PageDown a month (Shift: a year). ok is false for other keys.
func CalendarMove(day time.Time, key string, shift bool, start time.Weekday) (time.Time, bool) {
	switch key {
	case "ArrowLeft":
		return day.AddDate(0, 0, -1), true
	case "ArrowRight":
		return day.AddDate(0, 0, 1), true
	case "ArrowUp":
		return day.AddDate(0, 0, -7), true
	case "ArrowDown":
		return day.AddDate(0, 0, 7), true
	case "Home":
		return day.AddDate(0, 0, -((int(day.Weekday()) - int(start) + 7) % 7)), true
	case "End":
		return day.AddDate(0, 0, 6-((int(day.Weekday())-int(start)+7)%7)), true
	case "PageUp", "PageDown":
		n := 1
		if key == "PageUp" {
			n = -1
		}
		if shift {
			return addMonths(day, 12*n), true
		}
		return addMonths(day, n), true
	}
	return day, false
}

// addMonths moves day by n months, keeping to the last day of a shorter
// month (31 January + 1 month is 28 or 29 February, not 3 March).
func addMonths(day time.Time, n int) time.Time {
	first := time.Date(day.Year(), day.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(day.Day(), last)-1)
}

var (
	monthsRU = [12]string{"Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"}
	monthsEN = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	daysRU   = [7]string{"Вс", "Пн", "Вт", "Ср", "Чт", "Пт", "Сб"}
	daysEN   = [7]string{"Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"}
)

// MonthTitle is a calendar's heading: "Ноябрь 2026", "November 2026".
func MonthTitle(year int, month time.Month, lang string) string {
	name := monthsRU[month-1]
	if lang == "en" {
		name = monthsEN[month-1]
	}
	return name + " " + strconv.Itoa(year)
}

// WeekdayShort is a calendar column's heading: "Пн", "Mo".
func WeekdayShort(d time.Weekday, lang string) string {
	if lang == "en" {
		return daysEN[d]
	}
	return daysRU[d]
}
