package auth_test

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/ratelimit"
	"webtool/server/store"
)

// attempted adds up the sign-in failures the audit trail accounts for:
// login.failed records and the counts in login.failures summaries.
func attempted(all []store.AuditRecord) (failed, records int) {
	re := regexp.MustCompile(`^(\d+) failed`)
	for _, r := range all {
		switch r.Action {
		case "login.failed":
			failed++
		case "login.failures":
			if m := re.FindStringSubmatch(r.Detail); m != nil {
				n, _ := strconv.Atoi(m[1])
				failed += n
			}
		default:
			continue
		}
		records++
	}
	return failed, records
}

// Sprayed names cannot grow the store: 2,000 failed sign-ins, each with a
// new name, write a bounded number of records, and the summaries still
// account for every one of them.
func TestSprayedFailuresWriteBoundedAudit(t *testing.T) {
	tests := []struct {
		name       string
		addr       func(i int) string
		every      time.Duration
		maxRecords int
	}{
		// One address over 3m20s: a record and a summary per minute.
		{"one address", func(int) string { return "203.0.113.9" }, 100 * time.Millisecond, 8},
		// 2,000 addresses within 20 s: 20 get records and summaries, the
		// rest one server-wide summary.
		{"many addresses", func(i int) string { return fmt.Sprintf("10.%d.%d.1", i/256, i%256) }, 10 * time.Millisecond, 3*20 + 1},
		// One IPv6 /64 is one address however its low bits change.
		{"one /64", func(i int) string { return fmt.Sprintf("2001:db8:0:7::%x", i+1) }, 100 * time.Millisecond, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustServiceWith(t, auth.Config{Lockout: testConfig.Lockout, SessionIdle: time.Hour, SessionMax: time.Hour}, cheapParams)
			before := len(f.tail(t, 100))
			for i := range 2000 {
				if _, _, _, err := f.svc.Login(fmt.Sprintf("name%d", i), "wrong password", tt.addr(i), ""); code(err) != api.CodeBadCredentials {
					t.Fatalf("attempt %d: %v", i, err)
				}
				f.clock.Add(tt.every)
			}
			f.clock.Add(time.Hour)
			if err := f.svc.FlushAudit(false); err != nil {
				t.Fatal(err)
			}
			all := f.tail(t, 100_000)
			failed, n := attempted(all)
			if n > tt.maxRecords || len(all)-before != n {
				t.Errorf("2000 sprayed failures wrote %d records (%d of them about failures), want at most %d", len(all)-before, n, tt.maxRecords)
			}
			if failed != 2000 {
				t.Errorf("the trail accounts for %d failures, want 2000", failed)
			}
		})
	}
}

// Attempts on one name from many addresses: one record for the name in
// its lock window, the others counted in the name's summary.
func TestFailuresOnOneNameSummedPerLockWindow(t *testing.T) {
	f := mustServiceWith(t, auth.Config{Lockout: auth.Lockout{Attempts: 100, Window: 15 * time.Minute}, SessionIdle: time.Hour, SessionMax: time.Hour}, cheapParams)
	for i := range 10 {
		f.svc.Login("ivanova", "wrong password", fmt.Sprintf("10.0.0.%d", i+1), "")
	}
	// Within the window nothing more is written...
	f.clock.Add(14 * time.Minute)
	f.svc.FlushAudit(false)
	if failed, n := attempted(f.tail(t, 100)); failed != 1 || n != 1 {
		t.Fatalf("within the lock window: %d failures in %d records, want the first one alone", failed, n)
	}
	// ...and when it ends, one summary names the other addresses.
	f.clock.Add(time.Minute)
	f.svc.FlushAudit(false)
	r := f.tail(t, 1)[0]
	if r.Action != "login.failures" || r.Actor != "ivanova" || !strings.HasPrefix(r.Detail, "9 failed") || !strings.Contains(r.Detail, "addresses: 10.0.0.2, ") {
		t.Fatalf("summary = %+v, want 9 more failures of ivanova with their addresses", r)
	}
}

