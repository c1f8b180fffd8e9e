package api

// Close codes the server ends a websocket with. The standard ones tell the
// client what to do next: after CloseGoingAway the server is restarting
// (reconnect), after ClosePolicyViolation the client flooded the socket.
const (
	CloseGoingAway       = 1001 // the server is shutting down; reconnect
	ClosePolicyViolation = 1008 // a sustained flood of messages
	CloseSessionEnded    = 4001 // after a session_ended push; do not reconnect
	// CloseTooManyTabs: the session opened more sockets than allowed and
	// this one was used least recently; the tab stays disconnected until
	// the user reloads it, so tabs do not take turns evicting each other.
	CloseTooManyTabs = 4002
)
