package server

import (
	"mime"
	"net/http"

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
	// visitors' browsers spend the PIN guessing budget. 415 is HTTP's own
	// word for a body of the wrong type, which no code names (the code is
	// bad_request), so this one answer bypasses writeError's table.
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeJSON(w, http.StatusUnsupportedMediaType, api.Errorf(api.CodeBadRequest, "send the check as application/json"))
		return
	}
	var req api.MobileBindRequest
	if !s.readJSON(w, r, maxMobileBody, &req) {
		return
	}
	out, err := s.mobile.Bind(req, clientAddr(r))
	if err != nil {
		// An error that is not an *api.Error names a device or record,
		// never the PIN, so writeError may log it.
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}
