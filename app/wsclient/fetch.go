package wsclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"webtool/server/api"
)

// Response is what Fetch got back: the HTTP status and the whole body.
type Response struct {
	Status int
	Body   []byte
	// Header holds Content-Type and Content-Disposition of a FetchFile
	// answer (canonical keys); nil otherwise.
	Header map[string]string
}

// NetworkError means the request did not get an HTTP answer at all (no
// network, server down, request aborted). It is what tells "offline" from
// "the server said no".
type NetworkError struct{ Err error }

func (e *NetworkError) Error() string { return "network: " + e.Err.Error() }
func (e *NetworkError) Unwrap() error { return e.Err }

// HTTP statuses the endpoints use; net/http stays out of the wasm.
const (
	statusNoContent     = 204
	statusBadRequest    = 400
	statusUnauthorized  = 401
	statusForbidden     = 403
	statusNotFound      = 404
	statusConflict      = 409
	statusGone          = 410 // a used or expired set-password link
	statusTooLarge      = 413
	statusLocked        = 423
	statusTooMany       = 429
	statusInternalError = 500
)

// Session asks GET /api/session whether the browser has a session. Without
// one the error is an *api.Error (CodeUnauthorized, maybe with a Reason).
func Session(ctx context.Context) (api.LoginReply, error) {
	var reply api.LoginReply
	resp, err := Fetch(ctx, "GET", api.PathSession, nil)
	if err != nil {
		return reply, err
	}
	return reply, decode(resp, &reply)
}

// Login posts the credentials to POST /api/login.
func Login(ctx context.Context, req api.LoginRequest) (api.LoginReply, error) {
	var reply api.LoginReply
	resp, err := Fetch(ctx, "POST", api.PathLogin, req)
	if err != nil {
		return reply, err
	}
	return reply, decode(resp, &reply)
}

// Logout ends the session with POST /api/logout.
func Logout(ctx context.Context) error {
	resp, err := Fetch(ctx, "POST", api.PathLogout, struct{}{})
	if err != nil {
		return err
	}
	return decode(resp, nil)
}

// Export posts req to api.PathExport and returns the file: its name (the
// Content-Disposition header, see state.DispositionName), its media type
// and its bytes. A refusal is an
// *api.Error (CodeTooManyRows with Args count and limit, …).
func Export(ctx context.Context, req api.ExportRequest) (disposition, mime string, data []byte, err error) {
	resp, err := FetchFile(ctx, "POST", api.PathExport, req)
	if err != nil {
		return "", "", nil, err
	}
	if resp.Status < 200 || resp.Status >= 300 {
		return "", "", nil, decode(resp, nil)
	}
	return resp.Header["Content-Disposition"], resp.Header["Content-Type"], resp.Body, nil
}

// decode turns a response into out (on 2xx) or an *api.Error. A body that is
// not our error JSON (a proxy's HTML page, say) still yields a code that
// matches the status, so the user sees a sensible message.
func decode(resp Response, out any) error {
	if resp.Status >= 200 && resp.Status < 300 {
		if out == nil || resp.Status == statusNoContent || len(resp.Body) == 0 {
			return nil
		}
		if err := json.Unmarshal(resp.Body, out); err != nil {
			return fmt.Errorf("decode reply: %w", err)
		}
		return nil
	}
	apiErr := &api.Error{}
	if err := json.Unmarshal(resp.Body, apiErr); err != nil || apiErr.Code == "" {
		return &api.Error{Code: codeForStatus(resp.Status)}
	}
	return apiErr
}

func codeForStatus(status int) api.Code {
	switch status {
	case statusBadRequest:
		return api.CodeBadRequest
	case statusUnauthorized:
		return api.CodeUnauthorized
	case statusForbidden:
		return api.CodeForbidden
	case statusNotFound:
		return api.CodeNotFound
	case statusConflict:
		return api.CodeConflict
	case statusGone:
		return api.CodeLinkInvalid
	case statusTooLarge:
		return api.CodeTooLarge
	case statusLocked, statusTooMany:
		return api.CodeLocked
	case statusInternalError:
		return api.CodeInternal
	}
	if status > statusInternalError {
		return api.CodeUnavailable
	}
	return api.CodeInternal
}

// IsNetwork reports whether err means the server was not reached.
func IsNetwork(err error) bool {
	var ne *NetworkError
	return errors.As(err, &ne) || errors.Is(err, ErrOffline) || errors.Is(err, ErrConnectionLost)
}

// PasswordForgot asks for a set-password link by e-mail (POST
// api.PathPasswordForgot). The server answers the same whatever the login,
// so nil says only that the request was taken; a refusal is an *api.Error
// (CodeRateLimited with Until).
func PasswordForgot(ctx context.Context, req api.PasswordForgot) error {
	resp, err := Fetch(ctx, "POST", api.PathPasswordForgot, req)
	if err != nil {
		return err
	}
	return decode(resp, nil)
}

// PasswordLink reads whose a one-time link is and until when it works
// (POST api.PathPasswordLink); a used, expired or unknown one is an
// *api.Error with CodeLinkInvalid.
func PasswordLink(ctx context.Context, req api.PasswordLinkCheck) (api.PasswordLinkInfo, error) {
	var reply api.PasswordLinkInfo
	resp, err := Fetch(ctx, "POST", api.PathPasswordLink, req)
	if err != nil {
		return reply, err
	}
	return reply, decode(resp, &reply)
}

// PasswordSet sets the password of a link's user (POST
// api.PathPasswordSet). The reply is a sign-in: the session cookie came
// with it. Refusals: CodeLinkInvalid, CodeValidation (Fields["password"]).
func PasswordSet(ctx context.Context, req api.PasswordSet) (api.LoginReply, error) {
	var reply api.LoginReply
	resp, err := Fetch(ctx, "POST", api.PathPasswordSet, req)
	if err != nil {
		return reply, err
	}
	return reply, decode(resp, &reply)
}

// PasswordStrength rates a password for the meter (POST
// api.PathPasswordStrength): with req.Token for a link's user, else for
// the signed-in user (the cookie goes along).
func PasswordStrength(ctx context.Context, req api.PasswordStrengthRequest) (api.PasswordStrength, error) {
	var reply api.PasswordStrength
	resp, err := Fetch(ctx, "POST", api.PathPasswordStrength, req)
	if err != nil {
		return reply, err
	}
	return reply, decode(resp, &reply)
}
