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
//	#totals[data-rev]           totals replies applied.
//	#grid-<catalog>, #totals-<catalog>
//	                            a child catalog's tab on a card: the same
//	                            attributes (its search: #child-search-<catalog>).
//	#filter-form[data-rev]      lookups of the form's choices applied
//	                            (references and users).
//	#view-list[data-rev]        view lists applied (loaded, saved, deleted,
//	                            default changed); #view-menu[data-view] is
//	                            the current view.
//	#card[data-rev]             records the card has shown from the server:
//	                            a load, or the reply of a save, delete or
//	                            restore; #card[data-id], [data-mode].
//	#favorites[data-rev]        favorites lists applied (loaded, pushed from
//	                            another tab, saved).
//	.toast[data-code]           a notification (saved, exported,
//	                            settings_saved, view_saved, an error code).
//
// A typical wait: read #grid[data-rev], act, then wait until it is larger
// and body[data-pending] is 0.
package ui
