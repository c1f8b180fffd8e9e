package api

import "time"

// Administration: users, roles and rights, passwords, sessions.
//
// Rights are data: a role grants a level per catalog (LevelNone … LevelDelete)
// and a set of special rights (Right*). Each special right has a tier
// (RightInfo.Tier): "high" rights (users, roles, passwords) need the
// administrator; "medium" ones are catalog settings (shared views); vendor
// support staff, added later, may never hold a high one.

// Right levels in one catalog, each including the ones before it.
const (
	LevelNone   = "none"
	LevelRead   = "read"
	LevelEdit   = "edit"
	LevelCreate = "create"
	LevelDelete = "delete"
)

// Levels lists the levels in order.
var Levels = []string{LevelNone, LevelRead, LevelEdit, LevelCreate, LevelDelete}

// Special rights. Loaders and reports add one right each, named
// RightLoaderPrefix + key and RightReportPrefix + key, listed by the server
// in Roles.Rights.
const (
	RightExport       = "export"        // export lists to files
	RightPinGenerate  = "pins.generate" // generate (issue) MM users' PIN codes
	RightPinReveal    = "pins.reveal"   // read out an issued PIN again
	RightViewsShare   = "views.share"   // share views with roles (catalog settings)
	RightAuditView    = "audit.view"    // read the audit log
	RightAdminUsers   = "admin.users"   // add, change, deactivate users; start password resets; end their sessions
	RightAdminRoles   = "admin.roles"   // edit roles and rights
	RightLoaderPrefix = "loader."
	RightReportPrefix = "report."
)

// Tiers of rights (the vendor rules' importance of a setting).
const (
	TierNormal = "normal"
	TierMedium = "medium"
	TierHigh   = "high"
)

// RightInfo describes one special right. Group sorts it on the role
// editor: "data", "settings", "loaders", "reports", "admin".
type RightInfo struct {
	Key   string    `json:"key"`
	Label LocalText `json:"label"`
	Tier  string    `json:"tier"`
	Group string    `json:"group"`
}

// Role is a named set of rights. Built-in roles (admin, key_user, viewer)
// cannot be changed or deleted, only copied.
type Role struct {
	Key     string    `json:"key"` // [a-z0-9_]{2,32}, fixed once created
	Label   LocalText `json:"label"`
	BuiltIn bool      `json:"builtIn,omitempty"`
	// Default is the level in every catalog not in Catalogs.
	Default  string            `json:"default"`
	Catalogs map[string]string `json:"catalogs,omitempty"`
	Rights   []string          `json:"rights,omitempty"`
	// AllSyncPoints lifts the row scope: holders see every distributor.
	AllSyncPoints bool `json:"allSyncPoints,omitempty"`
	// Users is how many users hold the role (read only).
	Users   int    `json:"users"`
	Version uint64 `json:"version,omitempty"`
}

// RoleCatalog is a catalog as the role editor lists it: Max is the highest
// level any role can give there (read for catalogs changed only by loaders).
type RoleCatalog struct {
	Key   string    `json:"key"`
	Label LocalText `json:"label"`
	Group string    `json:"group"`
	Max   string    `json:"max"`
}

// Roles is the reply to TypeRoles: every role, and what a role can grant.
type Roles struct {
	Roles    []Role        `json:"roles"`
	Rights   []RightInfo   `json:"rights"`
	Catalogs []RoleCatalog `json:"catalogs"`
}

// RoleSave creates (New) or changes a role; Based is the version it was
// read at (a stale save is refused conflict). Reply: Role.
type RoleSave struct {
	Role  Role   `json:"role"`
	New   bool   `json:"new,omitempty"`
	Based uint64 `json:"based,omitempty"`
}

// RoleRef names a role (TypeRoleDelete; reply: Roles). A role some user
// holds is refused in_use.
type RoleRef struct {
	Key string `json:"key"`
}

// User statuses.
const (
	UserActive      = "active"
	UserDeactivated = "deactivated"
)

// AdminUser is a user as administrators see and edit one. Created,
// LastSignIn, LockedUntil, HasPassword and Version are read only.
type AdminUser struct {
	Login      string     `json:"login"` // fixed once created
	Name       string     `json:"name"`
	Email      string     `json:"email,omitempty"`
	Phone      string     `json:"phone,omitempty"`
	Roles      []string   `json:"roles"`
	SyncPoints []Ref      `json:"syncPoints,omitempty"` // distributors: ID, Label (title), Info (code)
	Status     string     `json:"status"`
	Created    time.Time  `json:"created"`
	LastSignIn *time.Time `json:"lastSignIn,omitempty"`
	// LockedUntil is set while failed sign-ins lock the login.
	LockedUntil *time.Time `json:"lockedUntil,omitempty"`
	// HasPassword is false until the user has set one through the link.
	HasPassword bool   `json:"hasPassword"`
	Sessions    int    `json:"sessions"` // live sessions
	Version     uint64 `json:"version,omitempty"`
}

