package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// The page's side of the filter bar: the form's state and lookups, the
// chips' names, and what applying or removing a condition does.

func (c *CatalogPage) renderFilterForm() app.UI {
	if !c.filter.Open {
		return nil
	}
	title := c.t("filter.title")
	if at := c.filter.At; at != nil {
		if cond, ok := c.q.Condition(*at); ok {
			title = i18n.Tf(c.Lang, "filter.or_title", chipText(c.Lang, c.Catalog, cond, c.refNames))
		}
	}
	return &FilterForm{
		Lang: c.Lang, Catalog: c.Catalog, Form: c.filter, Title: title, Rev: c.filterRev,
		OnField:    c.setFilterField,
		OnOp:       c.setFilterOp,
		OnValue:    c.setFilterValue,
		OnSearch:   c.searchFilterChoices,
		OnPick:     c.pickFilterOption,
		OnUser:     c.pickFilterUser,
		OnRelative: c.applyRelative,
		OnApply:    c.applyFilter,
		OnCancel:   c.closeFilter,
	}
}

func (c *CatalogPage) toggleFilter() {
	defer c.Update()
	if c.filter.Open {
		c.filter.Open = false
		return
	}
	fields := state.Filterable(c.Catalog)
	if len(fields) == 0 {
		return
	}
	c.openFilter(nil, fields[0].Key, "")
}

// openFilter opens the form on field (with op if it applies); at is the
// chip the condition is an alternative to, nil for a new condition.
func (c *CatalogPage) openFilter(at *state.Chip, field, op string) {
	form, lookup := state.OpenFilterForm(c.Catalog, at, field, op, c.Lang)
	form.Lookup = c.filter.Lookup
	c.filter = form
	if lookup {
		c.lookupFilter()
	}
	if c.ctx != nil {
		c.ctx.Defer(func(app.Context) { focusByID("filter-field") })
	}
}

// openAlternative opens the form to add an alternative to a chip: the
// chip's field and operator are preselected, the value is the user's.
func (c *CatalogPage) openAlternative(at state.Chip) {
	if cond, ok := c.q.Condition(at); ok {
		c.openFilter(&at, cond.Field, cond.Op)
	}
	c.Update()
}

func (c *CatalogPage) setFilterField(key string) {
	if c.filter.SetField(c.Catalog, key, c.Lang) {
		c.lookupFilter()
	}
	c.Update()
}

func (c *CatalogPage) setFilterOp(op string) {
	c.filter.Op, c.filter.Err = op, false
	c.Update()
}

// setFilterValue keeps what is typed, without a render (the input is the
// user's while they type).
func (c *CatalogPage) setFilterValue(second bool, typed string) {
	if second {
		c.filter.V2 = typed
	} else {
		c.filter.V1 = typed
	}
}

// searchFilterChoices looks the choices up again after a pause in typing.
func (c *CatalogPage) searchFilterChoices(typed string) {
	c.filter.Search = typed
	afterTyping(c.ctx, &c.filter.Lookup, c.lookupFilter)
}

func (c *CatalogPage) lookupFilter() {
	req, ok := c.filter.LookupRequest(c.Catalog, lookupLimit)
	if !ok || c.ctx == nil || c.Link == nil {
		return
	}
	c.filter.Lookup++
	id := c.filter.Lookup
	c.filter.Loading = true
	ask(c.ctx, c.Link, api.TypeLookup, req, func() bool { return id == c.filter.Lookup }, func(reply api.LookupReply, err error) {
		c.filter.Loading = false
		if err != nil {
			c.requestFailed(err)
			return
		}
		c.filter.Choices = reply.Choices
		c.filterRev++
	})
}

func (c *CatalogPage) pickFilterOption(ch api.Choice, on bool) {
	c.filter.Pick(ch, on)
	c.Update()
}

func (c *CatalogPage) pickFilterUser(ch api.Choice) {
	c.filter.PickUser(ch)
	c.Update()
}

