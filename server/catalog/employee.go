package catalog

import "time"

// orgEmployee derives an org-structure node's employee (Def.Derive):
// the person of its primary binding whose period holds today, else of
// the primary binding that starts last; none without a primary binding.
// It is what an MM user's and a route's lookup field "employee" copy, so
// that a sales rep is found in those lists by name (the manual finds the
// agent there).
func orgEmployee(r *Record, now time.Time) {
	today := now.Format(dateLayout)
	type binding struct{ person, from string }
	var current, latest *binding
	rows, _ := r.Values["people"].([]any)
	for _, row := range rows {
		m, _ := row.(map[string]any)
		if primary, _ := m["primary"].(bool); !primary {
			continue
		}
		b := &binding{}
		b.person, _ = m["person"].(string)
		b.from, _ = m["from"].(string)
		to, _ := m["to"].(string)
		if b.from <= today && (to == "" || today <= to) && (current == nil || b.from >= current.from) {
			current = b
		}
		if latest == nil || b.from >= latest.from {
			latest = b
		}
	}
	if current == nil {
		current = latest
	}
	var person any
	if current != nil && current.person != "" {
		person = current.person
	}
	setValue(r, "employee", person)
}
