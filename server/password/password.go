// Package password is the password rule (NIST SP 800-63B): 8 to 128
// characters of the NFC form, no composition rules, refused when it is the
// user's login or name or among the most common passwords; and a strength
// score for the meter on the forms.
package password

import "webtool/server/api"

// Normalize is the form of a password that is judged, hashed and compared:
// NFC, so "é" typed as one code point or as e + accent is one password.
func Normalize(pw string) string { panic("not built") }

// Check returns nil when pw (any form; it is normalized first) may be set
// for a user whose login, name (and e-mail) are guessable, or a validation
// *api.Error with Fields["password"] = too_short / too_long (Args["password"]
// the bound), like_login, or common_password.
func Check(pw string, guessable ...string) error { panic("not built") }

// Strength rates pw for the meter: Score 0..4 and the Problem a save would
// refuse it with ("" when none).
func Strength(pw string, guessable ...string) api.PasswordStrength { panic("not built") }
