package catalog

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"webtool/server/api"
	"webtool/server/query"
)

// The rules special to one catalog. Each adds field errors to the Check;
// the save goes ahead only when there are none.

var latinName = regexp.MustCompile(`^[A-Za-z][A-Za-z' -]*$`)

// latinNames: the manual requires personnel names in Latin letters (they
// travel to systems that take nothing else).
func latinNames(c *Check) {
	for _, k := range []string{"last_name", "first_name", "middle_name"} {
		if v := c.New.Str(k); v != "" && !latinName.MatchString(v) {
			c.Fail(k, api.FieldLatinOnly)
		}
	}
}

// fullName keeps the derived full name in step with its parts.
func fullName(c *Check) {
	parts := []string{c.New.Str("last_name"), c.New.Str("first_name"), c.New.Str("middle_name")}
	c.New.Values["full_name"] = strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

var (
	emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	phoneRe = regexp.MustCompile(`^\+?[0-9 ()-]{7,20}$`)
)

// contactRule: an e-mail and a phone number, when given, are well formed
// (each message shows the form expected).
func contactRule(c *Check) {
	if v := c.New.Str("email"); v != "" && !emailRe.MatchString(v) {
		c.Fail("email", api.FieldBadEmail)
	}
	if v := c.New.Str("phone"); v != "" && !phoneRe.MatchString(v) {
		c.Fail("phone", api.FieldBadPhone)
	}
}

// eanRule checks an EAN-8 or EAN-13 with its check digit.
func eanRule(c *Check) {
	v := c.New.Str("ean")
	if v == "" {
		return
	}
	if (len(v) != 8 && len(v) != 13) || strings.Trim(v, "0123456789") != "" {
		c.Fail("ean", api.FieldBadEAN)
		return
	}
	sum := 0
	for i := 0; i < len(v)-1; i++ {
		d := int(v[len(v)-2-i] - '0')
		if i%2 == 0 {
			d *= 3
		}
		sum += d
	}
	if (10-sum%10)%10 != int(v[len(v)-1]-'0') {
		c.Fail("ean", api.FieldBadEAN)
	}
}

// positiveRule: a number, when given, is greater than zero; the bound
// travels as the message's argument ("greater than {0}").
func positiveRule(field string) Rule {
	return func(c *Check) {
		if v, ok := c.New.Values[field].(float64); ok && v <= 0 {
			c.FailWith(field, api.FieldNotPositive, "0")
		}
	}
}

// periodRule: an end date, when given, is not before the start.
func periodRule(from, to string) Rule {
	return func(c *Check) {
		f, t := c.New.Str(from), c.New.Str(to)
		if f != "" && t != "" && t < f {
			c.Fail(to, api.FieldEndBefore)
		}
	}
}

// oneDefaultPriceList: a distributor has at most one default price list.
func oneDefaultPriceList(c *Check) {
	if def, _ := c.New.Values["is_default"].(bool); !def {
		return
	}
	ids := c.Find("price_lists", query.And{
		query.Where("distributor", query.Eq, query.StringValue(c.New.Str("distributor"))),
		query.Where("is_default", query.IsTrue)}, 2)
	for _, id := range ids {
		if id != c.New.ID {
			// Find sees only what the user sees: the list named is one the
			// user can open and switch off.
			c.failNaming("is_default", api.FieldUnique, c.refText("price_lists", id))
			return
		}
	}
}

// orgParentRule: below a node that belongs to a sync point every node
// belongs to the same one. (That no node is its own ancestor is checked
// for every tree catalog, by checkTree.)
func orgParentRule(c *Check) {
	parent := c.New.Str("parent")
	if parent == "" {
		return
	}
	p := c.Lookup("org_structure", parent)
	if p == nil {
		return // the reference check reports it
	}
	if sp := p.Str("distributor"); sp != "" && c.New.Str("distributor") == "" {
		c.New.Values["distributor"] = sp
	} else if sp != "" && sp != c.New.Str("distributor") {
		c.Fail("distributor", api.FieldScope)
	}
}

// peopleNodes are the org-structure types people work in, which need a
// primary person. The manual says binding personnel "is mandatory for an
// org-structure object" of the kind a key user creates — a territory
// (a vacancy a sales rep is attached to) — and positions are where our
// reps sit; regions and distributor nodes are the tree's preset frame.
var peopleNodes = map[string]bool{"territory": true, "position": true}

// orgBindingsRule: a territory or a position has someone bound, every
// binding ends after it starts, no person is bound twice over the same
// days, and exactly one binding is primary at any time (some primary
// binding exists, and primary periods never overlap). It reports every
// fault at once: one of a row on that row's cell ("people.2.to"), one of
// the list as a whole on the list ("people").
func orgBindingsRule(c *Check) {
	rows, _ := c.New.Values["people"].([]any)
	if len(rows) == 0 {
		if peopleNodes[c.New.Str("type")] {
			c.Fail("people", api.FieldNeedBind)
		}
		return
	}
	type period struct {
		row      int
		from, to string
	}
	var primaries []period
	hasPrimary := false
	seen := map[string][]period{}
	for i, r := range rows {
		m, _ := r.(map[string]any)
		from, _ := m["from"].(string)
		to, _ := m["to"].(string)
		primary, _ := m["primary"].(bool)
		hasPrimary = hasPrimary || primary
		if to != "" && to < from {
			// A period that does not exist overlaps nothing: it is left
			// out of the checks below until it is mended.
			c.Fail(listCell("people", i, "to"), api.FieldEndBefore)
			continue
		}
		if to == "" {
			to = "9999-12-31"
		}
		p := period{i, from, to}
		person, _ := m["person"].(string)
		for _, q := range seen[person] {
			if from <= q.to && q.from <= to {
				c.failNaming(listCell("people", i, "person"), api.FieldBoundTwice, c.refText("personnel", person))
				break
			}
		}
		seen[person] = append(seen[person], p)
		if primary {
			primaries = append(primaries, p)
		}
	}
	if !hasPrimary {
		c.Fail("people", api.FieldNoPrimary)
		return
	}
	// A primary binding that starts while an earlier one still runs is
	// the one to change (its flag or its dates).
	sort.SliceStable(primaries, func(i, j int) bool { return primaries[i].from < primaries[j].from })
	for i, end := 1, ""; i < len(primaries); i++ {
		end = max(end, primaries[i-1].to)
		if primaries[i].from <= end {
			c.Fail(listCell("people", primaries[i].row, "primary"), api.FieldOnePrimary)
		}
	}
}

// listCell is the key of a cell of a list field in Error.Fields and
// Record.Labels: "<list>.<row>.<column>".
func listCell(list string, row int, column string) string {
	return list + "." + strconv.Itoa(row) + "." + column
}

// refText names catalog/id as the saving user may see it, "name · code"
// (api.RefText), for a message's argument; "" when the user may not see
// the record, so nothing of it is said.
func (c *Check) refText(catalog, id string) string {
	d := c.recs.reg.defs[catalog]
	r := c.Lookup(catalog, id)
	if d == nil || r == nil {
		return ""
	}
	return c.nameOf(d, r)
}

// failNaming fails field with code, naming the record at fault when
// there is a name to give: no argument at all, rather than an empty one,
// for a record the user may not see.
func (c *Check) failNaming(field string, code api.Code, name string) {
	if name == "" {
		c.Fail(field, code)
	} else {
		c.FailWith(field, code, name)
	}
}

// nameOf names r, a record of d the saving user may see, "name · code".
func (c *Check) nameOf(d *Def, r *Record) string {
	return api.RefText(c.recs.name(c.tx, d, r, "ru"), api.RefInfo{Code: r.Str(d.CodeField)})
}

var weekdays = map[string]int{
	"1": 1, "пн": 1, "mon": 1, "mo": 1, "2": 2, "вт": 2, "tue": 2, "tu": 2, "3": 3, "ср": 3, "wed": 3, "we": 3,
	"4": 4, "чт": 4, "thu": 4, "th": 4, "5": 5, "пт": 5, "fri": 5, "fr": 5, "6": 6, "сб": 6, "sat": 6, "sa": 6,
	"7": 7, "вс": 7, "sun": 7, "su": 7,
}

var dayNames = [...]string{"", "Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"}

// visitDaysRule reads visit days written as "пн, ср, пт", "Mon Wed" or
// "1,3,5" and stores them one way: "Пн, Ср, Пт".
func visitDaysRule(c *Check) {
	v := c.New.Str("visit_days")
	if v == "" {
		return
	}
	var days []int
	for _, tok := range strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		d, ok := weekdays[tok]
		if !ok {
			c.Fail("visit_days", api.FieldBadDays)
			return
		}
		days = append(days, d)
	}
	sort.Ints(days)
	var names []string
	for i, d := range days {
		if i == 0 || d != days[i-1] {
			names = append(names, dayNames[d])
		}
	}
	c.New.Values["visit_days"] = strings.Join(names, ", ")
}

