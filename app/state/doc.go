// Package state is the client's state and logic in plain Go: which screen
// shows, why a session ended, how long to wait before reconnecting, how to
// word a lockout time. It imports no UI package, so all of it is tested
// natively; app/ui only renders a Model and carries out the Effects it asks
// for.
package state
