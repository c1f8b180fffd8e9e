package state

// ConnState is the state of the link to the server as the UI shows it. The
// strings are what #conn-status carries in data-state, which the browser
// tests read.
type ConnState string

const (
	// Connecting: the first attempt is under way; nothing has failed yet.
	Connecting ConnState = "connecting"
	// Online: the socket is open (or, before sign-in, the server answered).
	Online ConnState = "online"
	// Offline: the server could not be reached; attempts continue.
	Offline ConnState = "offline"
	// Restarting: the server said it is going away (a restart or a
	// deploy); attempts continue.
	Restarting ConnState = "restarting"
	// Parked: the session opened too many tabs and the server closed this
	// one, used least recently; it stays closed until the page is reloaded.
	Parked ConnState = "parked"
)
