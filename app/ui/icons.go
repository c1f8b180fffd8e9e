package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// Inline icons in the style of the logo: 24-unit grid, 2-unit round
// strokes, currentColor so they follow the text colour and the high-contrast
// modes. They are decorative (aria-hidden); the buttons carry the labels.
const (
	svgOpen  = `<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">`
	svgClose = `</svg>`

	pathMenu     = `<path d="M4 6h16M4 12h16M4 18h16"/>`
	pathLogout   = `<path d="M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3"/><path d="M10 17l-5-5 5-5"/><path d="M5 12h11"/>`
	pathGlobe    = `<circle cx="12" cy="12" r="9"/><path d="M3 12h18"/><path d="M12 3a14 14 0 0 1 0 18a14 14 0 0 1 0-18z"/>`
	pathHome     = `<path d="M4 11l8-7 8 7"/><path d="M6 9.5V20h12V9.5"/><path d="M10 20v-5h4v5"/>`
	pathUser     = `<circle cx="12" cy="8" r="4"/><path d="M4 20a8 8 0 0 1 16 0"/>`
	pathStar     = `<path d="M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8-5.2-2.7-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z"/>`
	pathOffline  = `<path d="M2 8.5a15 15 0 0 1 4-2.6M9.5 5.2A15 15 0 0 1 22 8.5"/><path d="M5 12a10 10 0 0 1 3.5-2.2M13.5 9.3A10 10 0 0 1 19 12"/><path d="M8.5 15.5a5 5 0 0 1 7 0"/><path d="M12 19h.01"/><path d="M3 3l18 18"/>`
	pathSync     = `<path d="M20 12a8 8 0 0 1-13.7 5.7L4 15.5"/><path d="M4 20v-4.5h4.5"/><path d="M4 12a8 8 0 0 1 13.7-5.7L20 8.5"/><path d="M20 4v4.5h-4.5"/>`
	pathAlert    = `<circle cx="12" cy="12" r="9"/><path d="M12 7.5v5.5"/><path d="M12 16.5h.01"/>`
	pathInfo     = `<circle cx="12" cy="12" r="9"/><path d="M12 11v5.5"/><path d="M12 7.5h.01"/>`
	pathFolder   = `<path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"/>`
	pathClock    = `<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`
	pathCalendar = `<rect x="4" y="5" width="16" height="15" rx="2"/><path d="M4 10h16M9 3v4M15 3v4"/>`
	pathPlus     = `<path d="M12 5v14M5 12h14"/>`
	pathSearch   = `<circle cx="11" cy="11" r="7"/><path d="M20 20l-4-4"/>`
	pathFilter   = `<path d="M4 5h16l-6 7.5V19l-4-2v-4.5z"/>`
	pathClose    = `<path d="M6 6l12 12M18 6L6 18"/>`
	pathChevron  = `<path d="M9 6l6 6-6 6"/>`
	pathTree     = `<path d="M5 4v14a2 2 0 0 0 2 2h3"/><path d="M5 9h5"/><rect x="12" y="6" width="8" height="6" rx="1.5"/><rect x="12" y="15" width="8" height="6" rx="1.5"/>`
	pathList     = `<path d="M9 6h11M9 12h11M9 18h11"/><path d="M4.5 6h.01M4.5 12h.01M4.5 18h.01"/>`
	pathEdit     = `<path d="M4 20h4L19 9l-4-4L4 16z"/><path d="M13.5 6.5l4 4"/>`
	pathTrash    = `<path d="M4 7h16"/><path d="M10 11v6M14 11v6"/><path d="M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12"/><path d="M9 7V4h6v3"/>`
	pathRestore  = `<path d="M4 12a8 8 0 1 0 2.3-5.7L4 8.5"/><path d="M4 4v4.5h4.5"/>`
	pathCheck    = `<path d="M5 12.5l4.5 4.5L19 7.5"/>`
	pathKey      = `<circle cx="8" cy="15" r="4"/><path d="M11 12l9-9"/><path d="M17 6l3 3"/><path d="M15 8l2 2"/>`
	pathEye      = `<path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z"/><circle cx="12" cy="12" r="3"/>`
	pathEyeOff   = `<path d="M3 3l18 18"/><path d="M10.6 5.1A10 10 0 0 1 12 5c6.5 0 10 7 10 7a17 17 0 0 1-3.2 4.1M6.6 6.6C3.7 8.4 2 12 2 12s3.5 7 10 7a9.7 9.7 0 0 0 5.4-1.6"/><path d="M9.9 9.9a3 3 0 0 0 4.2 4.2"/>`
	pathWarn     = `<path d="M12 3.5l9.5 16.5h-19z"/><path d="M12 10v4.5"/><path d="M12 17.5h.01"/>`
)

func icon(paths string) app.UI { return app.Raw(svgOpen + paths + svgClose) }
