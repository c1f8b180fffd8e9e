package api

import (
	"errors"
	"fmt"
	"time"
)

// Code is a stable, machine-readable error code. Codes travel to the client,
// which shows the message "error." + code from its catalog; they never change
// meaning once shipped.
type Code string

const (
	CodeBadRequest     Code = "bad_request"     // a frame or body that is not valid JSON or misses fields
	CodeTooLarge       Code = "too_large"       // a frame or body over the size limit
	CodeUnknownType    Code = "unknown_type"    // a message type the server does not know
	CodeUnauthorized   Code = "unauthorized"    // no session, or it ended (see Error.Reason)
	CodeForbidden      Code = "forbidden"       // the user's roles do not allow it
	CodeBadCredentials Code = "bad_credentials" // wrong login or password (never says which)
	CodeLocked         Code = "locked"          // too many failed attempts; see Error.Until
	CodeBadOrigin      Code = "bad_origin"      // a request from another site
	CodeNotFound       Code = "not_found"
	CodeConflict       Code = "conflict"      // the record changed since it was read (Args: by, at)
	CodeInUse          Code = "in_use"        // other records point to it (Args: refs)
	CodeValidation     Code = "validation"    // see Error.Fields
	CodeTooManyRows    Code = "too_many_rows" // an export over MaxExport (Args: count, limit)
	CodeUnavailable    Code = "unavailable"
	CodeInternal       Code = "internal" // a server fault; details are only in the server log

	// PIN codes and the mobile check.
	CodePinExhausted Code = "pin_exhausted" // no free PIN found: the PIN space is nearly used up; raise -pin-length
	CodeRateLimited  Code = "rate_limited"  // too many wrong PINs from everyone, sign-ins from one address or frames on one socket; see Error.Until
	CodePinBound     Code = "pin_bound"     // the PIN is bound to another device
	CodeBadPin       Code = "bad_pin"       // wrong PIN, or its user is blocked (never says which)

	CodeTooMany Code = "too_many" // a per-user limit reached (favorites); Args: limit

	CodeBusy Code = "busy" // the server is too busy to take the request now (sign-in queue full); see Error.Until

	// CodeLinkInvalid: a set-password link that was used, expired or never
	// existed (never says which).
	CodeLinkInvalid Code = "link_invalid"
	// CodeLastAdmin: the change would leave no active user who can
	// administer users and roles.
	CodeLastAdmin Code = "last_admin"
)

// Codes lists every Code, so a test can check each has a message.
var Codes = []Code{
	CodeBadRequest, CodeTooLarge, CodeUnknownType, CodeUnauthorized, CodeForbidden, CodeBadCredentials,
	CodeLocked, CodeBadOrigin, CodeNotFound, CodeConflict, CodeInUse, CodeValidation, CodeTooManyRows,
	CodeUnavailable, CodeInternal, CodePinExhausted, CodeRateLimited, CodePinBound, CodeBadPin, CodeTooMany,
	CodeBusy, CodeLinkInvalid, CodeLastAdmin,
}

