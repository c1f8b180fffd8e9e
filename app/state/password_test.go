package state

import (
	"errors"
	"strings"
	"testing"
	"time"

	"webtool/server/api"
)

func TestCheckNewPassword(t *testing.T) {
	long := strings.Repeat("я", PasswordMax) // 128 characters, 256 bytes
	for _, tt := range []struct {
		name, pw, repeat string
		pwCode, repCode  api.Code
	}{
		{"empty", "", "", api.FieldTooShort, ""},
		{"seven", "abcdefg", "abcdefg", api.FieldTooShort, ""},
		{"eight", "abcdefgh", "abcdefgh", "", ""},
		{"runes, not bytes", "пароль12", "пароль12", "", ""},
		{"four Cyrillic letters are 8 bytes", "пааа", "пааа", api.FieldTooShort, ""},
		{"at the bound", long, long, "", ""},
		{"over the bound", long + "я", long + "я", api.FieldTooLong, ""},
		{"repeat differs", "correct horse", "correct horsE", "", CodeMismatch},
		{"a short one is fixed first", "short", "other", api.FieldTooShort, ""},
	} {
		pw, rep := CheckNewPassword(tt.pw, tt.repeat)
		if pw != tt.pwCode || rep != tt.repCode {
			t.Errorf("%s: CheckNewPassword = %q, %q; want %q, %q", tt.name, pw, rep, tt.pwCode, tt.repCode)
		}
	}
}

func TestMeterAsksOnlyForTheLastValue(t *testing.T) {
	var m Meter
	if m.Typed("") != 0 || m.State != MeterEmpty {
		t.Fatalf("empty: state %q", m.State)
	}
	if seq := m.Typed("abc"); seq != 0 || m.State != MeterShort || m.Missing != 5 {
		t.Fatalf("short: seq %d state %q missing %d", seq, m.State, m.Missing)
	}
	first := m.Typed("abcdefgh")
	second := m.Typed("abcdefghi")
	if first == 0 || second == 0 || first == second || m.State != MeterWaiting {
		t.Fatalf("seqs %d %d state %q", first, second, m.State)
	}
	if _, ok := m.Due(first); ok {
		t.Error("the delay of a superseded value asked the server")
	}
	pw, ok := m.Due(second)
	if !ok || pw != "abcdefghi" {
		t.Fatalf("Due(latest) = %q, %v", pw, ok)
	}
	if m.Rated(first, api.PasswordStrength{Score: 4}, nil) {
		t.Error("an answer for an older value was applied")
	}
	if !m.Rated(second, api.PasswordStrength{Score: 1, Problem: api.FieldCommonPassword}, nil) {
		t.Fatal("the latest answer was dropped")
	}
	if m.State != MeterRated || m.Score != 1 || m.Problem != api.FieldCommonPassword {
		t.Errorf("rated: %+v", m)
	}
	// The same value again (a re-render) asks nothing.
	if seq := m.Typed("abcdefghi"); seq != 0 || m.State != MeterRated {
		t.Errorf("unchanged value: seq %d state %q", seq, m.State)
	}
	// A new value keeps the old bar until its own rating arrives.
	seq := m.Typed("abcdefghij")
	if m.State != MeterWaiting || m.Score != 1 {
		t.Errorf("waiting: %+v", m)
	}
	m.Due(seq)
	m.Rated(seq, api.PasswordStrength{}, errors.New("offline"))
	if m.State != MeterFailed {
		t.Errorf("failed: %q", m.State)
	}
	// Out of range scores are clamped; over the bound is known locally.
	seq = m.Typed("abcdefghijk")
	m.Rated(seq, api.PasswordStrength{Score: 9}, nil)
	if m.Score != 4 {
		t.Errorf("score %d, want clamped 4", m.Score)
	}
	if m.Typed(strings.Repeat("x", PasswordMax+1)) != 0 || m.State != MeterLong || m.Problem != api.FieldTooLong {
		t.Errorf("long: %+v", m)
	}
}

func TestSortSessions(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	got := SortSessions([]api.SessionInfo{
		{ID: "a", LastSeen: t0},
		{ID: "b", LastSeen: t0.Add(time.Hour)},
		{ID: "me", LastSeen: t0, Current: true},
		{ID: "c", LastSeen: t0.Add(2 * time.Hour)},
	})
	var ids []string
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	if strings.Join(ids, ",") != "me,c,b,a" {
		t.Errorf("order %v", ids)
	}
	if n := OtherSessions(got); n != 3 {
		t.Errorf("others %d", n)
	}
}

func TestPasswordSetEntersShellFromAnyScreen(t *testing.T) {
	bob := api.LoginReply{User: api.User{Login: "bob"}}
	for _, screen := range []Screen{Checking, Login, Shell} {
		m := Model{Screen: screen, User: api.User{Login: "ann"}, Busy: true}
		eff := m.PasswordSet(bob)
		if m.Screen != Shell || m.User.Login != "bob" || !eff.Connect || !eff.Disconnect || m.Busy {
			t.Errorf("from %v: screen %v user %q effect %+v", screen, m.Screen, m.User.Login, eff)
		}
	}
}