// positionRule: a route belongs to a position of the org structure.
func positionRule(c *Check) {
	if id := c.New.Str("position"); id != "" {
		if p := c.Lookup("org_structure", id); p != nil && p.Str("type") != "position" {
			c.Fail("position", api.FieldNotPosition)
		}
	}
}

// mmPositionRule: an MM user is a position of the org structure, at most
// one per position among live users, and belongs to the position's sync
// point (derived here, whatever the client sent). It names the user that
// has the position only if the saving user sees it; a holder out of sight
// is caught by the catalog's unique set, which names nobody.
func mmPositionRule(c *Check) {
	id := c.New.Str("org_object")
	if id == "" {
		return
	}
	org := c.Lookup("org_structure", id)
	if org == nil {
		return // the reference check reports it
	}
	if org.Str("type") != "position" {
		c.Fail("org_object", api.FieldNotPosition)
		return
	}
	if sp := org.Str("distributor"); sp != "" {
		c.New.Values["distributor"] = sp
	} else {
		delete(c.New.Values, "distributor")
	}
	for _, other := range c.Find("mm_users", query.Where("org_object", query.AnyOf, query.StringValue(id)), 2) {
		if other == c.New.ID {
			continue
		}
		login := ""
		if r := c.Lookup("mm_users", other); r != nil {
			login = r.Str("login")
		}
		c.FailWith("org_object", api.FieldPositionTaken, login)
		return
	}
}

// mmPinRule: a new PIN unbinds the device, so the next phone to sign in
// with it binds itself, and the card says when and by whom it was issued.
func mmPinRule(c *Check) {
	if !c.SecretChanged("pin") {
		return
	}
	c.New.Values["pin_issued_at"] = c.Now.UTC().Format(time.RFC3339)
	c.New.Values["pin_issued_by"] = c.By
}
