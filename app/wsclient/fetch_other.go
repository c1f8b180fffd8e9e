//go:build !(js && wasm)

package wsclient

import "context"

// Fetch needs a browser; natively it fails with a NetworkError wrapping
// ErrNoBrowser, which the UI treats like being offline.
func Fetch(context.Context, string, string, any) (Response, error) {
	return Response{}, &NetworkError{Err: ErrNoBrowser}
}

// FetchFile needs a browser too.
func FetchFile(context.Context, string, string, any) (Response, error) {
	return Response{}, &NetworkError{Err: ErrNoBrowser}
}
