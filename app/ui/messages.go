package ui

import (
	"math"
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
	case n.Code == string(api.CodeRateLimited) && n.Until != nil:
		return i18n.Tf(lang, "login.rate_limited", waitSeconds(*n.Until, now))
	case n.Code == string(api.CodeBusy) && n.Until != nil:
		return i18n.Tf(lang, "login.server_busy", waitSeconds(*n.Until, now))
	default:
		return i18n.Error(lang, api.Code(n.Code))
	}
}

// waitSeconds is the whole seconds from now until until, at least one: a
// short wait reads better as a count than as a clock time.
func waitSeconds(until, now time.Time) int {
	return max(1, int(math.Ceil(until.Sub(now).Seconds())))
}
