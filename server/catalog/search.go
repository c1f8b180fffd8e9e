package catalog

import (
	"strings"
	"unicode"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/query"
)

// Search by words: the grid's quick search and a picker's search split
// the text into words and find the records that match every word, each
// in any of the searched fields, so «АЗС «Берёзка» №103» is found by
// "Берёзка №103", "103 берёзка" or "азс березка". Case and ё are folded
// by the engine (server/query, fold.go), so the words are passed as
// typed.

const (
	// maxSearch caps the search text, in bytes.
	maxSearch = 200
	// maxSearchWords caps the words a search is made of: each costs a
	// pass over the searched columns, and a word through references a
	// query of each catalog referred to. Words beyond are ignored, so a
	// long text finds a little more than it says, never less.
	maxSearchWords = 8
	// maxRefMatches is the most records of a catalog referred to that a
	// word may match for the search to follow the reference (see
	// gridSearch).
	maxRefMatches = 1000
)

// searchWords splits a search text into its words: runs of letters and
// digits (with their combining marks). Quotes, «», №, dashes, commas and
// dots separate words and are never searched for.
func searchWords(s string) []string {
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	})
	return words[:min(len(words), maxSearchWords)]
}

// gridSearch is the quick search of a grid for p: every word in any text
// field, in the label of an enum's value, or in the title or code of a
// record a ref field points to (an MM user is found by the name of its
// position's employee through the lookup field "employee"). A reference
// is followed for a word only when the word matches at most
// maxRefMatches live records of its catalog that p sees: a word as
// common as "а" would otherwise become a condition with half a
// catalog's ids. For such a reference the records that match all the
// words together are tried instead, if they are few enough, so that
// "Зета 7" still finds what points to "Зета 7" among a thousand "Зета".
func (rd *reader) gridSearch(d *Def, p access.Principal, words []string) query.And {
	if len(words) == 0 {
		return nil
	}
	var each query.And
	crowded := map[string]bool{} // ref fields a word matched too many records of
	for _, w := range words {
		var or query.Or
		for i := range d.Fields {
			f := &d.Fields[i]
			switch f.Type {
			case api.FieldText:
				or = append(or, query.Where(f.Key, query.Contains, query.StringValue(w)))
			case api.FieldEnum:
				or = appendOptionMatch(or, f, w)
			case api.FieldRef:
				ids, ok := rd.refMatches(f.Ref, p, []string{w})
				if len(ids) > 0 {
					or = append(or, query.Where(f.Key, query.AnyOf, ids...))
				}
				crowded[f.Key] = crowded[f.Key] || !ok
			}
		}
		each = append(each, or)
	}
	alt := query.Or{each}
	for i := range d.Fields {
		if f := &d.Fields[i]; crowded[f.Key] && len(words) > 1 {
			if ids, _ := rd.refMatches(f.Ref, p, words); len(ids) > 0 {
				alt = append(alt, query.Where(f.Key, query.AnyOf, ids...))
			}
		}
	}
	if len(alt) == 1 {
		return each
	}
	return query.And{alt}
}

// refMatches are the live records of catalog, visible to p, whose title
// or code contains every word; ok is false when there are more than
// maxRefMatches (and no ids are returned). None when p may not read the
// catalog.
func (rd *reader) refMatches(catalog string, p access.Principal, words []string) (ids []query.Value, ok bool) {
	td := rd.reg.defs[catalog]
	if td == nil || td.level(p) < access.Read {
		return nil, true
	}
	where := query.And{query.Where(colDeleted, query.IsFalse)}
	if sc := scope(td, p); sc != nil {
		where = append(where, sc)
	}
	for _, w := range words {
		or := titleCodeMatch(td, w)
		if len(or) == 0 {
			return nil, true
		}
		where = append(where, or)
	}
	res, err := rd.img.table(td.Key).Query(query.Query{Where: where, Limit: maxRefMatches})
	if err != nil || res.Total > maxRefMatches {
		return nil, err != nil
	}
	ids = make([]query.Value, len(res.IDs))
	for i, id := range res.IDs {
		ids[i] = query.StringValue(id)
	}
	return ids, true
}

// titleCodeMatch matches word in the title and the code of records of d.
func titleCodeMatch(d *Def, word string) query.Or {
	or := appendFieldMatch(nil, d.Field(d.TitleField), word)
	if d.CodeField != "" && d.CodeField != d.TitleField {
		or = appendFieldMatch(or, d.Field(d.CodeField), word)
	}
	return or
}

// lookupSearch is a picker's search for p: every word in the title, the
// code, a ChoiceDetail field (an outlet's address) or the owner (Def.Owner,
// a referenced owner by its title or code, as gridSearch follows a
// reference) of the choice: what the picker shows of it.
func (rd *reader) lookupSearch(d *Def, p access.Principal, words []string) query.And {
	var where query.And
	for _, w := range words {
		or := titleCodeMatch(d, w)
		for _, k := range d.ChoiceDetail {
			or = appendFieldMatch(or, d.Field(k), w)
		}
		for _, k := range d.Owner {
			f := d.Field(k)
			if f.Type != api.FieldRef {
				or = appendFieldMatch(or, f, w)
			} else if ids, _ := rd.refMatches(f.Ref, p, []string{w}); len(ids) > 0 {
				or = append(or, query.Where(f.Key, query.AnyOf, ids...))
			}
		}
		where = append(where, or)
	}
	return where
}

// appendFieldMatch adds to or the match of word in field f: a text
// field contains it, an enum has a value whose label does.
func appendFieldMatch(or query.Or, f *api.Field, word string) query.Or {
	switch f.Type {
	case api.FieldText:
		return append(or, query.Where(f.Key, query.Contains, query.StringValue(word)))
	case api.FieldEnum:
		return appendOptionMatch(or, f, word)
	}
	return or
}

// appendOptionMatch adds to or the values of enum f whose label, in
// either language, contains word.
func appendOptionMatch(or query.Or, f *api.Field, word string) query.Or {
	w := foldWord(word)
	var keys []query.Value
	for _, o := range f.Options {
		if strings.Contains(foldWord(o.Label.RU), w) || strings.Contains(foldWord(o.Label.EN), w) {
			keys = append(keys, query.StringValue(o.Key))
		}
	}
	if len(keys) == 0 {
		return or
	}
	return append(or, query.Where(f.Key, query.AnyOf, keys...))
}

// foldWord folds case and ё as the engine folds the text it searches.
func foldWord(s string) string { return yoAsYe.Replace(strings.ToLower(s)) }

var yoAsYe = strings.NewReplacer("ё", "е")
