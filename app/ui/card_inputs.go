package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// inputValues keeps the card's text inputs in step with the draft without
// ever writing over what the user is typing.
//
// go-app writes an input's value whenever the value attribute rendered
// differs from the one rendered before, trimmed. Rendering the draft
// itself would do so in the middle of typing (any render: an error that
// clears, a push, a toast) and cut a space just typed at the end, or move
// the caret. So an input renders the value it was last shown with for as
// long as the draft holds what the user typed into it; when the program
// changes the draft (a restored draft, "keep mine", a row removed, an
// amount reformatted) the new value is rendered, and written by hand when
// the attribute alone would not change.
type inputValues struct {
	// typed is what each input (by id) held at its last input event.
	typed map[string]string
	// shown is the value attribute each input was last rendered with.
	shown map[string]string
	// write lists inputs whose DOM value must be set after the render.
	write map[string]string
}

// reset forgets every input, for when the inputs are made anew (another
// record, a mode change): they mount with the draft as it is. A draft the
// program changes under inputs that stay needs no reset: value sees that
// the draft no longer holds what was typed.
func (v *inputValues) reset() {
	v.typed, v.shown = nil, nil
	if v.write != nil {
		clear(v.write)
	}
}

// typedInto records what input id holds after the user typed.
func (v *inputValues) typedInto(id, value string) {
	if v.typed == nil {
		v.typed = map[string]string{}
	}
	v.typed[id] = value
}

// value is the value attribute input id renders with, for the draft.
func (v *inputValues) value(id, draft string) string {
	if t, ok := v.typed[id]; ok {
		if s, shown := v.shown[id]; shown && t == draft {
			return s // the user's typing: the DOM has it already
		}
		delete(v.typed, id)
		// The program changed what the user typed: if the attribute
		// stays as it was, go-app would leave the typing on screen.
		if s, shown := v.shown[id]; shown && s == strings.TrimSpace(draft) {
			if v.write == nil {
				v.write = map[string]string{}
			}
			v.write[id] = draft
		}
	}
	if v.shown == nil {
		v.shown = map[string]string{}
	}
	v.shown[id] = strings.TrimSpace(draft)
	return draft
}

// pending hands over the inputs to write by hand after the render.
func (v *inputValues) pending() map[string]string {
	if len(v.write) == 0 {
		return nil
	}
	out := v.write
	v.write = nil
	return out
}

// setInputValues writes values into the inputs with those ids.
func setInputValues(values map[string]string) {
	if app.IsServer {
		return
	}
	for id, v := range values {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Set("value", v)
		}
	}
}
