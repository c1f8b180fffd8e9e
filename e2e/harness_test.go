// Package e2e drives the real webtool binary through real Chromium: each test
// starts the server on a random loopback port with a temporary store and its
// own browser with a fresh profile.
package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const adminPassword = "e2e-admin-password"

// binary is the webtool binary under test: $WEBTOOL_BIN (the Makefile sets
// it), or one built here from the checkout.
var binary string

// profiles holds the browsers' profile folders.
var profiles string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

// runTests is TestMain's body, so that its clean-up runs before the exit.
func runTests(m *testing.M) int {
	var err error
	if profiles, err = os.MkdirTemp("", "webtool-chromium-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(profiles)
	binary = os.Getenv("WEBTOOL_BIN")
	if binary == "" {
		if _, err := os.Stat("../web/app.wasm.gz"); err != nil {
			fmt.Fprintln(os.Stderr, "e2e: the wasm is not built; run `make test` (or `make wasm` first)")
			return 1
		}
		dir, err := os.MkdirTemp("", "webtool-e2e")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		binary = filepath.Join(dir, "webtool")
		if out, err := exec.Command("go", "build", "-o", binary, "..").CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: build webtool: %v\n%s", err, out)
			return 1
		}
	}
	return m.Run()
}

// server is one running webtool process.
type server struct {
	bin  string // the binary to run; the one under test unless a test swaps it
	URL  string
	addr string
	db   string
	args []string
	cmd  *exec.Cmd
	log  *strings.Builder

	mu     sync.Mutex
	stdout strings.Builder
}

// out returns what the server printed on standard output so far.
func (s *server) out() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stdout.String()
}

// startServer runs the binary on a free port with a fresh store and the
// given extra flags, and stops it when the test ends.
func startServer(t testing.TB, args ...string) *server {
	t.Helper()
	s := &server{bin: binary, db: filepath.Join(t.TempDir(), "webtool.db"), args: args}
	s.start(t, "127.0.0.1:0")
	t.Cleanup(s.stop)
	return s
}

func (s *server) start(t testing.TB, addr string) {
	t.Helper()
	s.cmd = exec.Command(s.bin, append([]string{"-addr", addr, "-db", s.db}, s.args...)...)
	s.cmd.Env = append(os.Environ(), "WEBTOOL_ADMIN_PASSWORD="+adminPassword)
	s.log = &strings.Builder{}
	s.cmd.Stderr = s.log
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			s.mu.Lock()
			s.stdout.WriteString(sc.Text() + "\n")
			s.mu.Unlock()
			if u, ok := strings.CutPrefix(sc.Text(), "WebTool is running at "); ok {
				found <- strings.TrimSuffix(u, "/")
			}
		}
	}()
	select {
	case u := <-found:
		s.URL = u
		s.addr = strings.TrimPrefix(u, "http://")
	case <-time.After(30 * time.Second):
		s.stop()
		t.Fatalf("server did not start; its log:\n%s", s.log)
	}
}

func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
	s.cmd = nil
}

// restart stops the server and starts it again on the same address and
// store, as a deploy or a crash would.
func (s *server) restart(t testing.TB) {
	t.Helper()
	s.stop()
	s.start(t, s.addr)
}

// newBrowser starts headless Chromium with a fresh profile and returns a
// tab context that ends with the test.
func newBrowser(t testing.TB, lang string) context.Context {
	t.Helper()
	exe, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed: run `make chromium` (make test does it)")
	}
	// A folder of the run rather than t.TempDir: Chromium's helper
	// processes may still be writing to it for a moment after the browser
	// is told to quit, which would fail the test's own clean-up. TestMain
	// removes them all when every browser is long gone.
	profile, err := os.MkdirTemp(profiles, "chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", lang),
		chromedp.Flag("accept-lang", lang),
		chromedp.WindowSize(1280, 800),
	}
	// Chromium now and then fails to come up on a busy machine ("chrome
	// failed to start"); a fresh try with the same profile settles it.
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelTab := chromedp.NewContext(actx)
		ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
		if lastErr = chromedp.Run(ctx); lastErr != nil {
			cancelTimeout()
			cancelTab()
			cancelAlloc()
			continue
		}
		t.Cleanup(func() {
			cancelTimeout()
			cancelTab()
			cancelAlloc()
		})
		return ctx
	}
	t.Fatalf("start chromium: %v", lastErr)
	return nil
}

// stepTimeout bounds one step, well inside the test's three minutes, so a
// step that hangs still leaves time to report what the page showed. (A
// tab must be opened by a Run on its own context first — chromedp closes
// a tab with the context it was opened with.)
const stepTimeout = 90 * time.Second

// run runs chromedp actions and fails the test with the step's name and,
// when it fails, what the page showed.
func run(t testing.TB, ctx context.Context, step string, actions ...chromedp.Action) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Run(sctx, actions...); err != nil {
		t.Fatalf("%s: %v\n%s", step, err, pageState(ctx))
	}
}

// pageState describes the page for a failure message: its address and the
// start of its text.
func pageState(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var url, body string
	if err := chromedp.Run(ctx, chromedp.Location(&url),
		chromedp.Evaluate(`document.body ? document.body.innerText.slice(0, 1500) : ""`, &body)); err != nil {
		return "(the page could not be read: " + err.Error() + ")"
	}
	return "page " + url + ":\n" + body
}

// login fills the login form and submits it.
func login(name, password string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.WaitVisible("#login-form", chromedp.ByQuery),
		chromedp.WaitEnabled("#login-submit", chromedp.ByQuery),
		fill("#login-name", name),
		fill("#login-password", password),
		chromedp.Click("#login-submit", chromedp.ByQuery),
	}
}

// fill clears an input the way a user would (the UI hears the input event)
// and types value into it.
func fill(sel, value string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.WaitVisible(sel, chromedp.ByQuery),
		chromedp.Evaluate(fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = "";
			e.dispatchEvent(new Event("input", {bubbles: true})); })()`, sel), nil),
		chromedp.SendKeys(sel, value, chromedp.ByQuery),
	}
}

// text returns the text of the element matching sel, or "" if none.
func text(t testing.TB, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	run(t, ctx, "read "+sel, chromedp.Evaluate(fmt.Sprintf(
		`(() => { const e = document.querySelector(%q); return e ? e.innerText : ""; })()`, sel), &s))
	return s
}

// choose picks value in a <select> the way a user would: the UI hears the
// change event.
func choose(sel, value string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q;
		e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); })()`, sel, value), nil)
}

// evalStrings evaluates expr, a JavaScript array of strings.
func evalStrings(t testing.TB, ctx context.Context, step, expr string) []string {
	t.Helper()
	var ss []string
	run(t, ctx, step, chromedp.Evaluate(expr, &ss))
	return ss
}
