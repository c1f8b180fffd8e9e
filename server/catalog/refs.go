package catalog

import (
	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/store"
)

// A reference is shown by its record's title, which many records share
// ("Торговый представитель 1.1" in six distributors), so wherever it
// appears (a cell, a chip, a picker, the history, an export) it carries
// the record's code and owner too (api.RefInfo).
//
// What a reader is told: the title of a referenced record is shown to
// whoever sees the referring record, as it always was (it was chosen when
// the chooser could see it, see checkRefs). Its code and owner are more
// of that record's values, so they are told only to a reader who may see
// the referenced record itself; and the owner, a third record, only if
// the reader may see that one too (else the next owner field is tried).
// A record out of the reader's scope thus shows nothing but its title.

// refNames names the records others refer to, for one reader in one
// transaction. It remembers what it named: the rows of a window or an
// export refer to the same few distributors and positions over and
// over, and each would otherwise be read and decoded again. It keeps
// names, not records, so an export of many distinct references stays
// small.
type refNames struct {
	tx   *store.Tx
	recs records
	p    *access.Principal // nil: a trusted reader, who sees every record
	lang string
	seen map[string]namedRef // by catalog + "/" + id
}

// namedRef is what refNames tells of one record: its title, whether the
// reader may see it, and if so (once asked, see of) its code and owner.
type namedRef struct {
	title   string
	visible bool
	info    api.RefInfo
	told    bool // info is filled in
}

func (rs records) names(tx *store.Tx, p *access.Principal, lang string) *refNames {
	return &refNames{tx: tx, recs: rs, p: p, lang: lang, seen: map[string]namedRef{}}
}

// of names record id of catalog td with its code and owner (the zero
// namedRef if there is none).
func (n *refNames) of(td *Def, id string) namedRef {
	key := td.Key + "/" + id
	if nr, ok := n.seen[key]; ok && (nr.told || !nr.visible) {
		return nr
	}
	r, nr := n.read(td, id)
	if nr.visible {
		nr.info, nr.told = n.infoOf(td, r), true
	}
	n.seen[key] = nr
	return nr
}

// titled names record id of catalog td without its code and owner: an
// owner is named by its title alone, so naming one never climbs further
// (a tree's parents, a loop in damaged data).
func (n *refNames) titled(td *Def, id string) namedRef {
	key := td.Key + "/" + id
	if nr, ok := n.seen[key]; ok {
		return nr
	}
	_, nr := n.read(td, id)
	n.seen[key] = nr
	return nr
}

// read reads record id of td and what every reader is told of it.
func (n *refNames) read(td *Def, id string) (*Record, namedRef) {
	r, err := n.recs.get(n.tx, td.Key, id)
	if err != nil || r == nil {
		return nil, namedRef{}
	}
	return r, namedRef{title: r.Str(td.TitleField), visible: n.p == nil || sees(td, *n.p, r)}
}

// infoOf is the code and owner of record r of d, which the reader sees:
// the owner is the first owner field (Def.Owner) with a value the reader
// may see.
func (n *refNames) infoOf(d *Def, r *Record) api.RefInfo {
	var info api.RefInfo
	if d.CodeField != "" && d.CodeField != d.TitleField {
		info.Code = r.Str(d.CodeField)
	}
	for _, k := range d.Owner {
		v := r.Str(k)
		if v == "" {
			continue
		}
		switch f := d.Field(k); f.Type {
		case api.FieldRef:
			od := n.recs.reg.defs[f.Ref]
			if o := n.titled(od, v); o.visible && o.title != "" {
				info.Owner = o.title
				if tf := od.Field(od.TitleField); tf.Type == api.FieldEnum {
					info.Owner = optionLabel(tf, o.title, n.lang)
				}
				return info
			}
		case api.FieldEnum:
			info.Owner = optionLabel(f, v, n.lang)
			return info
		default:
			info.Owner = v
			return info
		}
	}
	return info
}

// text names record id of catalog td in one line, "name · code · owner"
// (api.RefText): the history and the export.
func (n *refNames) text(td *Def, id string) string {
	nr := n.of(td, id)
	return api.RefText(nr.title, nr.info)
}

// titleOf is the title of record r of d, an enum by its label in lang.
func titleOf(d *Def, r *Record, lang string) string {
	title := r.Str(d.TitleField)
	if f := d.Field(d.TitleField); f != nil && f.Type == api.FieldEnum {
		return optionLabel(f, title, lang)
	}
	return title
}

// optionLabel is the label of enum value key in lang (the key itself if
// it is no option).
func optionLabel(f *api.Field, key, lang string) string {
	for _, o := range f.Options {
		if o.Key == key {
			return o.Label.In(lang)
		}
	}
	return key
}