func TestPerAddressRateLimit(t *testing.T) {
	cfg := auth.Config{Lockout: auth.Lockout{Attempts: 100, Window: time.Minute}, SessionIdle: time.Hour, SessionMax: time.Hour,
		PerAddress: ratelimit.PerMinute(30)}
	f := mustServiceWith(t, cfg, cheapParams)
	for i := range 30 {
		if _, _, _, err := f.svc.Login(fmt.Sprintf("name%d", i), "wrong password", "2001:db8::1", ""); code(err) != api.CodeBadCredentials {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	before := f.hasher.Derivations()
	_, _, _, err := f.svc.Login("ivanova", "correct horse", "2001:db8::ffff", "")
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeRateLimited || e.Until == nil || !e.Until.Equal(f.clock.Now().Add(2*time.Second)) {
		t.Fatalf("31st attempt from the same /64: %v, want rate_limited until in 2 s", err)
	}
	if f.hasher.Derivations() != before {
		t.Fatal("a throttled attempt cost a hash")
	}
	// Another address is not affected, and a right password gives its
	// attempt back.
	for range 40 {
		if _, _, _, err := f.svc.Login("ivanova", "correct horse", "192.0.2.1", ""); err != nil {
			t.Fatalf("right password from another address: %v", err)
		}
	}
	f.clock.Add(2 * time.Second)
	if _, _, _, err := f.svc.Login("ivanova", "correct horse", "2001:db8::1", ""); err != nil {
		t.Fatalf("after the wait: %v", err)
	}
}

// The password rule counts characters, not bytes, and holds on every path:
// what the first start accepts can be used to sign in.
func TestPasswordRule(t *testing.T) {
	f := mustServiceWith(t, testConfig, cheapParams)
	tests := []struct {
		name, password string
		want           api.Code
	}{
		{"128 three-byte characters (384 bytes)", strings.Repeat("密", 128), "ok"},
		{"128 Cyrillic letters", strings.Repeat("ж", 128), "ok"},
		{"129 Cyrillic letters", strings.Repeat("ж", 129), api.CodeValidation},
		{"300 bytes", strings.Repeat("x", 300), api.CodeValidation},
		{"8 Cyrillic letters", "пароль12", "ok"},
		{"7 characters", "пароль1", api.CodeValidation},
		{"7 characters in NFC, 8 code points typed", "e\u0301tudian", api.CodeValidation},
		{"8 characters in NFC, 9 code points typed", "e\u0301tudiant", "ok"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			login := fmt.Sprintf("user%d", i)
			_, err := f.svc.CreateUser(auth.NewUser{Login: login, Password: tt.password}, "test", "")
			if got := code(err); got != tt.want {
				t.Fatalf("CreateUser: %s (%v), want %s", got, err, tt.want)
			}
			if err != nil {
				return
			}
			if _, _, _, err := f.svc.Login(login, tt.password, "", ""); err != nil {
				t.Fatalf("sign-in with the password just set: %v", err)
			}
		})
	}
	if _, _, _, err := f.svc.Login("ivanova", strings.Repeat("ж", 129), "", ""); code(err) != api.CodeBadRequest {
		t.Fatalf("sign-in with 129 characters: %v, want bad_request", err)
	}
}

// A password is compared in NFC: "é" as one code point or as e + accent.
func TestPasswordNormalizedToNFC(t *testing.T) {
	f := mustServiceWith(t, testConfig, cheapParams)
	if _, err := f.svc.CreateUser(auth.NewUser{Login: "petrov", Password: "caf\u00e9-crème"}, "test", ""); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := f.svc.Login("petrov", "cafe\u0301-cre\u0300me", "", ""); err != nil {
		t.Fatalf("decomposed form of the password: %v", err)
	}
}
