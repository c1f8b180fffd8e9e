// Package mobile answers the mobile module's PIN check: a phone sends the
// PIN its user typed and its device id; the first valid check binds the
// device to the MM user, later checks from that device sync, and checks
// from any other device are refused. Wrong PINs are limited per device (the
// login lockout rule) and across all devices (a global rate), because a
// guess hits any of A active PINs with probability A/10^length.
package mobile

import (
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"

	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/catalog"
	"webtool/server/pin"
	"webtool/server/ratelimit"
	"webtool/server/store"
)

// Catalog is the catalog of MM users.
const Catalog = "mm_users"

// Config sets the limits of a Service.
type Config struct {
	// Lockout locks a device after repeated wrong PINs (the login rule).
	Lockout auth.Lockout
	// GuessesPerMinute caps wrong PINs per minute from all devices
	// together; above it every check is refused until the rate frees.
	GuessesPerMinute int
	// Devices bounds the in-memory lockout counters. Zero means 100,000.
	Devices int
}

// Service runs mobile checks. It is safe for concurrent use.
type Service struct {
	db   store.Store
	cat  *catalog.Service
	pins *pin.Service
	cfg  Config
	now  func() time.Time

	devices *auth.Counters // per-device failures, bounded
	mu      sync.Mutex     // guards bucket
	bucket  ratelimit.Bucket
	limit   ratelimit.Limit // of bucket: wrong PINs from all devices
	refused auth.Refusals   // locks whose refusal is audited
}

// New returns a Service. It declares to cat how a card's history shows
// the checks it audits: each with the device that made it.
func New(db store.Store, cat *catalog.Service, pins *pin.Service, cfg Config, now func() time.Time) *Service {
	if cfg.Devices <= 0 {
		cfg.Devices = 100_000
	}
	for _, action := range []string{"pin.bind", "pin.sync", "pin.refused"} {
		cat.RenderHistory(action, deviceOf)
	}
	return &Service{db: db, cat: cat, pins: pins, cfg: cfg, now: now, devices: auth.NewCounters(cfg.Devices),
		limit: ratelimit.PerMinute(cfg.GuessesPerMinute)}
}

// Bind checks a PIN from device and binds the device to the PIN's user if
// none is bound yet. Failures are *api.Error: bad_request, bad_pin (wrong
// PIN, or a blocked or deleted user: the caller cannot tell which),
// pin_bound, locked or rate_limited (with Until).
func (s *Service) Bind(req api.MobileBindRequest, addr string) (api.MobileBound, error) {
	if !validDevice(req.Device) {
		return api.MobileBound{}, api.Errorf(api.CodeBadRequest, "device must be 1 to %d printable characters", api.MaxDeviceLen)
	}
	if !validPin(req.Pin, s.pins.Length()) {
		// The message never echoes what was sent: it may be a PIN.
		return api.MobileBound{}, api.Errorf(api.CodeBadRequest, "the PIN must be %d digits", s.pins.Length())
	}
	now := s.now()
	device := "device:" + req.Device

	// Count the attempt as a wrong guess in advance, globally and for the
	// device, so that parallel guesses cannot outrun the limits; a right
	// PIN gives both back.
	s.mu.Lock()
	if wait, ok := s.bucket.Take(s.limit, now); !ok {
		s.mu.Unlock()
		return api.MobileBound{}, &api.Error{Code: api.CodeRateLimited, Message: "too many wrong PINs; try again later", Until: utc(now.Add(wait))}
	}
	until, ok, prev, hadPrev := s.devices.Begin(s.cfg.Lockout, device, now)
	if !ok {
		s.bucket.Give(s.limit, now)
		s.mu.Unlock()
		if s.refused.First(device, until, now) {
			s.audit(store.AuditRecord{At: now, Actor: device, Addr: addr, Action: "pin.locked", Target: device, Result: "denied",
				Detail: "locked until " + until.UTC().Format(time.RFC3339) + "; later attempts until then are not logged"})
		}
		return api.MobileBound{}, lockedError(until)
	}
	s.mu.Unlock()

	out, err := s.check(req, addr, now)
	switch {
	case err == nil:
		// A right PIN clears the device's failures, like a right password.
		s.devices.Forget(device)
		s.giveToken(now)
		return out, nil
	case api.ErrorCode(err) != api.CodeBadPin:
		// A right PIN bound elsewhere, or a server fault: not a guess, but
		// it does not wipe earlier failures either (a known bound PIN must
		// not reset a guesser's count).
		s.devices.Restore(device, prev, hadPrev)
		s.giveToken(now)
		return api.MobileBound{}, fmt.Errorf("mobile check: %w", err)
	}
	// A wrong PIN: the counts stand.
	s.audit(store.AuditRecord{At: now, Actor: device, Addr: addr, Action: "pin.bad_pin", Target: device, Result: "failed"})
	if until := s.cfg.Lockout.LockedUntil(s.devices.Get(device), now); !until.IsZero() {
		return api.MobileBound{}, lockedError(until)
	}
	return api.MobileBound{}, err
}

