package server

import (
	"fmt"
	"net/http"
	"strconv"

	"webtool/server/api"
	"webtool/server/store"
)

// handleBackup streams a consistent copy of the database file to an
// administrator, taken from one read transaction while the server goes on
// writing (see store.DB.Backup); `webtool backup -url` calls it. The copy
// holds sealed PINs only: they open with the key file, which is never part
// of it. Every backup, and every refused one, is audited.
func (s *Server) handleBackup(w http.ResponseWriter, r *http.Request) {
	_, _, user, ok := s.session(w, r)
	if !ok {
		return
	}
	addr := clientAddr(r)
	audit := func(result, detail string) {
		err := s.db.Update(func(tx *store.Tx) error {
			return tx.Audit(store.AuditRecord{At: s.now(), Actor: user.Login, Addr: addr, Action: "store.backup", Result: result, Detail: detail})
		})
		if err != nil {
			s.log.Error("audit backup", "err", err)
		}
	}
	if !s.principal(user).Has(api.RightAdminUsers) {
		audit("denied", "")
		s.writeError(w, r, api.Errorf(api.CodeForbidden, "only an administrator may back up the database"))
		return
	}
	name := "webtool-" + s.now().UTC().Format("20060102-150405") + ".db"
	var size int64
	// The audit record is written after the read transaction: a write
	// that must grow the file would wait for the copy to end.
	err := s.db.Backup(w, func(n int64) {
		size = n
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
		w.Header().Set("Cache-Control", "no-store")
	})
	if err != nil {
		audit("failed", err.Error())
		if size == 0 { // nothing sent yet
			s.writeError(w, r, fmt.Errorf("backup: %w", err))
		} else {
			s.log.Error("backup", "err", err, "bytes", size)
		}
		return
	}
	audit("ok", fmt.Sprintf("%d bytes as %s; the PIN key file is not in it", size, name))
}
