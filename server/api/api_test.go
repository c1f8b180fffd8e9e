package api_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"webtool/server/api"
)

func TestEnvelopeRoundTrip(t *testing.T) {
	in := api.Envelope{ID: 42, Type: api.TypeHello, Data: json.RawMessage(`{"user":{"login":"admin","name":"Админ","roles":["admin"]}}`)}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out api.Envelope
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	var hello api.Hello
	if err := json.Unmarshal(out.Data, &hello); err != nil {
		t.Fatal(err)
	}
	if out.ID != 42 || out.Type != api.TypeHello || hello.User.Name != "Админ" {
		t.Fatalf("round trip: %+v %+v", out, hello)
	}
	// A push has no id on the wire.
	push, _ := json.Marshal(api.Envelope{Type: api.TypeSessionEnded, Data: json.RawMessage(`{"reason":"idle"}`)})
	if got, want := string(push), `{"type":"session_ended","data":{"reason":"idle"}}`; got != want {
		t.Fatalf("push = %s, want %s", got, want)
	}
}

func TestErrorWireForm(t *testing.T) {
	until := time.Date(2026, 11, 23, 10, 15, 0, 0, time.UTC)
	b, _ := json.Marshal(&api.Error{Code: api.CodeLocked, Message: "too many failed attempts", Until: &until})
	if got, want := string(b), `{"code":"locked","message":"too many failed attempts","until":"2026-11-23T10:15:00Z"}`; got != want {
		t.Fatalf("wire = %s, want %s", got, want)
	}
	wrapped := fmt.Errorf("login: %w", api.Errorf(api.CodeForbidden, "no"))
	if api.ErrorCode(wrapped) != api.CodeForbidden {
		t.Fatal("ErrorCode does not unwrap")
	}
	if api.ErrorCode(fmt.Errorf("disk full")) != api.CodeInternal {
		t.Fatal("a plain error must map to internal, never leak")
	}
}

func TestLocalText(t *testing.T) {
	l := api.LocalText{RU: "Торговые точки", EN: "Outlets"}
	if l.In("en") != "Outlets" || l.In("ru") != "Торговые точки" || l.In("de") != "Торговые точки" {
		t.Fatal("LocalText.In")
	}
	if (api.LocalText{RU: "Только русский"}).In("en") != "Только русский" {
		t.Fatal("missing English should fall back to Russian")
	}
}