// check looks the PIN up and binds or syncs its user. Only a bad_pin error
// counts as a guess.
func (s *Service) check(req api.MobileBindRequest, addr string, now time.Time) (api.MobileBound, error) {
	badPin := api.Errorf(api.CodeBadPin, "wrong PIN")
	ref, err := s.pins.Lookup(req.Pin)
	if err != nil {
		return api.MobileBound{}, err
	}
	id, ok := strings.CutPrefix(ref, Catalog+"/")
	if !ok {
		return api.MobileBound{}, badPin
	}
	var out api.MobileBound
	refused := false
	err = s.cat.Amend(Catalog, id, func(r *catalog.Record) (bool, store.AuditRecord, error) {
		// The index was read outside this transaction: check the stored
		// PIN again, so a PIN replaced meanwhile does not bind.
		if r == nil || r.Deleted != nil || r.Str("status") != "active" || !s.pins.Matches(Catalog, r.ID, r.Str("pin"), req.Pin) {
			return false, store.AuditRecord{}, badPin
		}
		login := r.Str("login")
		out = api.MobileBound{Login: login, Position: r.Str("org_object")}
		a := store.AuditRecord{At: now, Actor: "mobile:" + login, Addr: addr, Target: Catalog + "/" + r.ID}
		switch r.Str("mm_number") {
		case "":
			out.Bound = true
			a.Action, a.Result, a.Detail = "pin.bind", "ok", req.Device
		case req.Device:
			a.Action, a.Result, a.Detail = "pin.sync", "ok", req.Device
		default:
			refused = true
			a.Action, a.Result, a.Detail = "pin.refused", "denied", req.Device // the device that tried
			return false, a, nil
		}
		r.Values["mm_number"] = req.Device
		r.Values["last_sync"] = now.UTC().Format(time.RFC3339)
		return true, a, nil
	})
	if err != nil {
		return api.MobileBound{}, err
	}
	if refused {
		return api.MobileBound{}, api.Errorf(api.CodePinBound, "the PIN is bound to another device")
	}
	out.Position = s.cat.Title("org_structure", out.Position) // the phone shows its name
	return out, nil
}

// giveToken returns the global limit's token of an attempt that was not a
// wrong guess.
func (s *Service) giveToken(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bucket.Give(s.limit, now)
}

func (s *Service) audit(a store.AuditRecord) {
	s.db.Update(func(tx *store.Tx) error { return tx.Audit(a) })
}

// deviceOf is the device of a check's audit record, which Detail holds.
func deviceOf(a store.AuditRecord) string { return a.Detail }

func lockedError(until time.Time) *api.Error {
	return &api.Error{Code: api.CodeLocked, Message: "too many wrong PINs from this device", Until: utc(until)}
}

func utc(t time.Time) *time.Time { u := t.UTC(); return &u }

func validDevice(d string) bool {
	if d == "" || len(d) > api.MaxDeviceLen {
		return false
	}
	for _, r := range d {
		if !unicode.IsPrint(r) || r == unicode.ReplacementChar {
			return false
		}
	}
	return true
}

func validPin(p string, length int) bool {
	if len(p) != length {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
	}
	return true
}
