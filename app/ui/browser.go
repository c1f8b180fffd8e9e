package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
)

// The few browser facts the UI reads or writes directly. Each helper is a
// no-op natively (app.IsServer), where go-app's stand-in values cannot
// answer typed questions, so components stay testable with NewClientTester.

// narrowWidth is the CSS breakpoint (app.css, --narrow) below which the
// navigation panel is an overlay that starts hidden.
const narrowWidth = 900

func isNarrow() bool {
	if app.IsServer {
		return false
	}
	w, _ := app.Window().Size()
	return w > 0 && w < narrowWidth
}

// storedLang reads the remembered language. Storage can throw (disabled
// cookies, some private modes); then we simply do not remember.
func storedLang() (lang string) {
	if app.IsServer {
		return ""
	}
	defer func() {
		if recover() != nil {
			lang = ""
		}
	}()
	v := app.Window().Get("localStorage").Call("getItem", i18n.StorageKey)
	if v.Type() != app.TypeString {
		return ""
	}
	return v.String()
}

// storeLang remembers lang as a plain string (not go-app's JSON storage
// format), so anything else reading webtool.lang sees just "ru" or "en".
func storeLang(lang string) {
	if app.IsServer {
		return
	}
	defer func() { recover() }()
	app.Window().Get("localStorage").Call("setItem", i18n.StorageKey, lang)
}

func preferredLangs() []string {
	if app.IsServer {
		return nil
	}
	nav := app.Window().Get("navigator")
	var langs []string
	if list := nav.Get("languages"); list.Truthy() {
		for i := 0; i < list.Length(); i++ {
			langs = append(langs, list.Index(i).String())
		}
	}
	if one := nav.Get("language"); one.Truthy() {
		langs = append(langs, one.String())
	}
	return langs
}

// setDocumentLang keeps <html lang> in step with the UI so screen readers
// pronounce the text in the right language and the browser picks the right
// hyphenation and spell-checking.
func setDocumentLang(lang string) {
	if app.IsServer {
		return
	}
	app.Window().Get("document").Get("documentElement").Set("lang", lang)
}

// showPending puts the number of requests in flight on body[data-pending],
// for tests to wait on. On the body, outside go-app's tree, so that a count
// changing does not re-render the page.
func showPending(n int) {
	if app.IsServer {
		return
	}
	app.Window().Get("document").Get("body").Get("dataset").Set("pending", n)
}

func focusByID(id string) {
	if app.IsServer {
		return
	}
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Call("focus")
	}
}

// appVersion is the version go-app's handler baked into the page.
func appVersion() string { return app.Getenv("GOAPP_VERSION") }

// setScrollTop scrolls the element with the given id.
func setScrollTop(id string, top float64) {
	if app.IsServer {
		return
	}
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Set("scrollTop", top)
	}
}

// rerender re-renders only c after an event handled in it. go-app
// otherwise re-renders the event's component and every ancestor up to
// Root; and once a handler called ctx.PreventUpdate, the component stays
// flagged until an explicit Update, so later events in it would not render
// at all (engine.go keeps false entries in componentUpdates). Components
// that prevent updates (Card, RefPicker, Grid's drag) therefore end every
// state-changing handler with rerender; presentational components use
// emit, and the callbacks they call end with the screen's Update.
func rerender(ctx app.Context, c interface{ Update() }) {
	ctx.PreventUpdate()
	c.Update()
}

// emit hands an event of a presentational component to its callback. The
// component re-renders when the screen that owns the state does (every
// callback ends with the screen's Update), so the event's own update, which
// would re-render every ancestor up to Root, is dropped.
func emit(ctx app.Context, fn func()) {
	ctx.PreventUpdate()
	if fn != nil {
		fn()
	}
}

// saveFile hands data to the browser as a download named name: a Blob, an
// object URL and a temporary <a download>, the URL revoked afterwards.
func saveFile(name, mime string, data []byte) {
	if app.IsServer {
		return
	}
	arr := app.Window().Get("Uint8Array").New(len(data))
	app.CopyBytesToJS(arr, data)
	parts := app.Window().Get("Array").New(arr)
	blob := app.Window().Get("Blob").New(parts, map[string]any{"type": mime})
	urlAPI := app.Window().Get("URL")
	href := urlAPI.Call("createObjectURL", blob)
	doc := app.Window().Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", href)
	a.Set("download", name)
	a.Get("style").Set("display", "none")
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	var revoke app.Func
	revoke = app.FuncOf(func(app.Value, []app.Value) any {
		urlAPI.Call("revokeObjectURL", href)
		revoke.Release()
		return nil
	})
	// Later, not at once: the browser reads the blob after the click.
	app.Window().Call("setTimeout", revoke, 10000)
}
