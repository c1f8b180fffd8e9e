package ui

import (
	"time"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// noticeText words a login-screen notice in lang. A lockout names the time
// it ends, in the user's own zone.
func noticeText(lang string, n *state.Notice, now time.Time) string {
	switch {
	case n == nil:
		return ""
	case n.Ended:
		key := "end." + n.Code
		if !i18n.Has(key) {
			return i18n.T(lang, "error.unauthorized")
		}
		return i18n.T(lang, key)
	case n.Code == string(api.CodeLocked) && n.Until != nil:
		return i18n.Tf(lang, "login.locked", state.FormatUntil(*n.Until, lang, nil, now))
	default:
		return i18n.Error(lang, api.Code(n.Code))
	}
}
