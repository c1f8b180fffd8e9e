package ui

import (
	"errors"
	"slices"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// Views and form settings on the catalog screen: the layout a catalog
// opens with, the View menu, the name dialog, sharing, and the form
// settings entries of the list menu. The layout itself lives in c.q, c.cols
// and c.totals; c.viewID names the view it came from and c.applied is the
// layout as last applied or saved, so later changes on this tab show.
//
// Form settings are the catalog's own layout: what the list shows when no
// view is chosen (c.settings as saved; with none saved, the catalog's
// defaults). The View menu lists them first, then the views; the toolbar's
// "изменено" compares the screen with the view on it or, with none, with
// the form settings.

// viewDialog is the open name dialog: creating, renaming or duplicating.
type viewDialog struct {
	Open bool
	Mode string // "create", "rename", "duplicate"
	ID   string // the view renamed or duplicated
	Name string // what the input starts with; the typed text stays in the DOM
	Err  string // i18n key of the error next to the name
	Busy bool
}

// currentLayout is the layout on screen.
func (c *CatalogPage) currentLayout() api.Layout { return c.q.Layout(c.cols, c.totals) }

// currentView is the view on screen, or nil.
func (c *CatalogPage) currentView() *api.View { return state.FindView(c.views, c.viewID) }

// modified reports whether the screen differs from what it is based on:
// the current view as saved or, with no view, the saved form settings.
func (c *CatalogPage) modified() bool {
	if v := c.currentView(); v != nil {
		return !state.SameLayout(c.Catalog, c.currentLayout(), v.Layout)
	}
	if c.viewID != "" {
		return false // a view the list of views does not hold yet
	}
	return !state.SameLayout(c.Catalog, c.currentLayout(), c.settingsLayout())
}

// settingsLayout is the layout of the saved form settings; with none, the
// catalog's defaults.
func (c *CatalogPage) settingsLayout() api.Layout {
	if c.settings.Layout != nil {
		return *c.settings.Layout
	}
	return state.Effective(c.Catalog, api.Layout{})
}

// openSettings shows the form settings: their layout, on the view they
// were saved with if it still exists; with none saved, the catalog's
// defaults and no view.
func (c *CatalogPage) openSettings() {
	c.viewID = ""
	if c.settings.Layout == nil {
		c.applyLayout(nil)
	} else {
		if state.FindView(c.views, c.settings.View) != nil {
			c.viewID = c.settings.View
		}
		l := *c.settings.Layout
		c.applyLayout(&l)
	}
	c.showURL()
}

// applyLayout shows a layout (nil: the catalog's defaults) and refetches.
func (c *CatalogPage) applyLayout(l *api.Layout) {
	var lay api.Layout
	if l != nil {
		lay = *l
	}
	lay = state.Effective(c.Catalog, lay)
	c.q = state.Query{Filter: lay.Filter, Sort: slices.Clone(lay.Sort), Deleted: lay.Deleted}
	c.q.Filter.All = slices.Clone(lay.Filter.All)
	c.q.Filter.Groups = slices.Clone(lay.Filter.Groups)
	c.search = lay.Filter.Search
	c.searchSeq++
	c.cols = slices.Clone(lay.Columns)
	c.totals = slices.Clone(lay.Totals)
	c.totalVals = nil
	c.applied = c.currentLayout()
	c.resetQuery()
	if c.ctx != nil {
		c.ctx.Defer(func(app.Context) { c.measure() })
	}
}

// showURL puts the catalog and the current view in the address bar
// without a reload or a new history entry.
func (c *CatalogPage) showURL() {
	if app.IsServer {
		return
	}
	u := state.CatalogURL(c.key, c.viewID)
	loc := app.Window().Get("location")
	if loc.Get("pathname").String()+loc.Get("search").String() == u {
		return
	}
	app.Window().Get("history").Call("replaceState", nil, "", u)
}

// linkView is the view named in the address (a copied link or bookmark).
func linkView() string {
	if app.IsServer {
		return ""
	}
	return state.ParseViewParam(app.Window().Get("location").Get("search").String())
}

// openLayout asks for the user's settings and views of the catalog and
// shows the layout it opens with; the rows load after that, so the list
// does not flash the defaults first.
func (c *CatalogPage) openLayout() {
	if c.ctx == nil || c.Link == nil {
		c.load()
		c.fetchTotals()
		return
	}
	link := linkView()
	request(c, api.TypeSettings, api.SettingsRequest{Catalog: c.key}, func(fs api.FormSettings, errS error) {
		if errS != nil {
			fs = api.FormSettings{}
		}
		c.settings = fs
		request(c, api.TypeViews, api.SettingsRequest{Catalog: c.key}, func(vs api.Views, errV error) {
			if errV == nil {
				c.views, c.viewsKnown = vs.Views, true
				c.viewsRev++
			}
			open := state.ChooseOpening(link, fs, c.views)
			c.viewID = open.View
			c.applyLayout(open.Layout)
			c.showURL()
		})
	})
}

// fetchViews asks for the catalog's views again.
func (c *CatalogPage) fetchViews() {
	request(c, api.TypeViews, api.SettingsRequest{Catalog: c.key}, func(vs api.Views, err error) {
		if err == nil {
			c.setViews(vs.Views)
		}
	})
}

func (c *CatalogPage) setViews(views []api.View) {
	prev := c.currentView()
	asSaved := prev != nil && state.SameLayout(c.Catalog, c.currentLayout(), prev.Layout)
	c.views, c.viewsKnown = views, true
	c.viewsRev++
	if c.viewID != "" && c.currentView() == nil {
		// The current view was deleted (in another tab) or unshared. Shown
		// as saved, the list returns to the form settings; changed, it
		// stays as it is (and shows as changed against them).
		c.viewID = ""
		if asSaved {
			c.openSettings()
		}
		c.showURL()
	}
	c.Update()
}

// onSettingsPush applies form settings saved in another tab, unless the
// user changed the layout on this one since it was applied.
func (c *CatalogPage) onSettingsPush(fs api.FormSettings) {
	if fs.Catalog != c.key {
		return
	}
	c.settings = fs
	if !state.SameLayout(c.Catalog, c.currentLayout(), c.applied) {
		c.Update() // the "changed" mark compares with the new settings
		return
	}
	// A reset (no layout) shows the catalog's defaults: the default view
	// was reset with it.
	c.openSettings()
	c.Update()
}

// ---- the View menu

func (c *CatalogPage) renderViewMenu() app.UI {
	if !c.viewMenu {
		return nil
	}
	return &ViewMenu{
		Lang: c.Lang, Views: c.views, Current: c.viewID, Admin: c.Admin, Modified: c.modified(),
		X: c.viewMenuX, Y: c.viewMenuY, Rev: c.viewsRev,
		OnSettings:     c.pickSettings,
		OnSaveSettings: func() { c.closeViewMenu(); c.saveSettings() },
		OnRevert:       c.revert,
		OnPick:         c.pickView,
		OnCreate:       func() { c.openViewDialog("create", "", "") },
		OnSave:         c.saveView,
		OnRename:       c.renameView,
		OnDuplicate:    c.duplicateView,
		OnDelete:       c.deleteView,
		OnDefault:      c.toggleDefaultView,
		OnShare:        c.openShare,
		OnClose:        c.closeViewMenu,
	}
}

// toggleViewMenu is the View menu's button; x, y is under it.
func (c *CatalogPage) toggleViewMenu(x, y int) {
	defer c.Update()
	if c.viewMenu {
		c.viewMenu = false
		return
	}
	c.menu = gridMenu{}
	c.viewMenuX, c.viewMenuY = x, y
	if !app.IsServer {
		w, _ := app.Window().Size()
		c.viewMenuX = max(4, min(x, w-284))
	}
	c.viewMenu = true
	c.ctx.Defer(func(app.Context) { focusItemIn("#view-list", 0) })
	if !c.viewsKnown {
		c.fetchViews()
	}
}

func (c *CatalogPage) closeViewMenu() {
	c.viewMenu = false
	c.updateFocus("view-menu")
}

// pickSettings is the View menu's "form settings".
func (c *CatalogPage) pickSettings() {
	c.closeViewMenu()
	c.openSettings()
}

// revert drops the changes on screen: the current view as saved, or the
// form settings.
func (c *CatalogPage) revert() {
	if v := c.currentView(); v != nil {
		c.pickView(v.ID)
		return
	}
	c.pickSettings()
}

func (c *CatalogPage) pickView(id string) {
	c.closeViewMenu()
	v := state.FindView(c.views, id)
	if v == nil {
		return
	}
	c.viewID = v.ID
	l := v.Layout
	c.applyLayout(&l)
	c.showURL()
}

// ---- the name dialog

func (c *CatalogPage) renderViewDialog() app.UI {
	d := c.viewDlg
	if !d.Open {
		return nil
	}
	return &ViewDialog{
		Lang: c.Lang, Rename: d.Mode == "rename", Name: d.Name, Err: d.Err, Busy: d.Busy,
		OnOK: c.viewDialogOK, OnCancel: c.closeViewDialog,
	}
}

func (c *CatalogPage) openViewDialog(mode, id, name string) {
	c.closeViewMenu()
	c.viewDlg = viewDialog{Open: true, Mode: mode, ID: id, Name: name}
}

func (c *CatalogPage) renameView() {
	if v := c.currentView(); v != nil && v.Mine {
		c.openViewDialog("rename", v.ID, v.Name)
		return
	}
	c.closeViewMenu()
}

func (c *CatalogPage) duplicateView() {
	if v := c.currentView(); v != nil && v.Mine {
		c.openViewDialog("duplicate", v.ID, state.CopyName(v.Name, c.t("view.copy_word"), c.views))
		return
	}
	c.closeViewMenu()
}

func (c *CatalogPage) closeViewDialog() {
	c.viewDlg = viewDialog{}
	c.updateFocus("view-menu")
}

func (c *CatalogPage) viewDialogOK(name string) {
	defer c.Update()
	d := c.viewDlg
	if !d.Open || d.Busy {
		return
	}
	req := api.ViewSave{Catalog: c.key, Name: name, Layout: c.currentLayout()}
	switch d.Mode {
	case "rename":
		v := state.FindView(c.views, d.ID)
		if v == nil {
			c.viewDlg = viewDialog{}
			return
		}
		req.ID, req.Layout = v.ID, v.Layout
	case "duplicate":
		if v := state.FindView(c.views, d.ID); v != nil {
			req.Layout = v.Layout
		}
	}
	c.viewDlg.Busy, c.viewDlg.Name, c.viewDlg.Err = true, name, ""
	request(c, api.TypeViewSave, req, func(out api.View, err error) {
		c.viewDlg.Busy = false
		if err != nil {
			var ae *api.Error
			if errors.As(err, &ae) && ae.Fields["name"] != "" {
				key := "view.err." + string(ae.Fields["name"])
				if !i18n.Has(key) {
					key = i18n.ErrorKey(ae.Code)
				}
				c.viewDlg.Err = key
				c.viewDlg.Name = name
				focusByID("view-name")
				return
			}
			c.requestFailed(err)
			return
		}
		c.viewDlg = viewDialog{}
		c.upsertView(out)
		switch d.Mode {
		case "duplicate":
			c.viewID = out.ID
			l := out.Layout
			c.applyLayout(&l)
		case "create":
			c.viewID = out.ID
			c.applied = c.currentLayout()
		}
		c.showURL()
		c.notify("view_saved", i18n.Tf(c.Lang, "view.saved", out.Name), true)
		c.fetchViews()
		focusByID("view-menu")
	})
}

// upsertView puts a saved view into the list at once; the views reply
// that follows brings the order and the marks.
func (c *CatalogPage) upsertView(v api.View) {
	c.viewsRev++
	for i := range c.views {
		if c.views[i].ID == v.ID {
			v.Default = c.views[i].Default
			c.views[i] = v
			return
		}
	}
	c.views = append(c.views, v)
}

// ---- actions on the current view

func (c *CatalogPage) saveView() {
	c.closeViewMenu()
	v := c.currentView()
	if v == nil || !v.Mine {
		return
	}
	lay := c.currentLayout()
	request(c, api.TypeViewSave, api.ViewSave{ID: v.ID, Catalog: c.key, Name: v.Name, Layout: lay}, func(out api.View, err error) {
		if err != nil {
			c.requestFailed(err)
			return
		}
		c.upsertView(out)
		c.applied = lay
		c.notify("view_saved", i18n.Tf(c.Lang, "view.saved", out.Name), true)
	})
}

func (c *CatalogPage) deleteView() {
	c.closeViewMenu()
	v := c.currentView()
	if v == nil || !v.Mine {
		return
	}
	id, name := v.ID, v.Name
	c.ask = &confirmAsk{
		Text:   i18n.Tf(c.Lang, "view.confirm_delete", name),
		OK:     c.t("view.delete_ok"),
		Danger: true,
		Do: func() {
			request(c, api.TypeViewDelete, api.ViewRef{ID: id}, func(out api.Views, err error) {
				if err != nil {
					c.requestFailed(err)
					return
				}
				// The list returns to the form settings: nothing of the
				// deleted view (its search, its filter) stays applied.
				c.views = out.Views
				if c.viewID == id {
					c.openSettings()
				}
				c.setViews(out.Views)
				c.notify("view_deleted", i18n.Tf(c.Lang, "view.deleted", name), true)
			})
		},
	}
}

func (c *CatalogPage) toggleDefaultView() {
	c.closeViewMenu()
	v := c.currentView()
	if v == nil {
		return
	}
	id := v.ID
	if v.Default {
		id = ""
	}
	request(c, api.TypeViewDefault, api.ViewDefault{Catalog: c.key, ID: id}, func(out api.Views, err error) {
		if err != nil {
			c.requestFailed(err)
			return
		}
		c.setViews(out.Views)
	})
}

// ---- sharing (administrators)

func (c *CatalogPage) renderShareDialog() app.UI {
	if !c.shareOpen {
		return nil
	}
	return &ShareDialog{Lang: c.Lang, Roles: c.shareRoles, OnOK: c.share, OnCancel: c.closeShare}
}

func (c *CatalogPage) openShare() {
	c.closeViewMenu()
	v := c.currentView()
	if v == nil || !v.Mine || !c.Admin {
		return
	}
	c.shareOpen, c.shareID, c.shareRoles = true, v.ID, slices.Clone(v.Roles)
}

func (c *CatalogPage) closeShare() {
	c.shareOpen = false
	c.updateFocus("view-menu")
}

func (c *CatalogPage) share(roles []string) {
	id := c.shareID
	c.closeShare()
	request(c, api.TypeViewShare, api.ViewShare{ID: id, Roles: roles}, func(out api.View, err error) {
		if err != nil {
			c.requestFailed(err)
			return
		}
		c.upsertView(out)
		c.notify("view_shared", c.t("view.shared_done"), true)
	})
}

// ---- form settings

func (c *CatalogPage) saveSettings() {
	lay := c.currentLayout()
	fs := api.FormSettings{Catalog: c.key, View: c.viewID, Layout: &lay}
	request(c, api.TypeSettingsSave, fs, func(_ api.FormSettings, err error) {
		if err != nil {
			c.requestFailed(err)
			return
		}
		c.applied, c.settings = lay, fs
		c.notify("settings_saved", c.t("settings.saved"), true)
	})
}

func (c *CatalogPage) askResetSettings() {
	c.ask = &confirmAsk{
		Text:   c.t("settings.reset_confirm"),
		OK:     c.t("settings.reset_ok"),
		Danger: true,
		Do: func() {
			request(c, api.TypeSettingsReset, api.SettingsRequest{Catalog: c.key}, func(_ api.FormSettings, err error) {
				if err != nil {
					c.requestFailed(err)
					return
				}
				c.viewID, c.settings = "", api.FormSettings{}
				c.applyLayout(nil)
				c.showURL()
				c.fetchViews()
				c.notify("settings_reset", c.t("settings.reset_done"), true)
			})
		},
	}
}

func (c *CatalogPage) renderAsk() app.UI {
	if c.ask == nil {
		return nil
	}
	return c.ask.dialog(c.Lang, func() {
		c.ask = nil
		c.Update()
	})
}