// Ref names a record of another catalog (a user's sync point).
type Ref struct {
	ID    string `json:"id"`
	Label string `json:"label,omitempty"`
	Code  string `json:"code,omitempty"`
}

// UsersRequest asks for the users (TypeUsers): Search matches login, name,
// e-mail and phone (every word); Status and Role narrow. Reply: Users, sorted
// by login.
type UsersRequest struct {
	Search string `json:"search,omitempty"`
	Status string `json:"status,omitempty"`
	Role   string `json:"role,omitempty"`
}

// Users is the reply to TypeUsers.
type Users struct {
	Users []AdminUser `json:"users"`
}

// UserRef names a user (TypeUserGet → AdminUser; TypeEffectiveRights →
// EffectiveRights).
type UserRef struct {
	Login string `json:"login"`
}

// UserSave creates (New) or changes a user. A new user gets no password:
// the reply carries the set-password link's delivery (UserSaved.Link).
type UserSave struct {
	User  AdminUser `json:"user"`
	New   bool      `json:"new,omitempty"`
	Based uint64    `json:"based,omitempty"`
}

// UserSaved is the reply to TypeUserSave and TypeUserAction.
type UserSaved struct {
	User AdminUser `json:"user"`
	// Link says how a set-password link went out, when one did.
	Link *LinkSent `json:"link,omitempty"`
	// Ended is how many sessions the action ended.
	Ended int `json:"ended,omitempty"`
}

// LinkSent reports a one-time set-password link: mailed to the user's
// e-mail (Mailed), or, with no mail server configured (or no e-mail on
// the user), shown here once (URL) for the administrator to hand over.
type LinkSent struct {
	Mailed    bool      `json:"mailed"`
	To        string    `json:"to,omitempty"`
	URL       string    `json:"url,omitempty"`
	ExpiresAt time.Time `json:"expiresAt"`
	// MailError is why mailing failed (the link was not sent and no longer
	// works; send a new one): a short English cause, never a password.
	MailError string `json:"mailError,omitempty"`
}

// User actions (UserAction.Action).
const (
	ActionDeactivate    = "deactivate" // ends every session at once
	ActionReactivate    = "reactivate"
	ActionUnlock        = "unlock"         // clears the failed-sign-in lock
	ActionSignOut       = "sign_out"       // ends every session
	ActionResetPassword = "reset_password" // sends a one-time set-password link
)

// UserAction is TypeUserAction's request. Reply: UserSaved.
type UserAction struct {
	Login  string `json:"login"`
	Action string `json:"action"`
}

// EffectiveRights is what a user may see and do, and which roles give it.
type EffectiveRights struct {
	User          AdminUser          `json:"user"`
	Catalogs      []EffectiveCatalog `json:"catalogs"` // every catalog, level none included
	Rights        []EffectiveRight   `json:"rights"`   // every right the server knows
	AllSyncPoints bool               `json:"allSyncPoints"`
	// AllFrom names the roles that lift the row scope.
	AllFrom []string `json:"allFrom,omitempty"`
}

// EffectiveCatalog is a user's level in one catalog; From lists the roles
// that give exactly that level (empty for none).
type EffectiveCatalog struct {
	Key   string    `json:"key"`
	Label LocalText `json:"label"`
	Group string    `json:"group"`
	Level string    `json:"level"`
	From  []string  `json:"from,omitempty"`
}

// EffectiveRight is one special right: held when From is not empty.
type EffectiveRight struct {
	RightInfo
	From []string `json:"from,omitempty"`
}

// SessionsRequest asks for the live sessions of Login ("" = one's own;
// another user's needs RightAdminUsers). Reply: Sessions.
type SessionsRequest struct {
	Login string `json:"login,omitempty"`
}

// SessionInfo is one live session. ID is a public handle (not the token's
// hash); Current marks the session asking.
type SessionInfo struct {
	ID       string    `json:"id"`
	Login    string    `json:"login"`
	Browser  string    `json:"browser"` // from the User-Agent, e.g. "Chrome 131 · Linux"
	Addr     string    `json:"addr"`
	SignedIn time.Time `json:"signedIn"`
	LastSeen time.Time `json:"lastSeen"`
	Current  bool      `json:"current,omitempty"`
}

