package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"webtool/server/api"
)

// Everything the page loads comes from our own origin, and the manifest's
// icons are ours and served.
func TestManifestAndIconsAreLocal(t *testing.T) {
	srv, ctx := startApp(t, "ru")
	var resources []string
	var manifest struct {
		ID        string `json:"id"`
		Name      string `json:"name"`
		ShortName string `json:"short_name"`
		StartURL  string `json:"start_url"`
		Display   string `json:"display"`
		Theme     string `json:"theme_color"`
		Icons     []struct {
			Src, Sizes, Purpose string
			Status              int
			Width               int
		}
	}
	run(t, ctx, "load page and manifest",
		chromedp.Navigate(srv.URL),
		chromedp.WaitVisible("#login-form", chromedp.ByQuery),
		chromedp.Evaluate(`performance.getEntriesByType("resource").map(e => e.name)`, &resources),
		chromedp.Evaluate(`(async () => {
			const m = await (await fetch(document.querySelector('link[rel=manifest]').href)).json();
			for (const i of m.icons) {
				const r = await fetch(i.src);
				i.status = r.status;
				if (i.type === "image/png") {
					const bmp = await createImageBitmap(await r.blob());
					i.width = bmp.width;
				}
			}
			return m;
		})()`, &manifest, awaitPromise),
	)
	for _, r := range append(resources, manifest.StartURL) {
		if strings.HasPrefix(r, "http") && !strings.HasPrefix(r, srv.URL) {
			t.Errorf("page loaded %s from another origin", r)
		}
	}
	if manifest.Name == "" || manifest.ShortName == "" || manifest.StartURL != "/" || manifest.Display != "standalone" || manifest.Theme == "" || manifest.ID == "" {
		t.Errorf("manifest = %+v", manifest)
	}
	have := map[string]bool{}
	for _, i := range manifest.Icons {
		if i.Status != 200 {
			t.Errorf("icon %s: HTTP %d", i.Src, i.Status)
		}
		if i.Width > 0 {
			have[i.Sizes+" "+i.Purpose] = i.Sizes == fmt.Sprintf("%dx%d", i.Width, i.Width)
		}
	}
	for _, want := range []string{"192x192 any", "512x512 any", "512x512 maskable"} {
		if !have[want] {
			t.Errorf("no served PNG icon %q of the declared size (have %v)", want, have)
		}
	}
}

// firstVisit opens the login page and waits until the service worker
// controls the app.
func firstVisit(t testing.TB, ctx context.Context, srv *server) {
	t.Helper()
	run(t, ctx, "first visit", chromedp.Navigate(srv.URL), chromedp.WaitVisible("#login-form", chromedp.ByQuery),
		until(`navigator.serviceWorker.ready.then(() => true)`))
}

// After one visit the service worker serves the shell: with the server
// gone, a reload (and a deep link) still opens the app, which says it is
// offline.
func TestShellLoadsOffline(t *testing.T) {
	srv, ctx := startApp(t, "ru")
	firstVisit(t, ctx, srv)
	run(t, ctx, "the worker caches the wasm", until(`caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match("/web/app.wasm"))))).then(rs => rs.some(r => !!r))`))
	srv.stop()
	run(t, ctx, "deep link while the server is down",
		chromedp.Navigate(srv.URL+"/catalog/outlets"),
		chromedp.WaitVisible("#login-form", chromedp.ByQuery))
	waitAttr(t, ctx, "#conn-status", "data-state", "offline")
}

// screenshotDir is where the screenshots go: $WEBTOOL_SCREENSHOTS (make
// screenshots), or a folder of the test's own.
func screenshotDir(t testing.TB) string {
	if dir := os.Getenv("WEBTOOL_SCREENSHOTS"); dir != "" {
		return dir
	}
	return t.TempDir()
}

