//go:build !(js && wasm)

package wsclient

import "time"

// PingOnActivity watches the page for user activity; natively there is no
// page, so it does nothing.
func (c *Client) PingOnActivity(time.Duration) (stop func()) { return func() {} }
