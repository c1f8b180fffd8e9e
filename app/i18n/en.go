package i18n

var en = map[string]string{
	"app.name":    "WebTool",
	"app.tagline": "Catalog administration",
	"app.loading": "Loading…",
	"app.skip":    "Skip to content",

	"login.title":      "Sign in",
	"login.subtitle":   "Use the credentials your administrator gave you.",
	"login.name":       "Login",
	"login.password":   "Password",
	"login.submit":     "Sign in",
	"login.busy":       "Signing in…",
	"login.locked":     "Sign-in locked until %s",
	"login.footer":     "Staff only. Every sign-in is recorded in the audit log.",
	"login.lang_label": "Interface language",

	"end.logout":  "You signed out.",
	"end.idle":    "Your session ended after a period of inactivity. Please sign in again.",
	"end.expired": "Your session reached its maximum length. Please sign in again.",
	"end.revoked": "Your session was ended by an administrator or a password change. Please sign in again.",

	"error.bad_request":     "The server did not understand the request. Reload the page and try again.",
	"error.too_large":       "The request is too large.",
	"error.unknown_type":    "The server does not know this command. Reload the page.",
	"error.unauthorized":    "Please sign in.",
	"error.forbidden":       "You do not have permission to do this.",
	"error.bad_credentials": "Wrong login or password.",
	"error.locked":          "Sign-in is temporarily locked after several failed attempts.",
	"error.bad_origin":      "Request refused: it came from another site.",
	"error.not_found":       "Not found.",
	"error.conflict":        "Someone else changed this record. Refresh and try again.",
	"error.validation":      "Please check the highlighted fields.",
	"error.unavailable":     "The server is temporarily unavailable. Try again later.",
	"error.internal":        "Internal server error. Try again later.",
	"error.network":         "Cannot reach the server. Check your connection and try again.",
	"error.offline":         "No connection to the server.",
	"error.unknown":         "Something went wrong. Please try again.",

	"conn.online":     "Connected to the server",
	"conn.connecting": "Connecting to the server…",
	"conn.offline":    "Offline — reconnecting…",

	"update.text":   "A new version of WebTool is available.",
	"update.reload": "Reload",

	"header.menu_show": "Show menu",
	"header.menu_hide": "Hide menu",
	"header.menu":      "Menu",
	"header.lang":      "Language",
	"header.logout":    "Sign out",
	"header.home":      "WebTool — home",

	"nav.title":   "Sections",
	"nav.empty":   "nothing here yet",
	"nav.loading": "Loading sections…",

	"nav.group.outlets":   "Outlets",
	"nav.group.products":  "Products",
	"nav.group.personnel": "Personnel & org structure",
	"nav.group.logistics": "Warehouses & price lists",
	"nav.group.mobile":    "Mobile module",
	"nav.group.documents": "Documents",
	"nav.group.tools":     "Loaders & reports",

	"home.welcome":         "Welcome, %s",
	"home.intro":           "WebTool is where catalog administrators work: outlets, products, personnel, warehouses and price lists, the mobile module and documents. Changes are saved on the server and colleagues see them at once.",
	"home.hint":            "Pick a section in the menu.",
	"home.favorites":       "Favorites",
	"home.favorites_empty": "Catalogs you mark as favorites will appear here.",
	"home.sections":        "Sections",

	"section.soon": "This section is coming soon.",
	"section.back": "Back to home",

	"notfound.title": "Page not found",
	"notfound.text":  "There is no such page. The link may be out of date.",
}
