package ui

import (
	"slices"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
)

// shareRoles are the roles a view may be shared with.
var shareRoles = []string{"key_user", "viewer"}

// ShareDialog (#view-share-dialog) lets an administrator share an own view
// with roles. The ticks stay in the checkboxes and go out with OnOK.
type ShareDialog struct {
	app.Compo

	Lang  string
	Roles []string // shared with now

	OnOK     func(roles []string)
	OnCancel func()

	back focusReturn // the focus goes back where it was (focustrap.go)
}

func (c *ShareDialog) OnDismount() { c.back.restore() }

func (c *ShareDialog) OnMount(ctx app.Context) {
	c.back.save()
	ctx.Defer(func(app.Context) { focusFirst("#view-share-dialog input") })
}

func (c *ShareDialog) Render() app.UI {
	t := func(key string) string { return i18n.T(c.Lang, key) }
	return app.Div().Class("modal-backdrop").OnKeyDown(onEscape(c.onCancel)).Body(
		app.Div().ID("view-share-dialog").Class("modal").
			Role("dialog").Aria("modal", "true").Aria("labelledby", "view-share-title").
			Body(
				app.H2().ID("view-share-title").Class("modal-title").Text(t("view.share_title")),
				app.FieldSet().Class("share-roles").Body(
					app.Legend().Class("modal-text").Text(t("view.share_hint")),
					app.Range(shareRoles).Slice(func(i int) app.UI {
						role := shareRoles[i]
						id := "view-share-" + role
						return app.Div().Class("share-role").Body(
							app.Input().ID(id).Type("checkbox").Class("check-input").
								DataSet("role", role).
								Checked(slices.Contains(c.Roles, role)),
							app.Label().For(id).Text(t("role."+role)),
						)
					}),
				),
				app.Div().Class("modal-actions").Body(
					app.Button().ID("view-share-cancel").Type("button").Class("btn", "btn-secondary").
						OnClick(c.onCancel).Text(t("view.cancel")),
					app.Button().ID("view-share-ok").Type("button").Class("btn", "btn-primary").
						OnClick(c.onOK).Text(t("view.ok")),
				),
			),
	)
}

func (c *ShareDialog) onCancel(ctx app.Context, e app.Event) { emit(ctx, c.OnCancel) }

func (c *ShareDialog) onOK(ctx app.Context, e app.Event) {
	roles := []string{}
	if !app.IsServer {
		for _, r := range shareRoles {
			if el := app.Window().GetElementByID("view-share-" + r); el.Truthy() && el.Get("checked").Bool() {
				roles = append(roles, r)
			}
		}
	}
	emit(ctx, func() { c.OnOK(roles) })
}