// applyRelative applies a one-click relative range (today, this month,
// the last 7 days) on the form's date field.
func (c *CatalogPage) applyRelative(op string) {
	c.filter.Op = op
	c.applyFilter()
}

func (c *CatalogPage) closeFilter() {
	c.filter.Open = false
	focusByID("filter-add")
	c.Update()
}

// applyFilter adds the condition being edited; with a missing or invalid
// value it marks the form instead.
func (c *CatalogPage) applyFilter() {
	defer c.Update()
	cond, ok := c.filter.Condition(c.Catalog)
	if !ok {
		return
	}
	refLabels(&cond, c.filter.Picked)
	for i, v := range cond.Values {
		if id, ok := v.(string); ok && i < len(cond.Labels) {
			c.rememberName(cond.Field, id, cond.Labels[i])
		}
	}
	changed := true
	if at := c.filter.At; at != nil {
		changed = c.q.AddAlternative(*at, cond)
	} else {
		c.q.AddCondition(cond)
	}
	c.filter.Open = false
	focusByID("filter-add")
	if changed {
		c.resetQuery()
	}
}

// refLabels names each record a reference condition picked as the
// picker did, with its code and owner (api.RefText), so that its chip,
// saved with the filter or a view, tells apart records of the same name.
func refLabels(cond *api.Condition, picked []api.Choice) {
	for i := range cond.Labels {
		id, _ := cond.Values[i].(string)
		for _, p := range picked {
			if p.ID == id {
				cond.Labels[i] = api.RefText(p.Label, api.RefInfo{Code: p.Code, Owner: p.Owner})
			}
		}
	}
}

func (c *CatalogPage) rememberName(field, id, name string) {
	if c.refNames == nil {
		c.refNames = map[string]string{}
	}
	c.refNames[nameKey(field, id)] = name
}

func (c *CatalogPage) removeChip(at state.Chip) {
	if c.filter.At != nil {
		// The chip the open form adds to may move or go: close the form.
		c.filter.Open, c.filter.At = false, nil
	}
	if c.q.RemoveChip(at) {
		c.resetQuery()
	}
	focusByID("filter-add")
	c.Update()
}

// resolveNames looks up the names of referenced records in the filter that
// came without them (a filter saved before names were kept), once each.
func (c *CatalogPage) resolveNames() {
	conds := c.q.Filter.All
	for _, g := range c.q.Filter.Groups {
		conds = append(conds[:len(conds):len(conds)], g.Any...)
	}
	for _, cond := range conds {
		f := state.FieldByKey(c.Catalog, cond.Field)
		if f == nil || f.Type != api.FieldRef {
			continue
		}
		for i, v := range cond.Values {
			id, _ := v.(string)
			if i < len(cond.Labels) && cond.Labels[i] != "" {
				continue
			}
			if _, asked := c.refNames[nameKey(f.Key, id)]; !asked && id != "" {
				c.resolveName(f.Key, id)
			}
		}
	}
}

// resolveName finds the name of a referenced record through this catalog:
// any row that refers to it carries its name in Labels. The id stays when
// no row does.
func (c *CatalogPage) resolveName(field, id string) {
	if c.ctx == nil || c.Link == nil {
		return
	}
	c.rememberName(field, id, "") // asked: do not ask again
	req := api.QueryRequest{Catalog: c.key, Limit: 1, Deleted: true,
		Filter: api.Filter{All: []api.Condition{{Field: field, Op: api.OpIn, Values: []any{id}}}}}
	// request drops the answer if another catalog opened meanwhile: its
	// names would land in the new catalog's chips.
	c.query(req, func(reply api.QueryReply, err error) {
		if err != nil || len(reply.Rows) == 0 {
			return
		}
		if name := state.RefLabel(reply.Rows[0], field); name != "" {
			c.rememberName(field, id, name)
		}
	})
}
