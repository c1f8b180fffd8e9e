//go:build js && wasm

package wsclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"syscall/js"
)

// Fetch makes a same-origin JSON request with the browser's fetch. body, if
// not nil, is sent as JSON. The session cookie goes along (credentials
// same-origin) and nothing is cached: a session check must ask the server.
// It blocks until the answer, so call it from ctx.Async, never on the UI
// goroutine; cancelling ctx aborts the request.
func Fetch(ctx context.Context, method, path string, body any) (Response, error) {
	return fetch(ctx, method, path, body, false)
}

// FetchFile is Fetch for an endpoint that answers with a file: a 2xx body
// is read as bytes and the response's Content-Type and
// Content-Disposition come along in Header; an error body is still JSON.
func FetchFile(ctx context.Context, method, path string, body any) (Response, error) {
	return fetch(ctx, method, path, body, true)
}

func fetch(ctx context.Context, method, path string, body any, file bool) (Response, error) {
	headers := map[string]any{"Accept": "application/json"}
	if file {
		headers["Accept"] = "*/*"
	}
	init := map[string]any{
		"method":      method,
		"credentials": "same-origin",
		"cache":       "no-store",
		"redirect":    "error",
		"headers":     headers,
	}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return Response{}, fmt.Errorf("encode %s %s: %w", method, path, err)
		}
		headers["Content-Type"] = "application/json"
		init["body"] = string(b)
	}
	abort := js.Global().Get("AbortController").New()
	init["signal"] = abort.Get("signal")

	resp, err := await(ctx, abort, func() js.Value {
		return js.Global().Call("fetch", path, js.ValueOf(init))
	})
	if err != nil {
		return Response{}, &NetworkError{Err: fmt.Errorf("%s %s: %w", method, path, err)}
	}
	status := resp.Get("status").Int()
	if file && status >= 200 && status < 300 {
		buf, err := await(ctx, abort, func() js.Value { return resp.Call("arrayBuffer") })
		if err != nil {
			return Response{}, &NetworkError{Err: fmt.Errorf("%s %s: read body: %w", method, path, err)}
		}
		arr := js.Global().Get("Uint8Array").New(buf)
		data := make([]byte, arr.Length())
		js.CopyBytesToGo(data, arr)
		h := resp.Get("headers")
		header := map[string]string{}
		for _, k := range []string{"Content-Type", "Content-Disposition"} {
			if v := h.Call("get", k); v.Type() == js.TypeString {
				header[k] = v.String()
			}
		}
		return Response{Status: status, Body: data, Header: header}, nil
	}
	text, err := await(ctx, abort, func() js.Value { return resp.Call("text") })
	if err != nil {
		return Response{}, &NetworkError{Err: fmt.Errorf("%s %s: read body: %w", method, path, err)}
	}
	return Response{Status: status, Body: []byte(text.String())}, nil
}

// await turns a promise into a blocking call. On cancel it aborts and still
// waits for the promise to settle, because its callbacks must not be
// released while the browser may call them.
func await(ctx context.Context, abort js.Value, start func() js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	defer then.Release()
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "rejected"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
		}
		ch <- result{err: errors.New(msg)}
		return nil
	})
	defer catch.Release()

	start().Call("then", then, catch)
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		abort.Call("abort")
		<-ch
		return js.Undefined(), ctx.Err()
	}
}
