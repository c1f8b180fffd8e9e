package api

// Mobile-module wire types: PIN codes on catalog cards, a record's history
// and the mobile module's own PIN check.

// FieldPin is a PIN code field. A record never carries a PIN: in
// Record.Values a pin field holds true when a PIN is set and is absent when
// not. In a SaveRequest the client sends a pin field only with a PIN it
// just got from TypePinGenerate (a string of digits); absent means
// unchanged. Pin fields cannot be filtered, sorted or exported.
const FieldPin FieldType = "pin"

// PIN and history message types.
const (
	// TypePinGenerate: PinGenerateRequest; reply PinGenerated — a new PIN,
	// reserved for this user and record for PinReservation, stored only
	// when the card is saved with it. Needs Edit in the catalog.
	TypePinGenerate = "pin_generate"
	// TypePinReveal: PinRevealRequest; reply PinRevealed — the stored PIN,
	// to be read out to its holder. Needs Edit in the catalog; audited.
	TypePinReveal = "pin_reveal"
	// TypeHistory: HistoryRequest; reply History — the audit entries of one
	// record, newest first. Needs Read and the record's row scope.
	TypeHistory = "history"
)

// PinReservationMinutes is how long a generated PIN waits for the card to
// be saved with it.
const PinReservationMinutes = 30

// PinGenerateRequest asks for a new PIN for a pin field of a record (ID
// empty for a record not yet created).
type PinGenerateRequest struct {
	Catalog string `json:"catalog"`
	ID      string `json:"id,omitempty"`
	Field   string `json:"field"`
}

// PinGenerated carries a new PIN; send it as the field's value on save.
type PinGenerated struct {
	Pin    string `json:"pin"`
	Length int    `json:"length"`
}

// PinRevealRequest asks for the stored PIN of a record's pin field.
type PinRevealRequest struct {
	Catalog string `json:"catalog"`
	ID      string `json:"id"`
	Field   string `json:"field"`
}

// PinRevealed carries a stored PIN.
type PinRevealed struct {
	Pin string `json:"pin"`
}

// MaxHistory is the default and the largest HistoryRequest.Limit.
const MaxHistory = 100

// HistoryRequest asks for the history of one record.
type HistoryRequest struct {
	Catalog string `json:"catalog"`
	ID      string `json:"id"`
	Limit   int    `json:"limit,omitempty"`
}

// History lists a record's audit entries, newest first.
type History struct {
	Entries []HistoryEntry `json:"entries"`
}

// HistoryEntry is one audited event of a record. Action is a stable verb:
// record.create, record.update, record.delete, record.restore,
// pin.generate, pin.reveal, pin.bind (a device bound itself), pin.sync (the
// bound device signed in again), pin.refused (another device tried a bound
// PIN). A creation or change lists its field changes in Changes; for the
// device actions Detail is the device id.
type HistoryEntry struct {
	At      string          `json:"at"` // RFC 3339, UTC
	Actor   string          `json:"actor"`
	Action  string          `json:"action"`
	Detail  string          `json:"detail,omitempty"`
	Changes []HistoryChange `json:"changes,omitempty"`
}

// HistoryChange is one field's change, its values in wire form (a PIN's
// never: both are absent). FromLabel and ToLabel name referenced records.
type HistoryChange struct {
	Field     string `json:"field"`
	From      any    `json:"from,omitempty"`
	To        any    `json:"to,omitempty"`
	FromLabel string `json:"fromLabel,omitempty"`
	ToLabel   string `json:"toLabel,omitempty"`
}

// PathMobileBind is the mobile module's PIN check, called by phones (no
// cookie): POST MobileBindRequest as application/json (anything else: 415)
// → 200 MobileBound, or an Error with
// 400 bad_request (device id not 1..128 printable characters, or the PIN
// not digits of the configured length), 401 bad_pin (wrong PIN, or its
// user is blocked or deleted), 409 pin_bound (the PIN is bound to another
// device), 429 locked (too many wrong PINs from this device; Until) or 429
// rate_limited (too many wrong PINs from everyone; Until).
const PathMobileBind = "/api/mobile/bind"

// MaxDeviceLen caps MobileBindRequest.Device.
const MaxDeviceLen = 128

// MobileBindRequest is a PIN typed on a phone and the phone's device id.
type MobileBindRequest struct {
	Pin    string `json:"pin"`
	Device string `json:"device"`
}

// MobileBound says whose PIN it was: the MM user's login and the name of
// its position. Bound is true when this call bound the device just now
// (false when it was bound to this device already).
type MobileBound struct {
	Login    string `json:"login"`
	Position string `json:"position"`
	Bound    bool   `json:"bound"`
}