// Sessions is the reply to TypeSessions and TypeSessionEnd.
type Sessions struct {
	Login    string        `json:"login"`
	Sessions []SessionInfo `json:"sessions"`
}

// SessionEnd ends sessions of Login ("" = one's own): the one with ID, or
// with Others every one but the asking session (one's own) / every one
// (another user's). Reply: Sessions (what is left).
type SessionEnd struct {
	Login  string `json:"login,omitempty"`
	ID     string `json:"id,omitempty"`
	Others bool   `json:"others,omitempty"`
}

// PasswordChange is TypePasswordChange: the signed-in user's new password,
// with the current one. The user's other sessions end; this one stays.
// Reply: Sessions (one's own, what is left). A wrong Current is
// bad_credentials (and counts toward the lockout like a failed sign-in).
type PasswordChange struct {
	Current string `json:"current"`
	New     string `json:"new"`
}

// Socket message types of administration.
const (
	TypeRoles          = "roles"            // no data → Roles (RightAdminRoles, or RightAdminUsers to read)
	TypeRoleSave       = "role_save"        // RoleSave → Role
	TypeRoleDelete     = "role_delete"      // RoleRef → Roles
	TypeUsers          = "users"            // UsersRequest → Users
	TypeUserGet        = "user_get"         // UserRef → AdminUser
	TypeUserSave       = "user_save"        // UserSave → UserSaved
	TypeUserAction     = "user_action"      // UserAction → UserSaved
	TypeEffective      = "effective_rights" // UserRef → EffectiveRights
	TypeSessions       = "sessions"         // SessionsRequest → Sessions
	TypeSessionEnd     = "session_end"      // SessionEnd → Sessions
	TypePasswordChange = "password_change"  // PasswordChange → Sessions
	// TypeRightsChanged is pushed to a user's sockets when what they may
	// do changed (their roles, a role they hold, their sync points): the
	// client says hello again and reloads the catalog descriptions, and a
	// screen it may no longer open closes with a message. No data.
	TypeRightsChanged = "rights_changed"
)

// HTTP endpoints of passwords (no session needed; each is rate limited per
// client address like sign-in).
const (
	// PathPasswordForgot: POST PasswordForgot → 202, whatever the login
	// (it never tells whether the account exists or has an e-mail).
	PathPasswordForgot = "/api/password/forgot"
	// PathPasswordLink: POST PasswordLinkCheck → 200 PasswordLinkInfo, or
	// 410 link_invalid (used, expired or unknown: never says which).
	PathPasswordLink = "/api/password/link"
	// PathPasswordSet: POST PasswordSet → 200 LoginReply with the session
	// cookie (the user is signed in), or 410 link_invalid, or 422
	// validation (Fields["password"]).
	PathPasswordSet = "/api/password/set"
	// PathPasswordStrength: POST PasswordStrengthRequest → 200
	// PasswordStrength, for the meter. With Token, the link's user's login
	// and name count as guessable; with the session cookie, the user's.
	PathPasswordStrength = "/api/password/strength"
	// PagePasswordSet is the page a link opens: PagePasswordSet + "?token=…".
	PagePasswordSet = "/password"
)

// PasswordLinkTTL is how long a one-time set-password link works.
const PasswordLinkTTL = 30 * time.Minute

// PasswordForgot is the body of PathPasswordForgot.
type PasswordForgot struct {
	Login string `json:"login"`
}

// PasswordLinkCheck is the body of PathPasswordLink.
type PasswordLinkCheck struct {
	Token string `json:"token"`
}

// PasswordLinkInfo says whose link it is and until when it works.
type PasswordLinkInfo struct {
	Login     string    `json:"login"`
	Name      string    `json:"name"`
	ExpiresAt time.Time `json:"expiresAt"`
	// First is true for a new user's first password.
	First bool `json:"first,omitempty"`
}

// PasswordSet is the body of PathPasswordSet.
type PasswordSet struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

// PasswordStrengthRequest is the body of PathPasswordStrength.
type PasswordStrengthRequest struct {
	Password string `json:"password"`
	Token    string `json:"token,omitempty"`
}

// PasswordStrength rates a password from 0 (guessed at once) to 4 (very
// hard to guess). Problem is the field code a save would refuse it with
// ("" when it would be accepted).
type PasswordStrength struct {
	Score   int  `json:"score"`
	Problem Code `json:"problem,omitempty"`
}
