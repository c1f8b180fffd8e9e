//go:build js && wasm

package wsclient

import (
	"context"
	"syscall/js"
	"time"
)

// PingOnActivity sends a ping at most once per every while the user types,
// clicks or touches the page, so a user who works without triggering
// requests (reading, filling a long form) is not signed out as idle. It
// returns a function that stops watching.
func (c *Client) PingOnActivity(every time.Duration) (stop func()) {
	var last time.Time
	doc := js.Global().Get("document")
	fn := js.FuncOf(func(js.Value, []js.Value) any {
		if now := time.Now(); now.Sub(last) >= every {
			last = now
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				_ = c.Ping(ctx) // offline or not: the next activity tries again
			}()
		}
		return nil
	})
	opts := map[string]any{"passive": true, "capture": true}
	events := []string{"pointerdown", "keydown", "wheel"}
	for _, ev := range events {
		doc.Call("addEventListener", ev, fn, opts)
	}
	return func() {
		for _, ev := range events {
			doc.Call("removeEventListener", ev, fn, map[string]any{"capture": true})
		}
		fn.Release()
	}
}
