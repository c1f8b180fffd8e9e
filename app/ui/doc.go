// Package ui is the browser UI: go-app components, one per file. Root is
// the one routed component and owns the session (a state.Model) and the
// link to the server; screens (CatalogPage, Home) own their state, and
// their I/O goes through ask; the parts they render are presentational
// components with exported fields for data and callbacks. Logic lives in
// app/state.
//
// # States for browser tests
//
// The e2e tests wait on these attributes instead of sleeping. Each "rev" is
// a counter that grows by one every time a reply has been applied, and it
// is in the DOM in the same render as what the reply brought, so "rev went
// past the value read before the action" means "the answer is on screen".
//
//	body[data-pending]          requests sent and not yet handled and
//	                            rendered (socket requests, the export
//	                            download); 0 when idle. Set outside go-app's
//	                            tree, right after the frame that renders
//	                            the last reply.
//	#catalog[data-catalog]      the catalog on screen.
//	#catalog[data-changes]      change pushes heard for it (another tab's
//	                            save has arrived when this grows).
//	#grid[data-rev]             query replies applied to the grid (rows and
//	                            total; in a tree also levels and the count).
//	#grid[data-search]          the quick search the rows were asked with
//	                            (typing is debounced: wait for this).
//	#grid[data-cols]            the visible columns, in order, comma-joined
//	                            (after hide, move, resize, chooser).
//	#grid[data-first]           the first row rendered (after a scroll).
//	#grid[data-total]           the record count; data-loading: rows in
//	                            view still loading; data-mode: list|tree.
//	#totals[data-rev]           totals replies applied;
//	                            .total-cell[data-field][data-fn] a column's
//	                            function, chosen in #total-fn-<field>.
//	.picker[data-value]         a picker's picked id (a Pick's text); its
//	                            list #<input id>-list[data-placement] (below
//	                            or above the input, placed by popup.go) has
//	                            .picker-option[data-id] with .picker-label
//	                            and .picker-detail (code · owner · detail).
//	#grid-<catalog>, #totals-<catalog>
//	                            a child catalog's tab on a card: the same
//	                            attributes (its search: #child-search-<catalog>).
//	#filter-form[data-rev]      lookups of the form's choices applied
//	                            (references and users).
//	#view-list[data-rev]        view lists applied (loaded, saved, deleted,
//	                            default changed); #view-menu[data-view] is
//	                            the current view ("" for the form settings),
//	                            #view-menu[data-modified] "view" or
//	                            "settings" when the list differs from it,
//	                            "" when not.
//	#idle[data-warn-at]         when the idle warning shows and the session
//	                            ends ([data-ends-at]) if nothing happens (Unix
//	                            ms; they move with every action); [data-
//	                            warning] whether #idle-dialog shows;
//	                            [data-pings] pings sent for actions.
//	.date-field                 a date typed in the UI's language (#<id>);
//	                            its calendar #<id>-calendar[data-month] has
//	                            .cal-day[data-day="2026-11-23"].
//	#card[data-rev]             records the card has shown from the server:
//	                            a load, or the reply of a save, delete or
//	                            restore, or the current version read after
//	                            a stale save; #card[data-id], [data-mode].
//	.field-error[data-field][data-code]
//	                            a field's (or cell's, "people.0.person")
//	                            error; always in the page, hidden and with
//	                            an empty data-code while the field is fine.
//	#card-errors[data-count]    after a refused save: how many fields need
//	                            attention; .card-error-link[data-field]
//	                            jumps to one.
//	#card-draft                 a draft kept in the browser is offered
//	                            back (#card-draft-restore, -discard).
//	#card-conflict[data-fields] a stale save: the fields the other user
//	                            changed (rows #card-conflict-fields
//	                            tr[data-field]); #card-keep-mine,
//	                            #card-reload ("take theirs").
//	#favorites[data-rev]        favorites lists applied (loaded, pushed from
//	                            another tab, saved).
//	.toast[data-code]           a notification (saved, exported,
//	                            settings_saved, view_saved, an error code).
//	#password-set[data-state]   the page a set-password link opens:
//	                            checking|ready|invalid|saving|done|error
//	                            (#password-set-message[data-code] says why:
//	                            link_invalid, rate_limited, network).
//	#password-meter[data-score] the strength meter's score 0..4 for the
//	                            value now in the field ("" until rated);
//	                            [data-state] empty|short|long|waiting|
//	                            rated|failed, [data-problem] a field code.
//	#password-forgot[data-state]
//	                            the forgot-password form: ready|sending|
//	                            sent.
//	#account-password-form[data-rev]
//	                            password change replies applied ([data-
//	                            state] ready|saving); errors are
//	                            #account-<current|new|repeat>-error
//	                            .field-error[data-code].
//	#sessions[data-rev]         one's session lists applied (loaded, one
//	                            or all others ended, a password change);
//	                            [data-count]; .session-row[data-id]
//	                            [data-current], .session-end[data-id],
//	                            #sessions-end-others.
//	#admin-users[data-rev]      users lists applied (the search, the status
//	                            and role filters, a refresh after a write);
//	                            [data-count] users shown, [data-search] the
//	                            search they were asked with (typing is
//	                            debounced), [data-open] the open card's
//	                            login; rows tr[data-login] with the link
//	                            #user-row-N.
//	#user-card[data-rev]        users the card has shown from the server (a
//	                            load, the reply of a save or an action);
//	                            [data-login], [data-mode] view|edit; fields
//	                            #user-f-<login|name|email|phone>,
//	                            #user-role-<key>, the picker #user-sync,
//	                            errors .field-error#err-user-<field>;
//	                            #user-<deactivate|reactivate|unlock|
//	                            sign-out|reset>, #user-save, #user-edit;
//	                            #user-card-banner[data-code] (conflict,
//	                            last_admin), #user-mail-error.
//	#link-dialog                a set-password link shown once: #link-url
//	                            (its value), #link-copy, #link-close.
//	#user-sessions[data-rev]    the card's sessions replies; [data-count],
//	                            tr[data-id], .session-end[data-id],
//	                            #user-sessions-end-all.
//	#user-rights[data-rev]      effective rights replies applied;
//	                            #rights-catalogs tr[data-catalog]
//	                            [data-level], #rights-special
//	                            tr[data-right][data-held], #rights-scope
//	                            [data-scope] all|points|none.
//	#admin-roles[data-rev]      roles lists applied; [data-open] the open
//	                            role's key; rows tr[data-key].
//	#role-editor[data-rev]      roles the editor has shown from the server;
//	                            [data-key], [data-builtin], [data-dirty];
//	                            #role-matrix tr[data-catalog][data-level]
//	                            [data-default] with radios
//	                            #lvl-<catalog>-<level>; rights
//	                            #right-<key with . as ->; #role-save,
//	                            #role-copy, #role-delete,
//	                            #role-editor-banner[data-code].
//
// A typical wait: read #grid[data-rev], act, then wait until it is larger
// and body[data-pending] is 0.
package ui
