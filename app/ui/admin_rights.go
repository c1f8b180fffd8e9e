package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// EffectiveRightsView (#user-rights) shows what a user may see and do and
// which of their roles gives it: the rows they see (every distributor, and
// by which role, or their sync points), their level in each catalog, and
// each special right held (✓) or not (✗). It is presentational: the card
// asks for api.EffectiveRights and hands them in.
type EffectiveRightsView struct {
	app.Compo

	Lang   string
	Rights api.EffectiveRights
	Known  bool
	Err    api.Code
	// Rev counts the replies applied (data-rev).
	Rev   int
	Roles []api.Role
}

func (c *EffectiveRightsView) t(key string) string { return i18n.T(c.Lang, key) }

func (c *EffectiveRightsView) Render() app.UI {
	root := app.Div().ID("user-rights").Class("effective").DataSet("rev", c.Rev)
	switch {
	case c.Err != "" && !c.Known:
		return root.Body(app.Div().Class("alert", "alert-error").DataSet("code", string(c.Err)).Body(
			app.Span().Class("alert-icon").Body(icon(pathAlert)),
			app.Span().Text(i18n.Error(c.Lang, c.Err)),
		))
	case !c.Known:
		return root.Aria("busy", "true").Body(app.Div().Class("skeleton"), app.Div().Class("skeleton", "skeleton-short"))
	}
	return root.Body(
		app.P().Class("muted").Text(c.t("admin.rights.lead")),
		c.renderScope(),
		c.renderCatalogs(),
		c.renderSpecial(),
	)
}

func (c *EffectiveRightsView) from(keys []string) app.UI {
	if len(keys) == 0 {
		return app.Span().Class("muted").Text("—")
	}
	return roleChips(c.Lang, c.Roles, keys)
}

func (c *EffectiveRightsView) renderScope() app.UI {
	r := c.Rights
	var body app.UI
	switch {
	case r.AllSyncPoints:
		body = app.P().ID("rights-scope").DataSet("scope", "all").Body(
			app.Span().Class("scope-all").Text(c.t("admin.scope.all")),
			app.Text(" "+i18n.Tf(c.Lang, "admin.rights.scope_from", roleNames(c.Lang, c.Roles, r.AllFrom))),
		)
	case len(r.User.SyncPoints) == 0:
		body = app.P().ID("rights-scope").DataSet("scope", "none").Class("warn-text").Text(c.t("admin.rights.scope_none"))
	default:
		points := r.User.SyncPoints
		body = app.Div().ID("rights-scope").DataSet("scope", "points").Body(
			app.P().Class("muted").Text(c.t("admin.rights.scope_points")),
			app.Ul().Class("chip-list").Body(app.Range(points).Slice(func(i int) app.UI {
				return app.Li().Class("ref-chip").DataSet("id", points[i].ID).Text(refLine(points[i]))
			})),
		)
	}
	return app.Section().Class("rights-section").Aria("labelledby", "rights-scope-title").Body(
		app.H3().ID("rights-scope-title").Class("rights-title").Text(c.t("admin.rights.scope_title")),
		body,
	)
}

func (c *EffectiveRightsView) renderCatalogs() app.UI {
	groups := state.EffectiveGroups(c.Rights.Catalogs)
	return app.Section().Class("rights-section").Aria("labelledby", "rights-catalogs-title").Body(
		app.H3().ID("rights-catalogs-title").Class("rights-title").Text(c.t("admin.rights.catalogs")),
		app.Div().Class("admin-scroll", "admin-scroll-inline").Body(app.Table().ID("rights-catalogs").Class("admin-table", "rights-table").Body(
			app.Caption().Class("sr-only").Text(c.t("admin.rights.catalogs")),
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text(c.t("admin.role.catalog")),
				app.Th().Scope("col").Text(c.t("admin.rights.level")),
				app.Th().Scope("col").Text(c.t("admin.rights.from")),
			)),
			app.Range(groups).Slice(func(g int) app.UI {
				cats := groups[g]
				return app.TBody().Body(
					app.Tr().Class("group-row").Body(
						app.Th().Scope("colgroup").ColSpan(3).Text(groupName(c.Lang, cats[0].Group)),
					),
					app.Range(cats).Slice(func(i int) app.UI {
						ec := cats[i]
						return app.Tr().Class("admin-row", "static").DataSet("catalog", ec.Key).DataSet("level", ec.Level).Body(
							app.Th().Scope("row").Text(ec.Label.In(c.Lang)),
							app.Td().Body(levelChip(c.Lang, ec.Level)),
							app.Td().Body(c.from(ec.From)),
						)
					}),
				)
			}),
		)),
	)
}