// TestScreenshots captures the login page and the shell in both languages.
// With WEBTOOL_SCREENSHOTS set (make screenshots) they are written there.
func TestScreenshots(t *testing.T) {
	dir := screenshotDir(t)
	srv := startServer(t, "-demo")
	for _, lang := range []string{"ru", "en"} {
		ctx := newBrowser(t, lang)
		var loginPNG, shellPNG []byte
		run(t, ctx, "login page "+lang,
			chromedp.EmulateViewport(1280, 800),
			chromedp.Navigate(srv.URL),
			chromedp.Evaluate(`localStorage.setItem("webtool.lang", "`+lang+`")`, nil),
			chromedp.Reload(),
			chromedp.WaitVisible("#login-form", chromedp.ByQuery),
			screenshot(&loginPNG),
			login("admin", adminPassword),
			atHome(),
			screenshot(&shellPNG),
		)
		waitAttr(t, ctx, "html", "lang", lang)
		if lang == "ru" {
			var phone []byte
			run(t, ctx, "phone", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile), screenshot(&phone))
			saveScreenshots(t, dir, map[string][]byte{"shell-phone-ru.png": phone})
		}
		saveScreenshots(t, dir, map[string][]byte{"login-" + lang + ".png": loginPNG, "shell-" + lang + ".png": shellPNG})
	}
}

