package password

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/frequency"

	"webtool/server/api"
)

// fieldCode is the code Check gives the password field, or "" for nil.
func fieldCode(t *testing.T, err error) api.Code {
	t.Helper()
	if err == nil {
		return ""
	}
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeValidation {
		t.Fatalf("error %v is not a validation *api.Error", err)
	}
	return e.Fields["password"]
}

func TestNormalize(t *testing.T) {
	if got, want := Normalize("cafe\u0301"), "caf\u00e9"; got != want {
		t.Errorf("Normalize(e + U+0301) = %q, want %q", got, want)
	}
}

func TestCheckNFC(t *testing.T) {
	// Eight letters typed as letter + combining accent: 16 code points,
	// 8 characters of the NFC form.
	decomposed := strings.Repeat("e\u0301", 4) + strings.Repeat("a\u0300", 4)
	if err := Check(decomposed); err != nil {
		t.Errorf("8 combining sequences: %v, want accepted", err)
	}
	// Seven of them are too short, however many code points were typed.
	if got, want := fieldCode(t, Check(strings.Repeat("e\u0301", 7))), api.FieldTooShort; got != want {
		t.Errorf("7 combining sequences: %q, want %q", got, want)
	}
	// Both forms are one password: the refusal of one is the other's.
	if got, want := fieldCode(t, Check("Andr\u00e9123", "andre\u0301")), api.FieldLikeLogin; got != want {
		t.Errorf("NFC login vs decomposed password: %q, want %q", got, want)
	}
}

func TestCheckLength(t *testing.T) {
	for _, tc := range []struct {
		name string
		pw   string
		want api.Code
	}{
		{"7 chars", "xk4#Tq9", api.FieldTooShort},
		{"8 chars", "xk4#Tq9z", ""},
		{"128 chars", strings.Repeat("xk4#Tq9z", 16), ""},
		{"129 chars", strings.Repeat("xk4#Tq9z", 16) + "a", api.FieldTooLong},
		{"128 Cyrillic letters", strings.Repeat("щёлкнуть", 16), ""},
		{"129 Cyrillic letters", strings.Repeat("щёлкнуть", 16) + "ж", api.FieldTooLong},
		{"empty", "", api.FieldTooShort},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.pw)
			if got := fieldCode(t, err); got != tc.want {
				t.Fatalf("Check = %v, want field code %q", err, tc.want)
			}
			if tc.want == api.FieldTooShort || tc.want == api.FieldTooLong {
				var e *api.Error
				errors.As(err, &e)
				if got, want := e.Args["password"], map[api.Code]string{api.FieldTooShort: "8", api.FieldTooLong: "128"}[tc.want]; got != want {
					t.Errorf("Args[password] = %q, want %q", got, want)
				}
			}
		})
	}
}

func TestCheckCommon(t *testing.T) {
	for _, pw := range []string{"password1", "qwerty123", "12345678", "PASSWORD", "Iloveyou", "1qaz2wsx"} {
		if got, want := fieldCode(t, Check(pw)), api.FieldCommonPassword; got != want {
			t.Errorf("Check(%q) = %q, want %q", pw, got, want)
		}
	}
	if n := len(common()); n != CommonCount {
		t.Errorf("common set has %d passwords, want %d", n, CommonCount)
	}
}

func TestCheckLikeLogin(t *testing.T) {
	guess := []string{"ivanov", "Иван Петрович Сидоров", "i.ivanov@example.com"}
	for _, tc := range []struct {
		pw   string
		want api.Code
	}{
		{"ivanov12", api.FieldLikeLogin},
		{"IVANOV123", api.FieldLikeLogin},
		{"ivanovivanov", api.FieldLikeLogin},
		{"2024ivanov", api.FieldLikeLogin},
		{"ivan.ov!!", api.FieldLikeLogin},
		{"Иван Петрович Сидоров", api.FieldLikeLogin},
		{"иванпетровичсидоров", api.FieldLikeLogin},
		{"Сидоров2024", api.FieldLikeLogin},
		{"i.ivanov@example.com", api.FieldLikeLogin},
		{"i.ivanov1", api.FieldLikeLogin},
		{"ivanov likes green tea", ""},
		{"ivanov12x", ""},
	} {
		if got := fieldCode(t, Check(tc.pw, guess...)); got != tc.want {
			t.Errorf("Check(%q) = %q, want %q", tc.pw, got, tc.want)
		}
	}
	// A login with digits: its repeats and its letters with other digits.
	for _, pw := range []string{"ivan1ivan1", "ivan2024", "IVAN1IVAN1"} {
		if got, want := fieldCode(t, Check(pw, "ivan1")), api.FieldLikeLogin; got != want {
			t.Errorf("Check(%q, login ivan1) = %q, want %q", pw, got, want)
		}
	}
	// Empty guessable values match nothing.
	if err := Check("correct horse battery staple", "", " ", "@"); err != nil {
		t.Errorf("empty guessables: %v", err)
	}
}

func TestCheckPassphrase(t *testing.T) {
	for _, pw := range []string{"correct horse battery staple", "Зелёный чай с мятой в полдень", "tr0ub4dor&3x"} {
		if err := Check(pw, "ivanov", "Ivan Ivanov"); err != nil {
			t.Errorf("Check(%q) = %v, want accepted", pw, err)
		}
	}
}

