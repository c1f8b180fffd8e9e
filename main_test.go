//go:build !(js && wasm)

package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"webtool/server"
)

// mustBinary builds this program into a temporary folder.
func mustBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "webtool")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// mustDemoStore writes a store a server filled with demo data, closed.
func mustDemoStore(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "w.db")
	cfg, err := server.ParseFlags([]string{"-addr", "127.0.0.1:0", "-db", db, "-demo", "-demo-scale", "300"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	s, err := server.New(cfg, files, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return db
}

// runBinary runs bin with args and returns its exit status and output.
func runBinary(t *testing.T, bin string, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Env = append(os.Environ(), "WEBTOOL_ADMIN_PASSWORD=")
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String()
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String()
	}
	t.Fatal(err)
	return 0, ""
}

// The binary as an operator meets it: a damaged or empty database file
// ends the start with one clear message and exit 1, never a Go trace, and
// `webtool check` tells a sound file from a damaged one.
func TestBinaryOnDamagedFiles(t *testing.T) {
	bin := mustBinary(t)
	db := mustDemoStore(t)
	orig, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if code, out := runBinary(t, bin, "check", "-db", db, "-pin-key", db+".pinkey"); code != 0 || !strings.Contains(out, "OK: no problems found") {
		t.Fatalf("check of a sound file: exit %d\n%s", code, out)
	}
	overwritten := append([]byte(nil), orig...)
	for p := 2; p < len(orig)/4096; p += 2 {
		copy(overwritten[p*4096:], bytes.Repeat([]byte{0xA5, 0x3C, 0x71}, 1365))
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", orig[:len(orig)/3], "webtool check -db " + db},
		{"overwritten", overwritten, "webtool check -db " + db},
		{"empty", nil, "exists but is empty"},
	} {
		if err := os.WriteFile(db, tc.data, 0o600); err != nil {
			t.Fatal(err)
		}
		code, out := runBinary(t, bin, "-db", db, "-addr", "127.0.0.1:0")
		if code != 1 || !strings.Contains(out, tc.want) || strings.Count(strings.TrimSpace(out), "\n") != 0 {
			t.Errorf("%s: exit %d, want 1 with one line saying %q:\n%s", tc.name, code, tc.want, out)
		}
		for _, trace := range []string{"panic", "goroutine ", "SIGSEGV", "SIGBUS"} {
			if strings.Contains(out, trace) {
				t.Errorf("%s: the output has a crash trace (%q):\n%s", tc.name, trace, out)
			}
		}
		if code, out := runBinary(t, bin, "check", "-db", db); code != 1 || !strings.Contains(out, "DAMAGED") {
			t.Errorf("%s: check: exit %d, want 1 and DAMAGED:\n%s", tc.name, code, out)
		}
	}
}
