//go:build js && wasm

package wsclient

import (
	"errors"
	"fmt"
	"syscall/js"
)

// BrowserDialer opens a socket with the browser's own WebSocket.
func BrowserDialer(url string, ev Events) (conn Conn, err error) {
	defer func() {
		// new WebSocket throws (SyntaxError, SecurityError) on a bad URL.
		if r := recover(); r != nil {
			conn, err = nil, fmt.Errorf("open websocket: %v", r)
		}
	}()
	ws := js.Global().Get("WebSocket").New(url)
	s := &jsSocket{ws: ws}
	s.onOpen = js.FuncOf(func(js.Value, []js.Value) any {
		ev.Open()
		return nil
	})
	s.onMessage = js.FuncOf(func(_ js.Value, args []js.Value) any {
		// Our server sends text frames only; a Blob would need an async read.
		if data := args[0].Get("data"); data.Type() == js.TypeString {
			ev.Message([]byte(data.String()))
		}
		return nil
	})
	// onerror is always followed by onclose, which is enough for us: the
	// browser hides the reason of a failed connection from scripts anyway.
	s.onClose = js.FuncOf(func(_ js.Value, args []js.Value) any {
		// Releasing a function while it runs is not allowed; do it after.
		go s.release()
		ev.Close(args[0].Get("code").Int())
		return nil
	})
	ws.Set("onopen", s.onOpen)
	ws.Set("onmessage", s.onMessage)
	ws.Set("onclose", s.onClose)
	return s, nil
}

type jsSocket struct {
	ws                         js.Value
	onOpen, onMessage, onClose js.Func
}

// readyState OPEN; sending in any other state throws or is dropped.
const wsOpen = 1

func (s *jsSocket) Send(data []byte) (err error) {
	if s.ws.Get("readyState").Int() != wsOpen {
		return errors.New("websocket not open")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("websocket send: %v", r)
		}
	}()
	s.ws.Call("send", string(data))
	return nil
}

func (s *jsSocket) Close() {
	defer func() { recover() }()
	s.ws.Call("close", 1000)
}

func (s *jsSocket) release() {
	s.ws.Set("onopen", js.Null())
	s.ws.Set("onmessage", js.Null())
	s.ws.Set("onclose", js.Null())
	s.onOpen.Release()
	s.onMessage.Release()
	s.onClose.Release()
}