func (c *EffectiveRightsView) renderSpecial() app.UI {
	groups := state.EffectiveRightGroups(c.Rights.Rights)
	return app.Section().Class("rights-section").Aria("labelledby", "rights-special-title").Body(
		app.H3().ID("rights-special-title").Class("rights-title").Text(c.t("admin.rights.special")),
		app.Div().Class("admin-scroll", "admin-scroll-inline").Body(app.Table().ID("rights-special").Class("admin-table", "rights-table").Body(
			app.Caption().Class("sr-only").Text(c.t("admin.rights.special")),
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text(c.t("admin.rights.right")),
				app.Th().Scope("col").Class("center").Text(c.t("admin.rights.held")),
				app.Th().Scope("col").Text(c.t("admin.rights.from")),
			)),
			app.Range(groups).Slice(func(g int) app.UI {
				rights := groups[g]
				if len(rights) == 0 {
					return nil
				}
				return app.TBody().Body(
					app.Tr().Class("group-row").Body(
						app.Th().Scope("colgroup").ColSpan(3).Text(rightGroupName(c.Lang, rights[0].Group)),
					),
					app.Range(rights).Slice(func(i int) app.UI {
						r := rights[i]
						held := len(r.From) > 0
						mark := app.Span().Class("held", "held-no").Body(
							app.Span().Aria("hidden", "true").Text("✗"),
							app.Span().Class("sr-only").Text(c.t("admin.rights.no")),
						)
						if held {
							mark = app.Span().Class("held", "held-yes").Body(
								app.Span().Aria("hidden", "true").Text("✓"),
								app.Span().Class("sr-only").Text(c.t("admin.rights.yes")),
							)
						}
						return app.Tr().Class("admin-row", "static").DataSet("right", r.Key).DataSet("held", held).Body(
							app.Th().Scope("row").Body(app.Text(r.Label.In(c.Lang)), tierTag(c.Lang, r.Tier)),
							app.Td().Class("center").Body(mark),
							app.Td().Body(c.from(r.From)),
						)
					}),
				)
			}),
		)),
	)
}

// groupName is a catalog group's name (the navigation's).
func groupName(lang, key string) string {
	if k := "nav.group." + key; i18n.Has(k) {
		return i18n.T(lang, k)
	}
	return key
}

// rightGroupName is the name of a group of special rights.
func rightGroupName(lang, key string) string {
	if k := "admin.rights.group." + key; i18n.Has(k) {
		return i18n.T(lang, k)
	}
	return key
}

// levelChip shows a right level: none muted, the others stronger as they
// grow.
func levelChip(lang, level string) app.UI {
	if level == "" {
		level = api.LevelNone
	}
	return app.Span().Class("level-chip", "level-"+level).Text(i18n.T(lang, "admin.level."+level))
}

// tierTag marks a special right of high or medium importance (the vendor
// rules' tiers); normal rights have none.
func tierTag(lang, tier string) app.UI {
	switch tier {
	case api.TierHigh, api.TierMedium:
		return app.Span().Class("tier-tag", "tier-"+tier).DataSet("tier", tier).Text(i18n.T(lang, "admin.tier."+tier))
	}
	return nil
}
