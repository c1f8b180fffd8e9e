package state

import (
	"testing"
	"time"
)

func TestParseDateInput(t *testing.T) {
	for _, tt := range []struct {
		lang, in, want string
		ok             bool
	}{
		{"ru", "", "", true},
		{"ru", "   ", "", true},
		{"ru", "23.11.2026", "2026-11-23", true},
		{"ru", " 1.2.2026 ", "2026-02-01", true},
		{"ru", "01.02.26", "2026-02-01", true},
		{"ru", "23/11/2026", "2026-11-23", true},
		{"ru", "23-11-2026", "2026-11-23", true},
		{"ru", "23112026", "2026-11-23", true},
		{"ru", "2026-11-23", "2026-11-23", true},
		{"ru", "23 ноября 2026", "2026-11-23", true},
		{"ru", "1 мая 2026", "2026-05-01", true},
		{"ru", "1 марта 2026", "2026-03-01", true},
		{"ru", "23 Nov 2026", "2026-11-23", true},
		{"en", "2026-11-23", "2026-11-23", true},
		{"en", "2026-1-5", "2026-01-05", true},
		{"en", "20261123", "2026-11-23", true},
		{"en", "23.11.2026", "2026-11-23", true},
		{"en", "23 Nov 2026", "2026-11-23", true},
		{"en", "5 november 2026", "2026-11-05", true},
		{"en", "03/04/2026", "", false}, // ambiguous: refused
		{"ru", "31.02.2026", "", false}, // no such day
		{"ru", "29.02.2028", "2028-02-29", true},
		{"ru", "29.02.2027", "", false},
		{"ru", "32.01.2026", "", false},
		{"ru", "23.13.2026", "", false},
		{"ru", "23.11", "", false},
		{"ru", "23.11.202", "", false},
		{"ru", "23.11.20266", "", false},
		{"ru", "abc", "", false},
		{"ru", "23 мар 2026", "2026-03-23", true},
		{"ru", "23 ма 2026", "", false},
		{"ru", "01.01.0026", "", false}, // year 26, not 2026: out of range
		{"ru", "01.01.9999", "", false},
		{"en", "12/11/2026", "", false},
	} {
		got, ok := ParseDateInput(tt.in, tt.lang)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ParseDateInput(%q, %s) = %q, %v; want %q, %v", tt.in, tt.lang, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFormatDateInputRoundTrips(t *testing.T) {
	for _, tt := range []struct{ lang, wire, shown string }{
		{"ru", "2026-11-23", "23.11.2026"},
		{"ru", "2026-02-01", "01.02.2026"},
		{"en", "2026-11-23", "2026-11-23"},
		{"ru", "23.11", "23.11"}, // not a date: shown as typed
		{"en", "", ""},
	} {
		got := FormatDateInput(tt.wire, tt.lang)
		if got != tt.shown {
			t.Errorf("FormatDateInput(%q, %s) = %q, want %q", tt.wire, tt.lang, got, tt.shown)
			continue
		}
		if tt.wire == "" || tt.wire == tt.shown && tt.lang == "ru" {
			continue
		}
		if back, ok := ParseDateInput(got, tt.lang); !ok || back != tt.wire {
			t.Errorf("%s: %q reads back as %q, %v", tt.lang, got, back, ok)
		}
	}
}

func TestCalendarDays(t *testing.T) {
	// November 2026 starts on a Sunday.
	ru := CalendarDays(2026, time.November, WeekStart("ru"))
	if len(ru) != 42 {
		t.Fatalf("%d days", len(ru))
	}
	if got := ru[0].Format("2006-01-02"); got != "2026-10-26" {
		t.Errorf("ru grid starts %s, want Monday 26 October", got)
	}
	if ru[6].Format("2006-01-02") != "2026-11-01" {
		t.Errorf("ru: 1 November is not the end of the first week: %s", ru[6])
	}
	en := CalendarDays(2026, time.November, WeekStart("en"))
	if got := en[0].Format("2006-01-02"); got != "2026-11-01" {
		t.Errorf("en grid starts %s, want Sunday 1 November", got)
	}
	for i, d := range ru {
		if (int(d.Weekday())-int(time.Monday)+7)%7 != i%7 {
			t.Fatalf("day %d (%s) is a %s", i, d.Format("2006-01-02"), d.Weekday())
		}
	}
	if got := MonthTitle(2026, time.November, "ru"); got != "Ноябрь 2026" {
		t.Errorf("title %q", got)
	}
	if got := WeekdayShort(time.Monday, "ru") + WeekdayShort(time.Sunday, "en"); got != "ПнSu" {
		t.Errorf("weekdays %q", got)
	}
}

func TestCalendarMove(t *testing.T) {
	day := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC) // a Saturday
	for _, tt := range []struct {
		key   string
		shift bool
		start time.Weekday
		want  string
	}{
		{"ArrowLeft", false, time.Monday, "2026-01-30"},
		{"ArrowRight", false, time.Monday, "2026-02-01"},
		{"ArrowUp", false, time.Monday, "2026-01-24"},
		{"ArrowDown", false, time.Monday, "2026-02-07"},
		{"Home", false, time.Monday, "2026-01-26"},
		{"End", false, time.Monday, "2026-02-01"},
		{"Home", false, time.Sunday, "2026-01-25"},
		{"End", false, time.Sunday, "2026-01-31"},
		{"PageDown", false, time.Monday, "2026-02-28"},
		{"PageUp", false, time.Monday, "2025-12-31"},
		{"PageDown", true, time.Monday, "2027-01-31"},
	} {
		got, ok := CalendarMove(day, tt.key, tt.shift, tt.start)
		if !ok || got.Format("2006-01-02") != tt.want {
			t.Errorf("%s (shift %v, week from %s): %s, want %s", tt.key, tt.shift, tt.start, got.Format("2006-01-02"), tt.want)
		}
	}
	if _, ok := CalendarMove(day, "x", false, time.Monday); ok {
		t.Error("x moves the calendar")
	}
}
