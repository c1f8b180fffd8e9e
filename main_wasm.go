//go:build js && wasm

package main

import "webtool/app/ui"

// run starts the browser UI. Only app/… and server/api are linked here: the
// server packages stay out of the wasm (see DESIGN.md, "One binary").
func run() { ui.Run() }
