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
		c.PinLength != 6 || c.PinGuessesPerMinute != 30 || c.PinKeyPath() != "data/webtool.db.pinkey" {
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
	}
	for _, tt := range bad {
		_, err := ParseFlags(tt.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseFlags(%q) = %v, want an error mentioning %q", tt.args, err, tt.want)
		}
	}
	if c, err := ParseFlags([]string{"-pin-key", "/keys/pin", "-pin-length", "9", "-pin-guesses-per-minute", "5"}, io.Discard); err != nil ||
		c.PinKeyPath() != "/keys/pin" || c.PinLength != 9 || c.PinGuessesPerMinute != 5 {
		t.Errorf("pin flags: %+v, %v", c, err)
	}
}