func TestStrength(t *testing.T) {
	for _, tc := range []struct {
		pw          string
		guess       []string
		minScore    int
		maxScore    int
		wantProblem api.Code
	}{
		{"password", nil, 0, 0, api.FieldCommonPassword},
		{"short", nil, 0, 1, api.FieldTooShort},
		{"ivanov2024", []string{"ivanov"}, 0, 1, api.FieldLikeLogin},
		{"correct horse battery staple", nil, 3, 4, ""},
		{"vq8 Rk#2 mzt0 pLx!", nil, 3, 4, ""},
		{strings.Repeat("long", 40), nil, 0, 1, api.FieldTooLong},
	} {
		s := Strength(tc.pw, tc.guess...)
		if s.Score < tc.minScore || s.Score > tc.maxScore || s.Problem != tc.wantProblem {
			t.Errorf("Strength(%q) = %+v, want score %d..%d problem %q", tc.pw, s, tc.minScore, tc.maxScore, tc.wantProblem)
		}
	}
	// Problem is exactly what Check refuses with.
	for _, pw := range []string{"", "password1", "ivanov123", "a fine long passphrase", strings.Repeat("x", 200)} {
		if got, want := Strength(pw, "ivanov").Problem, fieldCode(t, Check(pw, "ivanov")); got != want {
			t.Errorf("Strength(%q).Problem = %q, Check gives %q", pw, got, want)
		}
	}
}

func TestCut(t *testing.T) {
	for _, tc := range []struct {
		s           string
		n           int
		chunk, rest string
	}{
		{"", 4, "", ""},
		{"abc", 4, "abc", ""},
		{"abcdefgh", 4, "abcd", "efgh"},
		{"a bcdefgh", 4, "a bc", "defgh"}, // the space is in the first half
		{"abc defgh", 4, "abc ", "defgh"},
		{"щёлкнуть", 4, "щёлк", "нуть"},
	} {
		chunk, rest := cut(tc.s, tc.n)
		if chunk != tc.chunk || rest != tc.rest {
			t.Errorf("cut(%q, %d) = %q, %q; want %q, %q", tc.s, tc.n, chunk, rest, tc.chunk, tc.rest)
		}
	}
}

func TestRepeats(t *testing.T) {
	pw := "xy" + strings.Repeat("ab", 10) + "z" + strings.Repeat("щ", 5) + strings.Repeat("a", 3)
	got := repeats(pw, 4)
	want := []repeat{
		{start: 2, end: 22, block: "ab", count: 10},
		{start: 23, end: 33, block: "щ", count: 5},
	}
	if !slices.Equal(got, want) {
		t.Errorf("repeats = %+v, want %+v", got, want)
	}
}

func TestScoreShortIsZxcvbn(t *testing.T) {
	// Up to windowRunes, the score is zxcvbn's own.
	for _, pw := range []string{"", "password", "Tr0ub4dor&3", "correct horse battery staple", randomPassword(windowRunes)} {
		if got, want := score(pw, []string{"ivanov"}), zxcvbn.PasswordStrength(pw, []string{"ivanov"}).Score; got != want {
			t.Errorf("score(%q) = %d, zxcvbn says %d", pw, got, want)
		}
	}
	// Longer, chunks give zxcvbn's score of the whole where no pattern
	// crosses their boundaries.
	for _, pw := range []string{
		"correct horse battery staple and a dog",
		"Tr0ub4dor&3 Tr0ub4dor&3 qwertyuiop 1984",
		strings.Repeat("ab", 30),
		"zxcvbnmasdfghjklqwertyuiop1234567890",
		randomPassword(60),
	} {
		if got, want := score(pw, []string{"ivanov"}), zxcvbn.PasswordStrength(pw, []string{"ivanov"}).Score; got != want {
			t.Errorf("score(%q) = %d, zxcvbn says %d", pw, got, want)
		}
	}
	// Repeats are seen across windows: long but silly stays weak.
	for _, pw := range []string{strings.Repeat("a", 128), strings.Repeat("password", 16), strings.Repeat("abc", 42), strings.Repeat("qwerty123", 14)} {
		if got := score(pw, nil); got > 1 {
			t.Errorf("score(%q) = %d, want at most 1", pw, got)
		}
	}
	if got, want := score(randomPassword(128), nil), 4; got != want {
		t.Errorf("score of 128 random characters = %d, want %d", got, want)
	}
}

// BenchmarkStrength measures the meter on the longest passwords allowed:
// each call must stay well under 50 ms (it runs on every pause in typing).
func BenchmarkStrength(b *testing.B) {
	for _, bc := range []struct{ name, pw string }{
		{"random128", randomPassword(128)},
		{"repeat128", strings.Repeat("a", 128)},
		{"words128", strings.Repeat("password", 16)},
		{"sequence128", strings.Repeat("abcdefghijklmnop", 8)},
		{"cyrillic128", strings.Repeat("щёлкнуть", 16)},
		{"dates128", strings.Repeat("19840512", 16)},
		{"l33t128", strings.Repeat("p4$$w0rd1|7!", 11)[:128]},
		{"common128", strings.Join(frequency.FrequencyLists["passwords"][:40], "")[:128]},
		{"passphrase128", strings.Repeat("correct horse battery staple ", 5)[:128]},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				Strength(bc.pw, "ivanov", "Ivan Ivanov", "i.ivanov@example.com")
			}
		})
	}
}

// randomPassword is n printable ASCII characters from a fixed seed.
func randomPassword(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('!' + r.IntN('~'-'!'+1))
	}
	return string(b)
}
