package api

import (
	"fmt"
	"unicode/utf8"
)

// The password rule, for every way a password is set (the first
// administrator, demo accounts, new users): at least MinPasswordChars and
// at most MaxPasswordChars characters. Characters are counted as Unicode
// code points of the NFC form, which is what the server hashes, so 128
// Cyrillic letters (256 bytes) are as good as 128 Latin ones. Sign-in
// refuses only passwords over MaxPasswordChars: no longer one can have
// been set.
const (
	MinPasswordChars = 8
	MaxPasswordChars = 128
)

// CheckPassword returns nil when password follows the rule, or a validation
// *Error whose Fields["password"] is "too_short" or "too_long" and whose
// Args["password"] is the bound. The server passes the NFC form; the client
// may pass what was typed (browsers produce NFC).
func CheckPassword(password string) error {
	n := utf8.RuneCountInString(password)
	code, bound := Code(""), 0
	switch {
	case n < MinPasswordChars:
		code, bound = FieldTooShort, MinPasswordChars
	case n > MaxPasswordChars:
		code, bound = FieldTooLong, MaxPasswordChars
	default:
		return nil
	}
	return &Error{Code: CodeValidation, Message: fmt.Sprintf("a password has %d to %d characters", MinPasswordChars, MaxPasswordChars),
		Fields: map[string]Code{"password": code}, Args: map[string]string{"password": fmt.Sprint(bound)}}
}
