package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// Run routes every path to Root, so deep links load the app and Root picks
// the page, and starts go-app. It returns at once outside a browser.
func Run() {
	app.RouteWithRegexp("^/.*", &Root{})
	app.RunWhenOnBrowser()
}
