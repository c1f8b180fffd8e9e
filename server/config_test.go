package server

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	c, err := ParseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DB != "data/webtool.db" || c.LockoutAttempts != 3 ||
		c.LockoutWindow != 15*time.Minute || c.SessionIdle != 30*time.Minute || c.SessionMax != 12*time.Hour ||
		c.PinLength != 6 || c.PinGuessesPerMinute != 30 || c.PinKeyPath() != "data/webtool.db.pinkey" ||
		c.LoginRate != 30 || c.AuditRetention != 90*24*time.Hour || c.PublicURL != "" || c.AllowedHosts != "" {
		t.Fatalf("defaults = %+v", c)
	}
	if _, err := ParseFlags([]string{"-h"}, io.Discard); !errors.Is(err, ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	bad := []struct {
		args []string
		want string
	}{
		{[]string{"-addr", "8080"}, "-addr"},
		{[]string{"-addr", "127.0.0.1:99999"}, "-addr"},
		{[]string{"-lockout-attempts", "0"}, "-lockout-attempts"},
		{[]string{"-lockout-window", "-1m"}, "-lockout-window"},
		{[]string{"-lockout-window", "soon"}, "lockout-window"},
		{[]string{"-session-idle", "13h"}, "-session-idle"},
		{[]string{"-session-max", "0s"}, "-session-max"},
		{[]string{"-tls-cert", "/nonexistent.pem"}, "-tls-key go together"},
		{[]string{"-db", ""}, "-db"},
		{[]string{"-pin-length", "3"}, "-pin-length"},
		{[]string{"-pin-length", "13"}, "-pin-length"},
		{[]string{"-pin-guesses-per-minute", "0"}, "-pin-guesses-per-minute"},
		{[]string{"-db", "x.db", "-pin-key", "x.db"}, "-pin-key"},
		{[]string{"extra"}, "unexpected argument"},
		{[]string{"-login-rate", "0"}, "-login-rate"},
		{[]string{"-audit-retention", "1h"}, "-audit-retention"},
		{[]string{"-audit-retention", "-24h"}, "-audit-retention"},
		{[]string{"-public-url", "webtool.example.com"}, "-public-url"},
		{[]string{"-public-url", "ftp://webtool.example.com"}, "-public-url"},
		{[]string{"-public-url", "https://webtool.example.com/tool/"}, "-public-url"},
		{[]string{"-public-url", "https://user@webtool.example.com"}, "-public-url"},
		{[]string{"-allowed-hosts", "good.example, bad host"}, "-allowed-hosts"},
		{[]string{"-allowed-hosts", "https://webtool.example.com"}, "-allowed-hosts"},
		{[]string{"-addr", ":8080"}, "-public-url"},
		{[]string{"-addr", "0.0.0.0:8080"}, "-addr"},
		{[]string{"-addr", "[::]:8080"}, "-addr"},
	}
	for _, tt := range bad {
		_, err := ParseFlags(tt.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseFlags(%q) = %v, want an error mentioning %q", tt.args, err, tt.want)
		}
	}
	good := [][]string{
		{"-audit-retention", "0"},
		{"-audit-retention", "8760h", "-login-rate", "5"},
		{"-addr", "0.0.0.0:8080", "-public-url", "https://webtool.example.com/"},
		{"-addr", ":8080", "-allowed-hosts", "webtool.lan, 192.168.1.5:8080"},
	}
	for _, args := range good {
		if _, err := ParseFlags(args, io.Discard); err != nil {
			t.Errorf("ParseFlags(%q): %v", args, err)
		}
	}
	if c, err := ParseFlags([]string{"-pin-key", "/keys/pin", "-pin-length", "9", "-pin-guesses-per-minute", "5"}, io.Discard); err != nil ||
		c.PinKeyPath() != "/keys/pin" || c.PinLength != 9 || c.PinGuessesPerMinute != 5 {
		t.Errorf("pin flags: %+v, %v", c, err)
	}
}

// WEBTOOL_ADMIN_PASSWORD follows the one password rule, in characters:
// what the first start accepts can be used to sign in.
func TestAdminPasswordRule(t *testing.T) {
	tests := []struct {
		password string
		ok       bool
	}{
		{strings.Repeat("x", 300), false},
		{strings.Repeat("ж", 129), false},
		{"short", false},
		{strings.Repeat("ж", 128), true},
		{strings.Repeat("密", 128), true}, // 384 bytes
		{"пароль12", true},
	}
	for _, tt := range tests {
		t.Setenv("WEBTOOL_ADMIN_PASSWORD", tt.password)
		_, err := ParseFlags(nil, io.Discard)
		if (err == nil) != tt.ok {
			t.Errorf("WEBTOOL_ADMIN_PASSWORD of %d characters, %d bytes: %v, want ok %v", len([]rune(tt.password)), len(tt.password), err, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "WEBTOOL_ADMIN_PASSWORD: must be 8 to 128 characters") {
			t.Errorf("message %q does not state the rule", err)
		}
		if !tt.ok {
			continue
		}
		ts := mustServer(t, func(c *Config) { c.AdminPassword = tt.password })
		if _, resp, e := ts.login(t, tt.password); resp.StatusCode != 200 {
			t.Errorf("sign-in with the first start's password of %d bytes: %d %+v", len(tt.password), resp.StatusCode, e)
		}
	}
}
