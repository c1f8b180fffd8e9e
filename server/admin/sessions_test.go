package admin_test

import (
	"testing"
	"time"

	"webtool/server/admin"
	"webtool/server/api"
	"webtool/server/auth"
)

func TestSessions(t *testing.T) {
	f := mustFixture(t, nil)
	f.mustUserWithPassword(t, "kate", "Екатерина", "viewer")
	_, first := f.mustLogin(t, "kate")
	f.clock.Add(time.Minute)
	_, second := f.mustLogin(t, "kate")
	f.clock.Add(time.Minute)
	tok3, third := f.mustLogin(t, "kate")
	kate := f.as(t, "kate")

	got, err := f.svc.Sessions(kate, second.ID, api.SessionsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Login != "kate" || len(got.Sessions) != 3 {
		t.Fatalf("sessions %+v", got)
	}
	s0 := got.Sessions[0] // newest first
	if s0.ID != auth.PublicID(third.ID) || s0.ID == third.ID || s0.Browser != "Chrome 131 · Linux" || s0.Addr != addr || s0.Current {
		t.Errorf("newest %+v", s0)
	}
	if !got.Sessions[1].Current {
		t.Error("the asking session is not marked current")
	}

	// End one by its public ID, then every other one.
	left, eff, err := f.svc.EndSessions(kate, second.ID, addr, api.SessionEnd{ID: s0.ID})
	if err != nil || len(left.Sessions) != 2 || len(eff.Ended) != 1 || eff.Ended[0] != third.ID || eff.Reason != api.EndLogout {
		t.Fatalf("end one: %+v %+v %v", left, eff, err)
	}
	if _, _, err := f.auth.Check(tok3, false); codeOf(err) != api.CodeUnauthorized {
		t.Errorf("an ended session: %v", err)
	}
	left, eff, err = f.svc.EndSessions(kate, second.ID, addr, api.SessionEnd{Others: true})
	if err != nil || len(left.Sessions) != 1 || !left.Sessions[0].Current || len(eff.Ended) != 1 || eff.Ended[0] != first.ID {
		t.Fatalf("end others: %+v %+v %v", left, eff, err)
	}
	if _, _, err := f.svc.EndSessions(kate, second.ID, addr, api.SessionEnd{ID: auth.PublicID(first.ID)}); codeOf(err) != api.CodeNotFound {
		t.Errorf("ending an ended session: %v", err)
	}
	if _, _, err := f.svc.EndSessions(kate, second.ID, addr, api.SessionEnd{}); codeOf(err) != api.CodeBadRequest {
		t.Errorf("ending nothing: %v", err)
	}

	// An administrator sees and ends another's, all of them.
	boss := f.boss(t)
	theirs, err := f.svc.Sessions(boss, "", api.SessionsRequest{Login: "Kate"})
	if err != nil || len(theirs.Sessions) != 1 || theirs.Sessions[0].Current {
		t.Fatalf("kate's as the admin sees them: %+v %v", theirs, err)
	}
	left, eff, err = f.svc.EndSessions(boss, "", addr, api.SessionEnd{Login: "kate", Others: true})
	if err != nil || len(left.Sessions) != 0 || len(eff.Ended) != 1 || eff.Reason != api.EndRevoked {
		t.Errorf("the admin ends kate's: %+v %+v %v", left, eff, err)
	}
	if _, err := f.svc.Sessions(boss, "", api.SessionsRequest{Login: "ghost"}); codeOf(err) != api.CodeNotFound {
		t.Errorf("an unknown user's sessions: %v", err)
	}
}

func TestBrowser(t *testing.T) {
	for agent, want := range map[string]string{
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36":                                   "Chrome 131 · Linux",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0":                                                        "Firefox 133 · Windows",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1": "Safari 17 · iOS",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15":                   "Safari 17 · macOS",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0":           "Edge 131 · Windows",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36":               "Chrome 131 · Android",
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36":                           "Headless Chrome 131 · Linux",
		"curl/8.5.0": "curl/8.5.0",
		"SomeVeryLongCustomClientNameThatNobodyKnows/1.0 (with a comment)": "SomeVeryLongCustomClientNameThatNobodyKn",
		"": "",
	} {
		if got := admin.Browser(agent); got != want {
			t.Errorf("Browser(%q) = %q, want %q", agent, got, want)
		}
	}
}