// Field error codes: what is wrong with one field, the values of
// Error.Fields. The client shows the message "field." + code (the view
// name dialog "view.err." + code); some share their text with a Code
// ("not_found", "too_many") but name a field's fault, not the request's.
const (
	FieldRequired Code = "required"
	FieldBadValue Code = "bad_value"
	FieldTooLong  Code = "too_long"
	FieldReadOnly Code = "read_only"
	FieldFixed    Code = "fixed" // may not change after the first save
	FieldNotFound Code = "not_found"
	FieldScope    Code = "scope" // a distributor the user does not see
	// FieldUnique: another live record has the value; Args[field] names
	// it ("name · code") when the saving user may see it, and is absent
	// when the clash is with a record the user cannot see.
	FieldUnique     Code = "unique"
	FieldLatinOnly  Code = "latin_only"
	FieldNotRDC     Code = "not_rdc_outlet"
	FieldEndBefore  Code = "end_before_start"
	FieldOnePrimary Code = "one_primary"
	FieldNeedBind   Code = "need_binding"
	FieldCycle      Code = "cycle"
	// FieldNotPosition: the org-structure object is not a position.
	FieldNotPosition Code = "not_position"
	// FieldPositionTaken: the position already has an MM user, whose login
	// is in Error.Args[field].
	FieldPositionTaken Code = "position_taken"
	// FieldPinNotGenerated: the PIN was not generated for this user and
	// record, or its reservation expired.
	FieldPinNotGenerated Code = "pin_not_generated"
	// FieldPinTaken: another record holds the PIN (generate a new one).
	FieldPinTaken Code = "pin_taken"
	// FieldTooMany: a per-user limit on what the field names (views per
	// catalog).
	FieldTooMany Code = "too_many"
	// FieldTooShort: fewer characters than the rule asks (a password);
	// Args[field] holds the least.
	FieldTooShort Code = "too_short"
	// FieldLimit: the reference is outside the field's Limit (a position
	// of another distributor); the client names the limit from the
	// field's description.
	FieldLimit Code = "limit"
	// FieldNotPositive: a number that must be greater than zero.
	FieldNotPositive Code = "not_positive"
	// FieldNoPrimary: a position's bindings have no primary person.
	FieldNoPrimary Code = "no_primary"
	// FieldBoundTwice: one person bound twice over the same dates;
	// Args[field] names the person.
	FieldBoundTwice Code = "bound_twice"
	// FieldBadEAN, FieldBadEmail, FieldBadPhone, FieldBadDays: values of
	// those kinds that are not well formed (each message shows the form).
	FieldBadEAN   Code = "bad_ean"
	FieldBadEmail Code = "bad_email"
	FieldBadPhone Code = "bad_phone"
	FieldBadDays  Code = "bad_days"
	// FieldCommonPassword: the password is among the most common ones.
	FieldCommonPassword Code = "common_password"
	// FieldLikeLogin: the password is the user's login or name.
	FieldLikeLogin Code = "like_login"
)

// FieldCodes lists every field code, so a test can check each has a
// message.
var FieldCodes = []Code{
	FieldRequired, FieldBadValue, FieldTooLong, FieldReadOnly, FieldFixed, FieldNotFound, FieldScope,
	FieldUnique, FieldLatinOnly, FieldNotRDC, FieldEndBefore, FieldOnePrimary, FieldNeedBind, FieldCycle,
	FieldNotPosition, FieldPositionTaken, FieldPinNotGenerated, FieldPinTaken, FieldTooMany, FieldTooShort,
	FieldLimit, FieldNotPositive, FieldNoPrimary, FieldBoundTwice, FieldBadEAN, FieldBadEmail, FieldBadPhone,
	FieldBadDays, FieldCommonPassword, FieldLikeLogin,
}

// Error is the one error type whose code reaches the client. Message is a
// short English text safe to show to anyone (it never carries internals);
// the client prefers its own translation of Code.
type Error struct {
	Code    Code   `json:"code"`
	Message string `json:"message,omitempty"`
	// Until is set with CodeLocked, CodeRateLimited and CodeBusy: when
	// attempts are accepted again.
	Until *time.Time `json:"until,omitempty"`
	// Reason is set with CodeUnauthorized when a session ended.
	Reason EndReason `json:"reason,omitempty"`
	// Fields maps a field key to the code of what is wrong with it; the
	// client shows "field." + code next to the field. A save reports every
	// field's fault at once, never one round at a time. In a list field, a
	// fault of one row is keyed by its cell, "<list>.<row>.<column>" as in
	// Record.Labels ("people.1.to": that binding ends before it starts;
	// "people.2.person": bound twice; "people.3.primary": a second primary
	// at the same time), so the card can point at the row; a fault of the
	// list as a whole (no row, no primary person, a row the server cannot
	// read) is keyed by the list field ("people").
	Fields map[string]Code `json:"fields,omitempty"`
	// Args are the values a message needs ("changed by {by} at {at}",
	// "used by {refs}", with refs_en the same list with English catalog
	// names). With CodeValidation, Args keyed by a field key
	// carry the argument of that field's error (e.g. Args["org_object"] is
	// the login of the MM user that already has the position, for
	// "field.position_taken"; Args["unit_factor"] is "0", the bound of
	// "field.not_positive"; Args["code"] is "name · code" of the record
	// that has the value, for "field.unique"; Args["people.2.person"] the
	// person's "name · code", for "field.bound_twice"). Args never carry a
	// value of a record the user may not see: a reference to one is
	// answered as "not_found", a clash with one as "unique", both without
	// arguments.
	Args map[string]string `json:"args,omitempty"`
}

func (e *Error) Error() string {
	if e.Message == "" {
		return string(e.Code)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with code and a formatted safe message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// CodeInternal when there is none.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}