// saveScreenshots checks that each capture is a real PNG of a real page
// and writes it into dir under its name.
func saveScreenshots(t testing.TB, dir string, shots map[string][]byte) {
	t.Helper()
	for name, png := range shots {
		if len(png) < 10_000 || string(png[1:4]) != "PNG" {
			t.Fatalf("%s: %d bytes, not a real screenshot", name, len(png))
		}
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// awaitPromise makes Evaluate wait for the promise the script returns.
func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

// The wasm reaches the browser compressed and under 2 MB on the wire.
func TestWasmServedCompressedUnder2MB(t *testing.T) {
	srv, ctx := startApp(t, "ru")
	var sizes struct{ Encoded, Decoded int }
	run(t, ctx, "load",
		chromedp.Navigate(srv.URL),
		chromedp.WaitVisible("#login-form", chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const e = performance.getEntriesByType("resource").find(e => e.name.endsWith("/web/app.wasm"));
			return e ? {Encoded: e.encodedBodySize, Decoded: e.decodedBodySize} : {}; })()`, &sizes))
	t.Logf("wasm on the wire: %d bytes, decoded %d", sizes.Encoded, sizes.Decoded)
	if sizes.Encoded == 0 || sizes.Encoded >= 2_000_000 || sizes.Decoded < 3*sizes.Encoded {
		t.Fatalf("wasm %d bytes on the wire, %d decoded: want compressed and under 2 MB", sizes.Encoded, sizes.Decoded)
	}
}

// TestCatalogScreenshots captures a catalog grid with an open card and the
// org-structure tree (written with WEBTOOL_SCREENSHOTS, like TestScreenshots).
func TestCatalogScreenshots(t *testing.T) {
	dir := screenshotDir(t)
	srv, ctx := openDemo(t, "ru", "keyuser", "local_outlets")
	var card, tree []byte
	openRecord(t, ctx, "#grid .grid-row")
	run(t, ctx, "card", screenshot(&card))
	openPath(t, ctx, srv, "/c/org_structure", "org_structure")
	var node string
	run(t, ctx, "the first node", chromedp.Evaluate(`document.querySelector(".tree-node .tree-toggle").closest(".grid-row").dataset.id`, &node))
	afterRev(t, ctx, "#grid", func() { run(t, ctx, "expand it", chromedp.Click(".tree-node .tree-toggle", chromedp.ByQuery)) })
	run(t, ctx, "tree", screenshot(&tree))
	// The tree shows the key user's roots and the children of the one
	// expanded, and counts every node the key user may see: as the server
	// answers them.
	ku := dialAs(t, srv, "keyuser")
	var roots, children api.QueryReply
	top := ""
	ku.ask(t, api.TypeQuery, api.QueryRequest{Catalog: "org_structure", Parent: &top, Limit: api.MaxWindow}, &roots)
	ku.ask(t, api.TypeQuery, api.QueryRequest{Catalog: "org_structure", Parent: &node, Limit: api.MaxWindow}, &children)
	all := ku.count(t, "org_structure", api.Filter{})
	var nodes int
	run(t, ctx, "tree nodes", chromedp.Evaluate(`document.querySelectorAll(".tree-node").length`, &nodes))
	if count := text(t, ctx, "#grid-count"); nodes != len(roots.Rows)+len(children.Rows) || len(children.Rows) == 0 ||
		!strings.Contains(strings.ReplaceAll(count, "\u2009", ""), strconv.Itoa(all)) {
		t.Fatalf("tree shows %d nodes and count %q, want %d roots + %d children of %d", nodes, count, len(roots.Rows), len(children.Rows), all)
	}
	// The same card in English: its references read "name · code · owner"
	// in the other language too.
	_, en := openDemo(t, "en", "keyuser", "local_outlets")
	var cardEN []byte
	openRecord(t, en, "#grid .grid-row")
	run(t, en, "card en", screenshot(&cardEN))
	saveScreenshots(t, dir, map[string][]byte{"catalog-card-ru.png": card, "catalog-tree-ru.png": tree, "catalog-card-en.png": cardEN})
}

// TestListScreenshots captures what a key user shapes a list with: outlets
// filtered by an OR group, the column chooser, and the Favorites page
// (written with WEBTOOL_SCREENSHOTS, like TestScreenshots).
func TestListScreenshots(t *testing.T) {
	dir := screenshotDir(t)
	srv, ctx := startApp(t, "ru", "-demo")
	run(t, ctx, "viewport", chromedp.EmulateViewport(1280, 800))
	openCatalog(t, ctx, srv, "admin", "outlets")
	addFilter(t, ctx, "subtype", "in", "rdc")
	addFilter(t, ctx, "region", "in", "kyiv")
	afterRev(t, ctx, "#grid", func() {
		run(t, ctx, "or… wholesale",
			chromedp.Click(`.filter-chip[data-field="subtype"] .chip-or`, chromedp.ByQuery),
			chromedp.WaitVisible(`.filter-option[data-value="wholesale"]`, chromedp.ByQuery),
			chromedp.Click(`.filter-option[data-value="wholesale"]`, chromedp.ByQuery),
			chromedp.Click("#filter-apply", chromedp.ByQuery),
			chromedp.WaitVisible(".filter-group", chromedp.ByQuery))
	})
	var filters, chooser, favs []byte
	run(t, ctx, "filters", screenshot(&filters))
	headMenu(t, ctx, "name", "columns")
	run(t, ctx, "chooser", chromedp.WaitVisible("#columns-dialog", chromedp.ByQuery), screenshot(&chooser),
		chromedp.Click("#columns-cancel", chromedp.ByQuery))
	for _, k := range []string{"outlets", "local_outlets", "mm_users", "org_structure"} {
		run(t, ctx, "favorite "+k, chromedp.Navigate(srv.URL), atHome(),
			chromedp.WaitVisible(navItem(k), chromedp.ByQuery), dragToFavorites(navItem(k), "#favorites"))
		run(t, ctx, "tile "+k, chromedp.WaitVisible(favTile(k), chromedp.ByQuery))
	}
	run(t, ctx, "favorites", screenshot(&favs))
	var mm []byte
	run(t, ctx, "an MM user's list", chromedp.Click(favTile("mm_users")+" .fav-link", chromedp.ByQuery), until(gridReady("mm_users")))
	openRecord(t, ctx, "#grid .grid-row")
	run(t, ctx, "the card with the history and a new PIN",
		chromedp.Click("#card-history-toggle", chromedp.ByQuery), chromedp.WaitVisible("#card-history .history-entry", chromedp.ByQuery),
		chromedp.Click("#card-edit", chromedp.ByQuery), chromedp.WaitVisible("#pin-generate-pin", chromedp.ByQuery),
		chromedp.Click("#pin-generate-pin", chromedp.ByQuery), chromedp.WaitVisible("#pin-pin.pin-new", chromedp.ByQuery),
		screenshot(&mm))
	saveScreenshots(t, dir, map[string][]byte{"catalog-filters-ru.png": filters, "column-chooser-ru.png": chooser,
		"favorites-ru.png": favs, "mm-user-card-ru.png": mm})
}
