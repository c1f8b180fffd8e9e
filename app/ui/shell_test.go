package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// mountShell mounts c and returns its dispatcher, closed with the test.
func mountShell(t *testing.T, c app.UI) app.ClientDispatcher {
	t.Helper()
	disp := app.NewClientTester(c)
	t.Cleanup(disp.Close)
	settle(disp)
	return disp
}

func TestDateInputShowsTheUILanguage(t *testing.T) {
	ru := &DateInput{ID: "f-from", Lang: "ru", Value: "2026-11-23"}
	mountShell(t, ru)
	mustTag(t, html(ru), `id="f-from"`, `type="text"`, `value="23.11.2026"`, `placeholder="ДД.ММ.ГГГГ"`)
	mustContain(t, html(ru), `id="f-from-cal"`, `aria-haspopup="dialog"`)
	mustNotContain(t, html(ru), `type="date"`)

	en := &DateInput{ID: "f-from", Lang: "en", Value: "2026-11-23"}
	mountShell(t, en)
	mustTag(t, html(en), `id="f-from"`, `value="2026-11-23"`, `placeholder="YYYY-MM-DD"`)
}

// What is typed stays while the form renders the field with the value it
// had (forms do not render on every key); a value the form sets is shown.
func TestDateInputKeepsWhatIsTyped(t *testing.T) {
	c := &DateInput{ID: "f-to", Lang: "ru", Value: "2026-11-23"}
	disp := mountShell(t, c)
	doOn(disp, c, func() {
		// What onInput does for "24.11.2026".
		c.shown = "24.11.2026"
		c.hand("2026-11-24")
		c.Update()
	})
	mustTag(t, html(c), `id="f-to"`, `value="24.11.2026"`)
	doOn(disp, c, func() { c.Update() }) // the form renders, Value still the old one
	mustTag(t, html(c), `id="f-to"`, `value="24.11.2026"`)
	if c.handed != "2026-11-24" {
		t.Errorf("handed %q after a render with the old value", c.handed)
	}
	doOn(disp, c, func() { c.Value = "2026-01-05"; c.Update() })
	mustTag(t, html(c), `id="f-to"`, `value="05.01.2026"`)
	doOn(disp, c, func() { c.Lang = "en"; c.Update() })
	mustTag(t, html(c), `id="f-to"`, `value="2026-01-05"`)
}

func TestDateInputCalendar(t *testing.T) {
	c := &DateInput{ID: "f-to", Lang: "ru", Value: "2026-11-23"}
	disp := mountShell(t, c)
	doOn(disp, c, func() {
		c.open, c.day = true, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
		c.Update()
	})
	got := html(c)
	mustContain(t, got, `id="f-to-calendar"`, `role="dialog"`, `data-month="2026-11"`, "Ноябрь 2026",
		`<div class="cal-wd" role="columnheader">Пн</div>`, `data-day="2026-10-26"`, `data-day="2026-12-06"`,
		`data-day="2026-11-23" aria-label="23.11.2026" tabindex="-1" aria-pressed="true"`, `data-act="prev"`, `data-act="clear"`)
	if n := strings.Count(got, `class="cal-day`); n != 42 {
		t.Errorf("%d days in the grid, want 42", n)
	}
	if strings.Index(got, `role="columnheader">Пн<`) > strings.Index(got, `role="columnheader">Вс<`) {
		t.Error("the Russian week does not start on Monday")
	}
	doOn(disp, c, func() { c.Required = true; c.Update() })
	mustNotContain(t, html(c), `data-act="clear"`)
}

// The calendar and the idle warning are written as HTML from the message
// catalog's texts: none of them may hold a character that HTML reads as
// markup.
func TestCalendarTextsNeedNoEscaping(t *testing.T) {
	for _, lang := range i18n.Langs() {
		for _, key := range []string{"date.prev_month", "date.next_month", "date.today", "date.clear", "date.keys",
			"idle.title", "idle.text", "idle.stay", "idle.logout"} {
			if s := i18n.T(lang, key); strings.ContainsAny(s, `&<>"`) || s == key {
				t.Errorf("%s %s = %q", lang, key, s)
			}
		}
		for m := time.January; m <= time.December; m++ {
			if strings.ContainsAny(state.MonthTitle(2026, m, lang), `&<>"`) {
				t.Errorf("%s: month %d", lang, m)
			}
		}
	}
}

