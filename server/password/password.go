// Package password is the password rule (NIST SP 800-63B): 8 to 128
// characters of the NFC form, no composition rules, refused when it is the
// user's login or name or among the most common passwords; and a strength
// score for the meter on the forms.
package password

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/frequency"
	"golang.org/x/text/unicode/norm"

	"webtool/server/api"
)

// CommonCount is how many of the most common passwords are refused: the
// first CommonCount entries of zxcvbn's ranked "passwords" list (30,000
// entries in v1.0.1, most frequent first, from leaked password sets). Ten
// thousand is the size NIST's guidance and most deployments use; the tail
// of the list is mostly passwords too short for our rule anyway.
const CommonCount = 10000

// Normalize is the form of a password that is judged, hashed and compared:
// NFC, so "é" typed as one code point or as e + accent is one password.
func Normalize(pw string) string { return norm.NFC.String(pw) }

// Check returns nil when pw (any form; it is normalized first) may be set
// for a user whose login, name (and e-mail) are guessable, or a validation
// *api.Error with Fields["password"] = too_short / too_long (Args["password"]
// the bound), like_login, or common_password.
//
// like_login: with case folded and spaces and punctuation removed, the
// password is one of the guessable values (an e-mail also counts by its
// local part, a name also by each of its words), possibly repeated, with a
// run of digits before or after it: for login "ivanov" that refuses
// "Ivanov", "ivanov123", "2024ivanov", "ivanovivanov", "ivan.ov!" (and for
// login "ivan1", "ivan1ivan1" and "ivan2024"). It does not look for the
// login inside a longer password ("ivanov-likes-tea" is accepted): that is
// for the strength meter to frown upon.
//
// common_password: the lower-cased password is among the CommonCount most
// common passwords.
func Check(pw string, guessable ...string) error {
	pw = Normalize(pw)
	if err := api.CheckPassword(pw); err != nil {
		return err
	}
	if code := problem(pw, guessable); code != "" {
		return refusal(code)
	}
	return nil
}

// problem is the field code of what Check refuses in an NFC password of a
// valid length, or "".
func problem(pw string, guessable []string) api.Code {
	if likeGuessable(pw, guessable) {
		return api.FieldLikeLogin
	}
	if common()[strings.ToLower(pw)] {
		return api.FieldCommonPassword
	}
	return ""
}

func refusal(code api.Code) *api.Error {
	msg := "the password is among the most common ones"
	if code == api.FieldLikeLogin {
		msg = "the password is too like the login or name"
	}
	return &api.Error{Code: api.CodeValidation, Message: msg, Fields: map[string]api.Code{"password": code}}
}

// Strength rates pw for the meter: Score 0..4 and the Problem a save would
// refuse it with ("" when none). A refused password scores at most 1, so
// the meter never praises what a save refuses.
func Strength(pw string, guessable ...string) api.PasswordStrength {
	pw = Normalize(pw)
	var s api.PasswordStrength
	if err := api.CheckPassword(pw); err != nil {
		s.Problem = err.(*api.Error).Fields["password"]
	} else {
		s.Problem = problem(pw, guessable)
	}
	if utf8.RuneCountInString(pw) > api.MaxPasswordChars {
		// Refused anyway (too_long caps the score below), so its
		// length alone rates it: no zxcvbn work for what can be any
		// size.
		s.Score = 4
	} else {
		inputs := make([]string, 0, 2*len(guessable))
		for _, g := range guessable {
			inputs = append(inputs, variants(g)...)
		}
		s.Score = score(pw, inputs)
	}
	if s.Problem != "" {
		s.Score = min(s.Score, 1)
	}
	return s
}

// windowRunes bounds one zxcvbn run. Its matching grows with the cube of
// the length in bytes (every substring, lower-cased, looked up in each
// dictionary, again for each l33t reading) and its search with the
// square: 128 random characters took half a second, 32 take a few
// milliseconds.
const windowRunes = 32

// score is zxcvbn's score of pw, computed with bounded work (see guesses).
func score(pw string, inputs []string) int { return guessesToScore(guesses(pw, inputs)) }

