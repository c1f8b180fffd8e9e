// Command webtool is the whole product: built for js/wasm it is the browser
// UI, built for the host it is the server that embeds that UI.
package main

func main() { run() }
