package server

import (
	"errors"
	"mime"
	"net/http"
	"strconv"

	"webtool/server/api"
)

// maxMobileBody caps the mobile check's body: a PIN and a device id.
const maxMobileBody = 1 << 10

// handleMobileBind answers a phone's PIN check (see api.PathMobileBind).
// Phones have no session and no Origin; the PIN itself is the credential,
// which is why wrong ones are rate-limited per device and globally.
func (s *Server) handleMobileBind(w http.ResponseWriter, r *http.Request) {
	// Only JSON: a web page cannot send that to another site without a
	// CORS preflight (which nothing here answers), so no site can make its
	// visitors' browsers spend the PIN guessing budget.
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, api.Errorf(api.CodeBadRequest, "send the check as application/json"))
		return
	}
	var req api.MobileBindRequest
	if !readJSON(w, r, maxMobileBody, &req) {
		return
	}
	out, err := s.mobile.Bind(req, clientAddr(r))
	if err == nil {
		writeJSON(w, http.StatusOK, out)
		return
	}
	var e *api.Error
	if !errors.As(err, &e) {
		// The error names a device or record, never the PIN.
		s.log.Error("mobile check", "err", err)
		writeError(w, http.StatusInternalServerError, api.Errorf(api.CodeInternal, "the check failed; try again"))
		return
	}
	status := map[api.Code]int{api.CodeBadRequest: http.StatusBadRequest, api.CodeBadPin: http.StatusUnauthorized,
		api.CodePinBound: http.StatusConflict, api.CodeLocked: http.StatusTooManyRequests,
		api.CodeRateLimited: http.StatusTooManyRequests}[e.Code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if e.Until != nil {
		w.Header().Set("Retry-After", strconv.Itoa(int(e.Until.Sub(s.now()).Seconds())+1))
	}
	writeError(w, status, e)
}