// guesses is zxcvbn's estimate of the guesses that find pw. Up to
// windowRunes it is zxcvbn's own. A longer pw is split into runs of one
// block repeated (at least windowRunes/2 runes long: "a" or "password"
// typed 16 times), rated as zxcvbn rates a repeat (the block's guesses
// times the count), and the text between them, rated by zxcvbn a chunk
// of at most windowRunes runes at a time (ending after a space where one
// is near, which keeps a passphrase's words whole). The guesses of the
// parts multiply, as zxcvbn's guesses of a sequence of matches do, and
// the work stops once they reach the top score. What a chunk boundary
// splits (a word, a date) is missed, so a long password may rate a little
// higher than zxcvbn would rate it whole.
func guesses(pw string, inputs []string) float64 {
	if !utf8.ValidString(pw) {
		return 0 // as zxcvbn rates it
	}
	if utf8.RuneCountInString(pw) <= windowRunes {
		return zxcvbn.PasswordStrength(pw, inputs).Guesses
	}
	total := 1.0
	rate := func(text string) {
		for text != "" && total < strongGuesses {
			var chunk string
			chunk, text = cut(text, windowRunes)
			total *= zxcvbn.PasswordStrength(chunk, inputs).Guesses
		}
	}
	prev := 0
	for _, r := range repeats(pw, windowRunes/2) {
		rate(pw[prev:r.start])
		prev = r.end
		if total < strongGuesses {
			// as zxcvbn: the block is rated without the user inputs
			total *= guesses(r.block, nil) * float64(r.count)
		}
	}
	rate(pw[prev:])
	return total
}

// strongGuesses is where zxcvbn's top score begins.
const strongGuesses = 1e10 + 5

// repeat is a run of pw[start:end]: block written count times.
type repeat struct {
	start, end int // byte offsets
	block      string
	count      int
}

// repeats finds, from left to right, the runs of a repeated block at
// least minRunes long: at each rune, the block whose run covers the most
// (the shortest on a tie); after a run, the search goes on past it.
func repeats(pw string, minRunes int) []repeat {
	rs := []rune(pw)
	at := make([]int, 0, len(rs)+1) // the byte offset of each rune, then len(pw)
	for i := range pw {
		at = append(at, i)
	}
	at = append(at, len(pw))
	var out []repeat
	for i := 0; i < len(rs); {
		block, run := 0, 0
		for p := 1; i+2*p <= len(rs); p++ {
			count := 1
			for i+(count+1)*p <= len(rs) && slices.Equal(rs[i+count*p:i+(count+1)*p], rs[i:i+p]) {
				count++
			}
			if count >= 2 && count*p > run {
				block, run = p, count*p
			}
		}
		if run < minRunes {
			i++
			continue
		}
		out = append(out, repeat{start: at[i], end: at[i+run], block: string(rs[i : i+block]), count: run / block})
		i += run
	}
	return out
}

// cut splits off the first at most n runes of s, ending after the last
// space in their second half when there is one.
func cut(s string, n int) (chunk, rest string) {
	end, space, runes := len(s), -1, 0
	for i, r := range s {
		if runes == n {
			end = i
			break
		}
		runes++
		if r == ' ' && runes > n/2 {
			space = i + 1
		}
	}
	if end < len(s) && space > 0 {
		end = space
	}
	return s[:end], s[end:]
}

// guessesToScore is zxcvbn's (unexported) mapping of guesses to 0..4.
func guessesToScore(guesses float64) int {
	for i, bound := range []float64{1e3 + 5, 1e6 + 5, 1e8 + 5, strongGuesses} {
		if guesses < bound {
			return i
		}
	}
	return 4
}

// common is the set of the CommonCount most common passwords, lower-cased.
var common = sync.OnceValue(func() map[string]bool {
	list := frequency.FrequencyLists["passwords"]
	list = list[:min(len(list), CommonCount)]
	set := make(map[string]bool, len(list))
	for _, p := range list {
		set[strings.ToLower(Normalize(p))] = true
	}
	return set
})

// likeGuessable reports whether pw, folded, is a guessable value repeated,
// with digits around (see Check).
func likeGuessable(pw string, guessable []string) bool {
	p := fold(pw)
	ps := []string{p, strings.TrimFunc(p, isDigit)}
	for _, g := range guessable {
		for _, v := range variants(g) {
			t := fold(v)
			for _, t := range []string{t, strings.TrimFunc(t, isDigit)} {
				for _, p := range ps {
					if isRepeat(p, t) {
						return true
					}
				}
			}
		}
	}
	return false
}

// variants are the forms of a guessable value a user might type: the
// value, the local part of an e-mail and the words of a name.
func variants(g string) []string {
	g = strings.TrimSpace(Normalize(g))
	if g == "" {
		return nil
	}
	out := []string{g}
	if at := strings.LastIndexByte(g, '@'); at > 0 {
		out = append(out, g[:at])
	}
	if words := strings.Fields(g); len(words) > 1 {
		out = append(out, words...)
	}
	return out
}

// fold lower-cases s and drops spaces, punctuation and symbols, keeping
// letters, marks and digits.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// isRepeat reports whether p is the non-empty t written one or more times.
func isRepeat(p, t string) bool {
	return t != "" && p != "" && len(p)%len(t) == 0 && strings.Repeat(t, len(p)/len(t)) == p
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }
