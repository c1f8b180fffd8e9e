package catalog

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"webtool/server/api"
	"webtool/server/store"
)

// Invalid is a stored record that a save would refuse as it stands, or
// whose stored values are out of step with what the rules derive.
type Invalid struct {
	Catalog, ID string
	// Title names the record for a person reading the report.
	Title string
	// Fields and Args are the refusal a save would get (see api.Error).
	Fields map[string]api.Code
	Args   map[string]string
	// Stale are fields whose stored value is not what a save would store:
	// not in its canonical form, or not what a rule derives from the rest
	// of the record (a full name, a sync point inherited from a parent).
	Stale []string
}

func (v Invalid) String() string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(v.Fields)) {
		s := k + ": " + string(v.Fields[k])
		if a := v.Args[k]; a != "" {
			s += " (" + a + ")"
		}
		parts = append(parts, s)
	}
	if len(v.Stale) > 0 {
		parts = append(parts, "stale: "+strings.Join(v.Stale, ", "))
	}
	return fmt.Sprintf("%s/%s %q: %s", v.Catalog, v.ID, v.Title, strings.Join(parts, "; "))
}

// Validate puts every live record of a catalog through the checks a save
// of it would run — each value against its field, the references, the
// catalog's rules, the ref limits, the shared checks (required fields, a
// tree without cycles, uniqueness) — as a trusted source, which sees
// every record, and as if the record were new, so every value is checked,
// not only the ones a change would touch. Nothing is written. It returns
// the records that fail, in id order: data loaded around the checks (demo
// data, a loader, an old store) can be shown to obey the same rules as a
// save.
func (w *writer) Validate(catalog string) ([]Invalid, error) {
	d := w.reg.defs[catalog]
	if d == nil {
		return nil, fmt.Errorf("validate: no catalog %q", catalog)
	}
	now := w.now()
	var out []Invalid
	err := w.db.View(func(tx *store.Tx) error {
		return w.recs.each(tx, d.Key, func(stored *Record) error {
			if stored.Deleted != nil {
				return nil
			}
			rec := stored.clone()
			c := &Check{New: rec, Def: d, Now: now, By: "validate", tx: tx, recs: w.recs, img: w.img,
				errs: map[string]api.Code{}, secrets: map[string]bool{}}
			stale := c.normalized()
			if err := c.validate(); err != nil {
				return err
			}
			for k := range rec.Values {
				if !reflect.DeepEqual(rec.Values[k], stored.Values[k]) && !slices.Contains(stale, k) {
					stale = append(stale, k)
				}
			}
			for k := range stored.Values {
				if _, ok := rec.Values[k]; !ok && !slices.Contains(stale, k) {
					stale = append(stale, k)
				}
			}
			if len(c.errs) > 0 || len(stale) > 0 {
				sort.Strings(stale)
				out = append(out, Invalid{Catalog: d.Key, ID: stored.ID, Title: w.recs.name(tx, d, stored, "ru"),
					Fields: c.errs, Args: c.args, Stale: stale})
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("validate %s: %w", catalog, err)
	}
	return out, nil
}

// normalized checks each stored value of c.New against its field as a
// save would (see normalize), failing on c the values a save would
// refuse and putting the canonical form in place of one that is not;
// it returns the fields so changed. PINs are kept sealed and are not
// values a user types: they are left alone.
func (c *Check) normalized() []string {
	var changed []string
	for k, v := range c.New.Values {
		f := c.Def.Field(k)
		if f == nil {
			c.Fail(k, api.FieldBadValue) // a value of no field a save could write
			continue
		}
		if f.Type == api.FieldPin {
			continue
		}
		canon, code := normalize(f, v)
		switch {
		case code != "":
			c.Fail(k, code)
		case !reflect.DeepEqual(canon, v):
			changed = append(changed, k)
			if canon == nil {
				delete(c.New.Values, k)
			} else {
				c.New.Values[k] = canon
			}
		}
	}
	return changed
}

// validate runs on c, whose New holds the values a save applied, the
// checks every save runs, in the order Save runs them: the references
// first (no rule may read through one the user cannot follow), the row
// scope a child inherits, the values the record's others determine, the
// catalog's rules (which derive values the later checks see), the ref
// limits, the shared checks. The error is a fault of the store, not of
// the record.
func (c *Check) validate() error {
	c.checkRefs()
	c.inheritScope()
	if err := c.derive(); err != nil {
		return err
	}
	for _, rule := range c.Def.Rules {
		rule(c)
	}
	c.checkLimits()
	c.checkShared()
	return nil
}
