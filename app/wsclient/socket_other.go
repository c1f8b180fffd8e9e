//go:build !(js && wasm)

package wsclient

// BrowserDialer needs a browser; natively it always fails, and tests pass
// their own Dialer.
func BrowserDialer(string, Events) (Conn, error) { return nil, ErrNoBrowser }
