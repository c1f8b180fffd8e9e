package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// PIN fields on the card. The record only says whether a PIN is set; a user
// with the right to edit the catalog may reveal it (audited on the server)
// to read it out to its holder, and while editing may generate a new one,
// which is saved with the card and dropped by Cancel.

// pinShown is a PIN revealed for one version of one record: a newer copy
// of the record hides it again.
type pinShown struct {
	id      string
	version uint64
	pins    map[string]string // by field key
}

func (c *Card) revealedPin(key string) string {
	r := c.st.Rec
	if c.pins.id != r.ID || c.pins.version != r.Version {
		return ""
	}
	return c.pins.pins[key]
}

func (c *Card) renderPinValue(f *api.Field) app.UI {
	set, _ := c.st.Rec.Values[f.Key].(bool)
	shown := c.revealedPin(f.Key)
	var value app.UI
	switch {
	case shown != "":
		value = app.Span().ID("pin-"+f.Key).Class("card-value", "pin-value", "pin-clear").Text(shown)
	case set:
		value = app.Span().ID("pin-"+f.Key).Class("card-value", "pin-value").
			Aria("label", c.t("pin.hidden")).Text(state.Masked)
	default:
		value = app.Span().ID("pin-"+f.Key).Class("card-value", "empty").Text(c.t("pin.none"))
	}
	var toggle app.UI
	if set && c.Catalog.Rights.Edit && !c.st.Rec.Deleted {
		label, path := c.t("pin.reveal"), pathEye
		if shown != "" {
			label, path = c.t("pin.hide"), pathEyeOff
		}
		toggle = app.Button().ID("pin-reveal-"+f.Key).Type("button").Class("btn", "btn-secondary", "btn-sm").
			Disabled(c.busy).Aria("pressed", shown != "").
			OnClick(c.onPinReveal, f.Key).
			Body(icon(path), app.Span().Text(label))
	}
	return app.Div().Class("card-field", "field-view", "field-pin", widthClass(f)).DataSet("field", f.Key).Body(
		app.Div().Class("card-label").Text(f.Label.In(c.Lang)),
		app.Div().Class("pin-row").Body(value, toggle),
		c.renderError(f.Key),
	)
}

func (c *Card) renderPinEditor(f *api.Field) app.UI {
	d, _ := c.st.Draft[f.Key].(state.Pin)
	cls := []string{"card-field", "field-edit", "field-pin", widthClass(f)}
	if _, bad := c.st.Errors[f.Key]; bad {
		cls = append(cls, "invalid")
	}
	var value, hint app.UI
	switch {
	case d.New != "":
		value = app.Output().ID("pin-"+f.Key).Class("pin-value", "pin-clear", "pin-new").
			Aria("live", "polite").Text(d.New)
		hint = app.P().ID(hintID(f.Key)).Class("field-hint").Text(c.t("pin.new_hint"))
	case d.Set:
		value = app.Span().ID("pin-"+f.Key).Class("pin-value").Aria("label", c.t("pin.hidden")).Text(state.Masked)
	default:
		value = app.Span().ID("pin-"+f.Key).Class("pin-value", "empty").Text(c.t("pin.none"))
	}
	return app.Div().Class(cls...).DataSet("field", f.Key).Body(
		app.Div().Class("card-label").Body(app.Text(f.Label.In(c.Lang)), reqMark(c, f)),
		app.Div().Class("pin-row").Body(
			value,
			app.Button().ID("pin-generate-"+f.Key).Type("button").Class("btn", "btn-secondary", "btn-sm").
				Disabled(c.busy).
				Aria("describedby", c.describedBy(f.Key, d.New != "")).
				OnClick(c.onPinGenerate, f.Key).
				Body(icon(pathKey), app.Span().Text(c.t("pin.generate"))),
		),
		hint,
		c.renderError(f.Key),
	)
}

func (c *Card) onPinGenerate(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	key := ctx.JSSrc().Get("id").String()[len("pin-generate-"):]
	req := api.PinGenerateRequest{Catalog: c.Catalog.Key, Field: key}
	if c.st.Exists {
		req.ID = c.st.Rec.ID
	}
	c.busy = true
	c.pinRequest(api.TypePinGenerate, req, func(pin string) {
		c.st.NewPin(key, pin)
	})
}

func (c *Card) onPinReveal(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	key := ctx.JSSrc().Get("id").String()[len("pin-reveal-"):]
	if c.revealedPin(key) != "" {
		delete(c.pins.pins, key)
		return
	}
	rec := c.st.Rec
	c.busy = true
	c.pinRequest(api.TypePinReveal, api.PinRevealRequest{Catalog: c.Catalog.Key, ID: rec.ID, Field: key}, func(pin string) {
		if c.pins.id != rec.ID || c.pins.version != rec.Version {
			c.pins = pinShown{id: rec.ID, version: rec.Version, pins: map[string]string{}}
		}
		c.pins.pins[key] = pin
	})
}

// pinRequest asks the server for a PIN (generated or revealed) and hands
// it to done; a refusal is a toast.
func (c *Card) pinRequest(typ string, req any, done func(pin string)) {
	cardAsk(c, typ, req, func(out api.PinRevealed, err error) { // PinGenerated has the same "pin"
		c.busy = false
		if err != nil {
			code := codeOf(err)
			c.Host.notify(string(code), i18n.Error(c.Lang, code), false)
			return
		}
		done(out.Pin)
	})
}