func TestIdleWarningRendersTheDialog(t *testing.T) {
	c := &IdleWarning{Lang: "ru", Limit: 130 * time.Second}
	disp := mountShell(t, c)
	mustTag(t, html(c), `id="idle"`, `data-warning="false"`, `hidden`)
	mustNotContain(t, html(c), `id="idle-dialog"`)
	disp.Dispatch(app.Dispatch{Mode: app.Update, Source: c, Function: func(ctx app.Context) {
		now := time.Now()
		c.idle = state.NewIdle(c.Limit, now.Add(-11*time.Second))
		c.apply(ctx, c.idle.Step(now))
	}})
	settle(disp)
	got := html(c)
	mustTag(t, got, `id="idle-dialog"`, `role="alertdialog"`, `aria-modal="true"`)
	mustContain(t, got, "Сеанс скоро завершится из-за бездействия", `id="idle-stay"`, "Остаться в системе",
		`id="idle-logout"`, "Выйти", `id="idle-left" role="timer">1:59<`)
	mustTag(t, got, `id="idle"`, `data-warning`)
}

func TestNavSearchHidesEmptyGroups(t *testing.T) {
	nav := &NavPanel{Lang: "ru", Loaded: true, Open: true, Groups: []api.NavGroup{
		{Key: "outlets", Items: []api.NavItem{{Key: "outlets", Label: api.LocalText{RU: "Торговые точки"}}}},
		{Key: "documents"},
	}}
	disp := mountShell(t, nav)
	mustContain(t, html(nav), "Документы", "пока пусто")
	doOn(disp, nav, func() { nav.search = "склад"; nav.Update() })
	got := html(nav)
	mustContain(t, got, `id="nav-no-match"`)
	mustNotContain(t, got, "Документы", "Торговые точки")
	doOn(disp, nav, func() { nav.search = "точ"; nav.Update() })
	got = html(nav)
	mustContain(t, got, "Торговые точки")
	mustNotContain(t, got, "Документы", `id="nav-no-match"`)
}

func TestViewMenuListsFormSettingsFirst(t *testing.T) {
	views := []api.View{{ID: "v1", Name: "Мой", Mine: true}}
	m := &ViewMenu{Lang: "ru", Views: views, Modified: true}
	mountShell(t, m)
	got := html(m)
	settings, first := strings.Index(got, `id="view-settings"`), strings.Index(got, `data-id="v1"`)
	if settings < 0 || first < 0 || settings > first {
		t.Fatalf("form settings at %d, the first view at %d:\n%s", settings, first, got)
	}
	mustTag(t, got, `id="view-settings"`, `aria-checked `) // go-app writes "true" bare
	mustContain(t, got, "Настройки формы", `id="view-settings-save"`, `id="view-revert"`, "изменено")

	m = &ViewMenu{Lang: "ru", Views: views, Current: "v1"}
	mountShell(t, m)
	got = html(m)
	mustTag(t, got, `id="view-settings"`, `aria-checked="false"`)
	mustNotContain(t, got, `id="view-settings-save"`, `id="view-revert"`)
}

func TestToolbarMarksChangedFormSettings(t *testing.T) {
	tb := &Toolbar{Lang: "ru", ViewModified: true}
	mountShell(t, tb)
	got := html(tb)
	mustTag(t, got, `id="view-menu"`, `data-modified="settings"`)
	mustContain(t, got, "Настройки формы", `id="view-modified"`, "Список на экране отличается от сохранённых настроек формы")
	tb = &Toolbar{Lang: "ru", ViewID: "v1", ViewName: "Мой"}
	mountShell(t, tb)
	mustTag(t, html(tb), `id="view-menu"`, `data-view="v1"`, `data-modified `) // empty, written bare
	mustNotContain(t, html(tb), `id="view-modified"`)
}
