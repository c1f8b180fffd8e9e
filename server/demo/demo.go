// Package demo seeds a store with deterministic, realistic demo data, so
// that a new user of `make run` has something to look at and the tests and
// benchmarks something to drive: distributors, global and local outlets,
// coffee products, personnel with Latin names, a three-level org structure,
// warehouses, price lists, distribution centres and routes.
package demo

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/catalog"
	"webtool/server/store"
)

// Users are the demo accounts besides the administrator. The key user sees
// the first two distributors, the viewer the first one.
var Users = []struct {
	Login, Name, Role string
	SyncPoints        int // how many of the first distributors
}{
	{"keyuser", "Ирина Ключева", "key_user", 2},
	{"viewer", "Павел Смотров", "viewer", 1},
}

// Options size the demo data.
type Options struct {
	// Outlets is the number of global outlets (default 5,000).
	Outlets int
	Seed    uint64
	Now     time.Time
}

// Seed fills an empty store with demo data and accounts, printing each
// account's own password to out, once. It is safe on every start: a
// store it seeded before is left as it is, and a store that already
// holds other data gets neither data nor accounts — demo accounts with a
// printed password do not belong in a real store.
func Seed(svc *auth.Service, cat *catalog.Service, opt Options, out io.Writer) error {
	if opt.Outlets <= 0 {
		opt.Outlets = 5000
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if cat.Count("distributors") > 0 {
		fmt.Fprintln(out, "The store already has data: -demo adds no demo data or accounts to it.")
		return nil
	}
	if err := seedCatalogs(cat, opt); err != nil {
		return err
	}
	dists, err := cat.IDs("distributors")
	if err != nil {
		return err
	}
	for _, u := range Users {
		// Each account its own password: one shared by the key user and
		// the viewer would let whoever is given the viewer's sign in as
		// the key user.
		password := auth.NewPassword()
		sps := dists[:min(u.SyncPoints, len(dists))]
		_, err := svc.CreateUser(auth.NewUser{Login: u.Login, Name: u.Name, Password: password, Roles: []string{u.Role}, SyncPoints: sps}, "system", "")
		if errors.Is(err, auth.ErrUserExists) {
			continue // an account of that name was there before: keep it
		}
		if err != nil {
			return fmt.Errorf("create demo user %s: %w", u.Login, err)
		}
		fmt.Fprintf(out, "Demo user %-8s (%s, %d distributor(s)) password: %s\n", u.Login, u.Role, len(sps), password)
	}
	return nil
}

type gen struct {
	regions []string // org-structure region nodes, above the distributors
	// positions are the org-structure positions of each distributor.
	positions [][]string
	r         *rand.Rand
	now       time.Time
	cat       *catalog.Service
}

func (g *gen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g *gen) load(catalog string, rows []map[string]any) ([]string, error) {
	ids, err := g.cat.Load(catalog, rows, "demo")
	if err != nil {
		return nil, fmt.Errorf("demo %s: %w", catalog, err)
	}
	return ids, nil
}

func seedCatalogs(cat *catalog.Service, opt Options) error {
	g := &gen{r: rand.New(rand.NewPCG(opt.Seed, 2026)), now: opt.Now, cat: cat}

	// Distributors: the sync points.
	var drows []map[string]any
	for i, d := range distributorNames {
		drows = append(drows, map[string]any{"code": fmt.Sprintf("D%03d", i+1), "name": d.name, "city": d.city, "region": d.region, "status": "active"})
	}
	dists, err := g.load("distributors", drows)
	if err != nil {
		return err
	}

	// Global outlets, loaded in batches; a sample of each region is kept for
	// the local outlets and distribution centres that point to them.
	var orows []map[string]any
	var outletIDs []string
	perRegion := map[any]int{}
	err = OutletBatches(opt.Outlets, 50_000, opt.Seed, opt.Now, func(batch []map[string]any) error {
		ids, err := g.load("outlets", batch)
		if err != nil {
			return err
		}
		for i, row := range batch {
			if perRegion[row["region"]] < 400 || row["subtype"] == "rdc" && perRegion[row["region"]] < 2000 {
				perRegion[row["region"]]++
				orows, outletIDs = append(orows, row), append(outletIDs, ids[i])
			}
		}
		return nil
	})
	if err != nil {
		return err
	}

	// Products.
	var prows []map[string]any
	for i, p := range productList() {
		p["code"] = fmt.Sprintf("P%05d", 10001+i)
		p["ean"] = ean13(fmt.Sprintf("48200%07d", 1000+i*7))
		p["status"] = "active"
		prows = append(prows, p)
	}
	productIDs, err := g.load("products", prows)
	if err != nil {
		return err
	}

	g.regions, err = g.load("org_structure", []map[string]any{
		{"name": "Регион Центр", "code": "REG-1", "type": "region"},
		{"name": "Регион Восток", "code": "REG-2", "type": "region"}})
	if err != nil {
		return err
	}
	for di, dist := range dists {
		if err := g.distributor(di, dist, orows, outletIDs, productIDs); err != nil {
			return err
		}
	}
	return g.mmUsers(MMUsers)
}

// MMUsers is how many mobile-module users the demo has.
const MMUsers = 20

// mmUsers gives n positions, taken from the distributors in turn, an MM
// user with a PIN. They are saved like a person would (generate, then
// save), so each PIN is sealed and indexed like any other; every seventh
// user is blocked.
func (g *gen) mmUsers(n int) error {
	p := access.NewPrincipal("demo", []string{"admin"}, nil)
	for k := 0; k < n && len(g.positions) > 0; k++ {
		di := k % len(g.positions)
		if k/len(g.positions) >= len(g.positions[di]) {
			break
		}
		pos := g.positions[di][k/len(g.positions)]
		gen, err := g.cat.PinGenerate(p, "", api.PinGenerateRequest{Catalog: "mm_users", Field: "pin"})
		if err != nil {
			return fmt.Errorf("demo MM user %d: %w", k+1, err)
		}
		status := "active"
		if k%7 == 6 {
			status = "blocked"
		}
		rec, err := g.cat.Save(p, "", api.SaveRequest{Catalog: "mm_users", Values: map[string]any{
			"org_object": pos, "login": fmt.Sprintf("mm_%s_%02d", distributorNames[di].prefix, k/len(g.positions)+1),
			"pin": gen.Pin, "status": status}})
		if err != nil {
			return fmt.Errorf("demo MM user %d: %w", k+1, err)
		}
		// Most active users' phones have signed in with their PIN already.
		if status == "active" && k%4 != 3 {
			if err := g.bindPhone(rec.ID, rec.Values["login"], k); err != nil {
				return fmt.Errorf("demo MM user %d: %w", k+1, err)
			}
		}
	}
	return nil
}

// bindPhone records what the mobile module does when a phone first signs
// in with a PIN: the device id (an IMEI here) and the time of the sync —
// now, since the user was created a moment ago.
func (g *gen) bindPhone(id string, login any, k int) error {
	device := fmt.Sprintf("35%06d%07d", 489_310+k, g.r.IntN(10_000_000))
	return g.cat.Amend("mm_users", id, func(r *catalog.Record) (bool, store.AuditRecord, error) {
		r.Values["mm_number"] = device
		r.Values["last_sync"] = g.now.UTC().Format(time.RFC3339)
		return true, store.AuditRecord{Actor: fmt.Sprintf("mobile:%v", login), Target: "mm_users/" + id,
			Action: "pin.bind", Result: "ok", Detail: device}, nil
	})
}

// distributor seeds one distributor's own data.
func (g *gen) distributor(di int, dist string, orows []map[string]any, outletIDs, productIDs []string) error {
	region := distributorNames[di].region
	// Local outlets: most mapped to a global outlet of the region, some not
	// yet (the key user's daily work).
	var lrows []map[string]any
	for i := 0; i < 250; i++ {
		oi := g.r.IntN(len(orows))
		for tries := 0; tries < 20 && orows[oi]["region"] != region; tries++ {
			oi = g.r.IntN(len(orows))
		}
		row := map[string]any{
			"local_code": fmt.Sprintf("%s-%05d", strings.ToUpper(distributorNames[di].prefix), 100+i*3),
			"name":       orows[oi]["name"], "address": orows[oi]["address"], "distributor": dist, "status": "active",
		}
		if g.r.IntN(100) < 80 {
			row["outlet"] = outletIDs[oi]
		}
		lrows = append(lrows, row)
	}
	localIDs, err := g.load("local_outlets", lrows)
	if err != nil {
		return err
	}

	var lprows []map[string]any
	for i, pid := range productIDs {
		if g.r.IntN(100) < 70 {
			row := map[string]any{"local_code": fmt.Sprintf("%s%04d", strings.ToUpper(distributorNames[di].prefix), 500+i),
				"name": productList()[i]["name"], "distributor": dist, "unit_factor": float64(1 + g.r.IntN(2)*5)}
			if g.r.IntN(100) < 90 {
				row["product"] = pid
			}
			lprows = append(lprows, row)
		}
	}
	if _, err := g.load("local_products", lprows); err != nil {
		return err
	}

	// Personnel with Latin names: a sales rep for each of the 12
	// positions, a supervisor for each of the 3 territories.
	var people []map[string]any
	for i := 0; i < 15; i++ {
		first, middle := g.pick(firstNamesM), g.pick(middleNamesM)
		last := g.pick(lastNames)
		if i%2 == 1 {
			first, middle = g.pick(firstNamesF), g.pick(middleNamesF)
		}
		people = append(people, map[string]any{
			"last_name": last, "first_name": first, "middle_name": middle,
			"full_name":     last + " " + first + " " + middle,
			"employer_type": []string{"distributor", "distributor", "manufacturer", "agency"}[i%4],
			"phone":         fmt.Sprintf("+380 %02d %03d %02d %02d", 50+g.r.IntN(49), g.r.IntN(1000), g.r.IntN(100), g.r.IntN(100)),
			"email":         strings.ToLower(first[:1]+"."+last) + "@" + distributorNames[di].prefix + ".example",
			"distributor":   dist, "status": "active",
		})
	}
	personIDs, err := g.load("personnel", people)
	if err != nil {
		return err
	}

	// Org structure: distributor → territories → positions, under a region
	// node shared by everyone (no sync point).
	regionID := g.regions[di%len(g.regions)]
	top, err := g.load("org_structure", []map[string]any{{"name": distributorNames[di].name, "code": fmt.Sprintf("OS-%s", distributorNames[di].prefix),
		"type": "distributor", "parent": regionID, "distributor": dist}})
	if err != nil {
		return err
	}
	var positions []string
	since := g.now.AddDate(0, -6, 0).Format("2006-01-02")
	for ti := 0; ti < 3; ti++ {
		// A territory, like a position, has a primary person bound (the
		// manual: binding personnel to an org-structure object is
		// mandatory): its supervisor.
		supervisor := personIDs[12+ti]
		terr, err := g.load("org_structure", []map[string]any{{"name": fmt.Sprintf("Территория %s-%d", distributorNames[di].city, ti+1),
			"code": fmt.Sprintf("T-%s-%d", distributorNames[di].prefix, ti+1), "type": "territory", "parent": top[0], "distributor": dist,
			"people": []any{map[string]any{"person": supervisor, "primary": true, "from": since}}}})
		if err != nil {
			return err
		}
		var prow []map[string]any
		for pi := 0; pi < 4; pi++ {
			n := ti*4 + pi
			person := personIDs[n]
			prow = append(prow, map[string]any{
				"name": fmt.Sprintf("Торговый представитель %d.%d", ti+1, pi+1), "code": fmt.Sprintf("SR-%s-%02d", distributorNames[di].prefix, n+1),
				"type": "position", "parent": terr[0], "distributor": dist,
				"people": []any{map[string]any{"person": person, "primary": true, "from": since}},
			})
		}
		ids, err := g.load("org_structure", prow)
		if err != nil {
			return err
		}
		positions = append(positions, ids...)
	}
	g.positions = append(g.positions, positions)

	// Warehouses and price lists.
	wh := []map[string]any{
		{"code": "WH-1", "name": "Основной склад " + distributorNames[di].city, "distributor": dist, "address": distributorNames[di].city + ", ул. Складская, 1", "active": true},
		{"code": "WH-2", "name": "Склад возвратов " + distributorNames[di].city, "distributor": dist, "active": true},
	}
	whIDs, err := g.load("warehouses", wh)
	if err != nil {
		return err
	}
	// Which document types of which positions each warehouse serves: its
	// child catalog (the distributor comes from the warehouse).
	if _, err := g.load("warehouse_bindings", []map[string]any{
		{"warehouse": whIDs[0], "doc_type": "order", "org_object": positions[0]},
		{"warehouse": whIDs[0], "doc_type": "order", "org_object": positions[1]},
		{"warehouse": whIDs[1], "doc_type": "return", "org_object": positions[0]},
	}); err != nil {
		return err
	}
	start := time.Date(g.now.Year(), 1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	pl := []map[string]any{
		{"code": "PL-BASE", "name": "Базовый прайс-лист", "currency": "UAH", "valid_from": start, "distributor": dist, "vat_included": true, "is_default": true, "rounding": "0.01"},
		{"code": "PL-HORECA", "name": "Прайс-лист HoReCa", "currency": "UAH", "valid_from": start, "distributor": dist, "vat_included": true, "rounding": "1"},
	}
	if _, err := g.load("price_lists", pl); err != nil {
		return err
	}

	// Distribution centres on the RDC outlets of the region.
	var rdcRows []map[string]any
	for _, o := range orows {
		if o["subtype"] == "rdc" && o["region"] == region && len(rdcRows) < 2 {
			end := time.Date(g.now.Year(), g.now.Month()+1, 0, 0, 0, 0, 0, time.UTC)
			rdcRows = append(rdcRows, map[string]any{"external_code": o["code"], "name": "РЦ " + o["name"].(string), "activity_type": "coffee",
				"method": []string{"proportional", "shares"}[len(rdcRows)%2], "distribute_to_self": true,
				"start_date": g.now.Format("2006-01-02"), "end_date": end.Format("2006-01-02"), "distributor": dist, "status": "active"})
		}
	}
	if len(rdcRows) > 0 {
		if _, err := g.load("rdc", rdcRows); err != nil {
			return err
		}
	}

	// Routes: each position visits some of the local outlets.
	var rrows []map[string]any
	days := []string{"Пн, Чт", "Вт, Пт", "Ср", "Пн, Ср, Пт"}
	for pi, pos := range positions {
		for k := 0; k < 8; k++ {
			rrows = append(rrows, map[string]any{"code": fmt.Sprintf("R%02d-%02d", pi+1, k+1), "position": pos,
				"outlet": localIDs[(pi*8+k)%len(localIDs)], "visit_days": days[(pi+k)%len(days)],
				"frequency": []string{"weekly", "weekly", "biweekly", "monthly"}[k%4], "distributor": dist})
		}
	}
	_, err = g.load("routes", rrows)
	return err
}
