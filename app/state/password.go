package state

import (
	"cmp"
	"slices"
	"time"
	"unicode/utf8"

	"webtool/server/api"
)

// Passwords on the client: the form checks that mirror the server's rule
// (server/password) so the common mistakes are shown before a round trip,
// the strength meter's model, and the order of one's sessions. The server
// still decides: it counts characters of the NFC form, which the client
// (without a normalisation table in the wasm) approximates with runes.

// Bounds of a password, in characters (NIST SP 800-63B: at least 8, and
// long passphrases allowed).
const (
	PasswordMin = 8
	PasswordMax = 128
)

// MeterDelay is how long the meter waits after the last keystroke before it
// asks the server: a request per key would rate every prefix of the
// password and count against the endpoint's rate limit.
const MeterDelay = 250 * time.Millisecond

// CodeMismatch is the client's own field code for a repeated password that
// differs from the first (the server never sees the repeat).
const CodeMismatch api.Code = "mismatch"

// PasswordLen counts pw's characters as the rule does.
func PasswordLen(pw string) int { return utf8.RuneCountInString(pw) }

// CheckPassword is the length rule alone: too_short or too_long, or "".
func CheckPassword(pw string) api.Code {
	switch n := PasswordLen(pw); {
	case n < PasswordMin:
		return api.FieldTooShort
	case n > PasswordMax:
		return api.FieldTooLong
	}
	return ""
}

// CheckNewPassword checks a new password and its repeat before they are
// sent: the codes for each field, "" where it is fine. The repeat is
// judged only once the password itself passes, so the user fixes one
// thing at a time in the order of the form.
func CheckNewPassword(pw, repeat string) (pwCode, repeatCode api.Code) {
	if pwCode = CheckPassword(pw); pwCode != "" {
		return pwCode, ""
	}
	if pw != repeat {
		return "", CodeMismatch
	}
	return "", ""
}

// Meter states (PasswordMeter's data-state).
const (
	MeterEmpty   = "empty"   // nothing typed
	MeterShort   = "short"   // under PasswordMin: Missing says how many more
	MeterLong    = "long"    // over PasswordMax
	MeterWaiting = "waiting" // typed; the server's rating is not back yet
	MeterRated   = "rated"   // Score and Problem are the server's, for this password
	MeterFailed  = "failed"  // the server could not be asked
)

// Meter is the strength meter's model. Each change of the password gets a
// sequence number; the check runs only if no later change came within
// MeterDelay, and a reply counts only if it answers the latest change, so
// an answer that overtakes another never shows a stale rating. The zero
// Meter is empty.
type Meter struct {
	State string
	// Score (0..4) and Problem are the last rating. While a new one is on
	// its way they keep the previous value, so the bar does not flicker.
	Score   int
	Problem api.Code
	// HasScore says Score is a rating of this value or, while waiting, of
	// the one before (false after an empty, short or long one).
	HasScore bool
	// Missing is how many characters a short password lacks.
	Missing int

	pw  string
	seq int
}

// Typed takes the field's value. It returns the sequence number of a check
// to run after MeterDelay (Due), or 0 when the server need not be asked
// (unchanged, empty, too short or too long: those the client knows).
func (m *Meter) Typed(pw string) int {
	if m.State == "" {
		m.State = MeterEmpty
	}
	if pw == m.pw {
		return 0
	}
	m.pw = pw
	m.seq++
	m.Missing = 0
	n := PasswordLen(pw)
	if n < PasswordMin || n > PasswordMax {
		m.HasScore = false
	}
	switch {
	case n == 0:
		m.State, m.Score, m.Problem = MeterEmpty, 0, ""
		return 0
	case n < PasswordMin:
		m.State, m.Score, m.Problem = MeterShort, 0, ""
		m.Missing = PasswordMin - n
		return 0
	case n > PasswordMax:
		m.State, m.Score, m.Problem = MeterLong, 0, api.FieldTooLong
		return 0
	}
	m.State = MeterWaiting
	return m.seq
}

// Due is called MeterDelay after the change seq: it returns the password
// to rate, and false when a later change has come (its own Due asks).
func (m *Meter) Due(seq int) (string, bool) {
	if seq != m.seq || m.State != MeterWaiting {
		return "", false
	}
	return m.pw, true
}

// Rated takes the server's answer to the check of change seq. It reports
// false, and changes nothing, when the answer is for an older value.
func (m *Meter) Rated(seq int, s api.PasswordStrength, err error) bool {
	if seq != m.seq || m.State != MeterWaiting {
		return false
	}
	if err != nil {
		m.State = MeterFailed
		return true
	}
	m.State, m.HasScore = MeterRated, true
	m.Score = min(max(s.Score, 0), 4)
	m.Problem = s.Problem
	return true
}

// Password is the value the meter last took.
func (m *Meter) Password() string { return m.pw }

// SortSessions orders sessions for the list: the asking one first, then the
// most recently active.
func SortSessions(list []api.SessionInfo) []api.SessionInfo {
	out := slices.Clone(list)
	slices.SortStableFunc(out, func(a, b api.SessionInfo) int {
		if a.Current != b.Current {
			if a.Current {
				return -1
			}
			return 1
		}
		if c := b.LastSeen.Compare(a.LastSeen); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// OtherSessions counts the sessions that are not the asking one.
func OtherSessions(list []api.SessionInfo) int {
	n := 0
	for _, s := range list {
		if !s.Current {
			n++
		}
	}
	return n
}

// PasswordSet takes the reply of a password set through a one-time link:
// the server has signed the link's user in, replacing any session this
// browser had (its cookie is gone), so whoever was in the shell leaves it
// and the new user enters, whatever screen showed.
func (m *Model) PasswordSet(reply api.LoginReply) Effect {
	m.retry.Reset()
	m.retryScheduled = false
	eff := m.enterShell(reply)
	eff.Disconnect = true
	return eff
}
