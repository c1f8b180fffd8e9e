package ui

import (
	"context"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// meterSegments is how many bars the meter has: one per score 0..4, so a
// score of s lights s+1 of them.
const meterSegments = 5

// PasswordMeter (#password-meter) rates a new password as it is typed:
// five bars coloured by the server's score, a word for it and, when a save
// would be refused, why. Under state.PasswordMin characters it counts what
// is missing without asking; otherwise it asks PathPasswordStrength
// state.MeterDelay after the last change, and only the answer for the
// value now in the field shows. Its text (#password-meter-text) is a
// polite live region: the input points to it with aria-describedby.
//
// The parent passes the field's value in Password on each input; the
// meter is otherwise self-contained.
type PasswordMeter struct {
	app.Compo

	Lang     string
	Password string
	// Token is the one-time link's token on the set-password page ("" on
	// the account page, where the session cookie says whose password it is).
	Token   string
	Backend Backend
	Link    *Link
	// HideProblem leaves out why a save would fail: the field shows an
	// error of its own, which says it already.
	HideProblem bool

	m state.Meter
}

func (c *PasswordMeter) OnMount(ctx app.Context)  { c.typed(ctx) }
func (c *PasswordMeter) OnUpdate(ctx app.Context) { c.typed(ctx) }

// typed runs on every update of the parent (its fields include funcs and
// interfaces, so go-app updates it each time); Meter.Typed ignores an
// unchanged value.
func (c *PasswordMeter) typed(ctx app.Context) {
	if seq := c.m.Typed(c.Password); seq != 0 {
		ctx.After(state.MeterDelay, func(ctx app.Context) { c.due(ctx, seq) })
	}
}

// due asks for the rating of change seq unless a later change came.
func (c *PasswordMeter) due(ctx app.Context, seq int) {
	pw, ok := c.m.Due(seq)
	if !ok || c.Backend == nil || c.Link == nil {
		return
	}
	req := api.PasswordStrengthRequest{Password: pw, Token: c.Token}
	backend := c.Backend
	var out api.PasswordStrength
	send(ctx, c.Link, func(rctx context.Context) error {
		rctx, cancel := context.WithTimeout(rctx, httpTimeout)
		defer cancel()
		var err error
		out, err = backend.PasswordStrength(rctx, req)
		return err
	}, nil, func(err error) { c.m.Rated(seq, out, err) })
}

func (c *PasswordMeter) Render() app.UI {
	m := &c.m
	score := ""
	if m.State == state.MeterRated {
		score = strconv.Itoa(m.Score)
	}
	lit := 0
	if m.HasScore {
		lit = m.Score + 1
	}
	bars := make([]app.UI, meterSegments)
	for i := range bars {
		cls := []string{"meter-seg"}
		if i < lit {
			cls = append(cls, "on")
		}
		bars[i] = app.Span().Class(cls...)
	}
	barClass := []string{"meter-bar", "meter-s" + strconv.Itoa(m.Score)}
	if m.State == state.MeterWaiting {
		barClass = append(barClass, "meter-stale")
	}
	word, problem := c.words()
	return app.Div().ID("password-meter").Class("meter").
		DataSet("score", score).
		DataSet("state", m.State).
		DataSet("problem", string(m.Problem)).
		Body(
			app.Div().Class(barClass...).Aria("hidden", "true").Body(bars...),
			app.P().ID("password-meter-text").Class("meter-text").
				Aria("live", "polite").
				Body(
					app.Span().Class("sr-only").Text(i18n.T(c.Lang, "meter.label")+": "),
					app.Span().Class("meter-word").Text(word),
					app.If(problem != "", app.Span().Class("meter-problem").Text(problem)),
				),
		)
}

// words are the meter's word (the score, or what is missing) and the
// reason a save would be refused.
func (c *PasswordMeter) words() (word, problem string) {
	m := &c.m
	switch m.State {
	case state.MeterShort:
		return i18n.MissingChars(c.Lang, m.Missing), ""
	case state.MeterLong:
		if c.HideProblem {
			return "", ""
		}
		return "", i18n.Tf(c.Lang, "pw.err.too_long", strconv.Itoa(state.PasswordMax))
	case state.MeterWaiting:
		return i18n.T(c.Lang, "meter.waiting"), ""
	case state.MeterFailed:
		return i18n.T(c.Lang, "meter.failed"), ""
	case state.MeterRated:
		word = i18n.T(c.Lang, "meter.score."+strconv.Itoa(m.Score))
		if m.Problem != "" && !c.HideProblem {
			problem = passwordError(c.Lang, m.Problem, "")
		}
		return word, problem
	}
	return i18n.T(c.Lang, "pwset.hint"), ""
}

// passwordError words a password field's code: the length ones with their
// bound (arg, the server's Args; the client's own bound when empty), the
// others by their field message.
func passwordError(lang string, code api.Code, arg string) string {
	switch code {
	case api.FieldTooShort:
		if arg == "" {
			arg = strconv.Itoa(state.PasswordMin)
		}
		return i18n.Tf(lang, "pw.err.too_short", arg)
	case api.FieldTooLong:
		if arg == "" {
			arg = strconv.Itoa(state.PasswordMax)
		}
		return i18n.Tf(lang, "pw.err.too_long", arg)
	case state.CodeMismatch:
		return i18n.T(lang, "pw.err.mismatch")
	case api.FieldRequired:
		return i18n.T(lang, "pw.err.required")
	case api.CodeBadCredentials:
		return i18n.T(lang, "pw.err.current")
	}
	return i18n.FieldError(lang, code)
}
