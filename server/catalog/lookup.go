package catalog

import (
	"fmt"
	"strings"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/query"
	"webtool/server/store"
)

// maxChoices caps the choices of one lookup.
const maxChoices = 50

// Lookup lists live records of a catalog p sees whose title, code,
// ChoiceDetail fields or owner contain every word of the search text
// (lookupSearch), for a
// reference picker or a filter's value list; each choice carries its
// code, owner and details so that records of one name can be told
// apart. With For it fills a field of a record being edited: the
// choices are only those the field's limits allow (what a save accepts),
// and for a pick (api.Pick) each carries the text the field takes. With
// Field set it lists the distinct values of that field instead. It reads
// in one transaction.
func (rd *reader) Lookup(p access.Principal, req api.LookupRequest) (api.LookupReply, error) {
	limit := req.Limit
	if limit <= 0 || limit > maxChoices {
		limit = maxChoices
	}
	if len(strings.TrimSpace(req.Search)) > maxSearch {
		return api.LookupReply{}, api.Errorf(api.CodeBadRequest, "search text too long")
	}
	if req.For != nil {
		return rd.lookupFor(p, req, limit)
	}
	d, err := rd.reg.def(p, req.Catalog, access.Read)
	if err != nil {
		return api.LookupReply{}, err
	}
	if req.Field != "" {
		return rd.distinct(p, d, req, limit)
	}
	var out api.LookupReply
	err = rd.db.View(func(tx *store.Tx) (err error) {
		out, err = rd.choices(tx, p, d, req.Search, nil, nil, limit)
		return err
	})
	return out, err
}

// lookupFor is Lookup for a field of a record being edited (req.For).
func (rd *reader) lookupFor(p access.Principal, req api.LookupRequest, limit int) (api.LookupReply, error) {
	fd, err := rd.reg.def(p, req.For.Catalog, access.Read)
	if err != nil {
		return api.LookupReply{}, err
	}
	target, limits, pick, err := forField(fd, req.For.Field)
	if err != nil {
		return api.LookupReply{}, err
	}
	if req.Catalog != "" && req.Catalog != target || req.Field != "" {
		return api.LookupReply{}, api.Errorf(api.CodeBadRequest, "field %q of %s picks from %s", req.For.Field, fd.Key, target)
	}
	td, err := rd.reg.def(p, target, access.Read)
	if err != nil {
		return api.LookupReply{}, err
	}
	var out api.LookupReply
	err = rd.db.View(func(tx *store.Tx) error {
		where, err := rd.forLimits(tx, p, fd, td, limits, req.For)
		if err != nil {
			return err
		}
		out, err = rd.choices(tx, p, td, req.Search, where, pick, limit)
		return err
	})
	if err != nil {
		return api.LookupReply{}, fmt.Errorf("lookup for %s.%s: %w", fd.Key, req.For.Field, err)
	}
	return out, nil
}

// choices are up to limit live records of d that p sees, match every
// word of search (lookupSearch) and the conditions in extra, by title.
func (rd *reader) choices(tx *store.Tx, p access.Principal, d *Def, search string, extra query.And, pick *api.Pick, limit int) (api.LookupReply, error) {
	where, err := rd.where(d, p, "", api.Filter{}, false)
	if err != nil {
		return api.LookupReply{}, err
	}
	where = append(append(where, extra...), rd.lookupSearch(d, p, searchWords(search))...)
	res, err := rd.img.table(d.Key).Query(query.Query{Where: where, Sort: []query.SortKey{{Column: d.TitleField}}, Limit: limit})
	if err != nil {
		return api.LookupReply{}, fmt.Errorf("lookup %s: %w", d.Key, err)
	}
	out := api.LookupReply{Choices: make([]api.Choice, 0, len(res.IDs))}
	names := rd.recs.names(tx, &p, "")
	for _, id := range res.IDs {
		r, err := rd.recs.get(tx, d.Key, id)
		if err != nil {
			return api.LookupReply{}, err
		}
		if r == nil {
			continue // purged since the query
		}
		info := names.infoOf(d, r)
		c := api.Choice{ID: id, Label: titleOf(d, r, ""), Code: info.Code, Owner: info.Owner, Detail: choiceDetail(d, r)}
		if pick != nil {
			c.Value = r.Str(pick.Field)
		}
		out.Choices = append(out.Choices, c)
	}
	return out, nil
}

// choiceDetail joins the ChoiceDetail values of r (enums by their
// Russian labels: a lookup does not say the reader's language).
func choiceDetail(d *Def, r *Record) string {
	var parts []string
	for _, k := range d.ChoiceDetail {
		v := r.Str(k)
		if f := d.Field(k); v != "" && f.Type == api.FieldEnum {
			v = optionLabel(f, v, "ru")
		}
		if v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, ", ")
}

// distinct lists the distinct values of a text or user field of d that
// start with req.Search, for a filter's value list.
func (rd *reader) distinct(p access.Principal, d *Def, req api.LookupRequest, limit int) (api.LookupReply, error) {
	f := d.Field(req.Field)
	if f == nil || f.Type != api.FieldText && f.Type != api.FieldUser {
		return api.LookupReply{}, api.Errorf(api.CodeBadRequest, "no distinct values for %q", req.Field)
	}
	base, err := rd.where(d, p, "", api.Filter{}, false)
	if err != nil {
		return api.LookupReply{}, err
	}
	vals, err := rd.img.table(d.Key).Distinct(base, f.Key, req.Search, limit)
	if err != nil {
		return api.LookupReply{}, api.Errorf(api.CodeBadRequest, "%v", err)
	}
	out := api.LookupReply{Choices: make([]api.Choice, len(vals))}
	for i, v := range vals {
		out.Choices[i] = api.Choice{ID: v, Label: v}
	}
	return out, nil
}
