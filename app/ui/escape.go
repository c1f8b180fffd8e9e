package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// listenEscape closes the catalog's open menus (the View menu, a header's
// context menu) on Escape wherever the focus is: a click on a menu's title
// or a scroll can leave the focus outside the menu, where its own key
// handler never hears the key. A plain document listener, not
// Window().AddEventListener, which would re-render the whole page on every
// key typed anywhere.
func listenEscape(c *CatalogPage) func() {
	if app.IsServer {
		return func() {}
	}
	doc := app.Window().Get("document")
	key := app.FuncOf(func(_ app.Value, args []app.Value) any {
		e := args[0]
		if e.Get("key").String() != "Escape" || (!c.viewMenu && !c.menu.Open) || c.ctx == nil {
			return nil
		}
		e.Call("preventDefault")
		c.ctx.Dispatch(func(app.Context) {
			if c.viewMenu {
				c.closeViewMenu()
			}
			if c.menu.Open {
				c.closeMenu()
			}
		})
		return nil
	})
	doc.Call("addEventListener", "keydown", key)
	return func() {
		doc.Call("removeEventListener", "keydown", key)
		key.Release()
	}
}

// onEscape is a dialog's key handler: Escape cancels it (and goes no
// further, so the page under it keeps its own state), Tab stays inside it
// (trapTab); other keys pass.
func onEscape(cancel app.EventHandler) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		ctx.PreventUpdate()
		if trapTab(e) {
			return
		}
		if e.Get("key").String() == "Escape" {
			e.Call("stopPropagation")
			cancel(ctx, e)
		}
	}
}
