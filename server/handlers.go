package server

import (
	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/catalog"
)

// registry is every message the socket serves, each registered once: its
// type, whether it changes data, the right it needs, and the function that
// answers it with the request decoded into its type. Dispatch (see
// conn.dispatch) enforces what an entry declares, so a handler never checks
// a read-only session itself.
var registry = []entry{
	handle(api.TypeHello, reads, anyone, (*Server).onHello),
	handle(api.TypePing, reads, anyone, (*Server).onPing).replyAs(api.TypePong),
	handle(api.TypeCatalogs, reads, anyone, (*Server).onCatalogs),
	handle(api.TypeWatch, reads, anyone, (*Server).onWatch),
	handle(api.TypeQuery, reads, catalogRead, (*Server).onQuery),
	handle(api.TypeGet, reads, catalogRead, (*Server).onGet),
	handle(api.TypeHistory, reads, catalogRead, (*Server).onHistory),
	handle(api.TypeTotals, reads, catalogRead, (*Server).onTotals),
	handle(api.TypeLookup, reads, catalogRead, (*Server).onLookup),
	handle(api.TypeNew, reads, catalogWrite, (*Server).onNew),
	handle(api.TypeSave, mutates, catalogWrite, (*Server).onSave),
	handle(api.TypeDelete, mutates, catalogWrite, (*Server).onDelete),
	handle(api.TypeRestore, mutates, catalogWrite, (*Server).onRestore),
	handle(api.TypePinGenerate, mutates, catalogWrite, (*Server).onPinGenerate).needs(api.RightPinGenerate),
	handle(api.TypePinReveal, reads, catalogWrite, (*Server).onPinReveal).needs(api.RightPinReveal),
	handle(api.TypeSettings, reads, catalogRead, (*Server).onSettings),
	handle(api.TypeSettingsSave, mutates, catalogRead, (*Server).onSettingsSave),
	handle(api.TypeSettingsReset, mutates, catalogRead, (*Server).onSettingsReset),
	handle(api.TypeViews, reads, catalogRead, (*Server).onViews),
	handle(api.TypeViewSave, mutates, catalogRead, (*Server).onViewSave),
	handle(api.TypeViewDelete, mutates, catalogRead, (*Server).onViewDelete),
	handle(api.TypeViewDefault, mutates, catalogRead, (*Server).onViewDefault),
	handle(api.TypeViewShare, mutates, catalogRead, (*Server).onViewShare).needs(api.RightViewsShare),
	handle(api.TypeFavorites, reads, anyone, (*Server).onFavorites),
	handle(api.TypeFavoritesSave, mutates, anyone, (*Server).onFavoritesSave),

	handle(api.TypeRoles, reads, anyone, (*Server).onRoles).needs(api.RightAdminRoles, api.RightAdminUsers),
	handle(api.TypeRoleSave, mutates, anyone, (*Server).onRoleSave).needs(api.RightAdminRoles),
	handle(api.TypeRoleDelete, mutates, anyone, (*Server).onRoleDelete).needs(api.RightAdminRoles),
	handle(api.TypeUsers, reads, anyone, (*Server).onUsers).needs(api.RightAdminUsers),
	handle(api.TypeUserGet, reads, anyone, (*Server).onUserGet).needs(api.RightAdminUsers),
	handle(api.TypeUserSave, mutates, anyone, (*Server).onUserSave).needs(api.RightAdminUsers),
	handle(api.TypeUserAction, mutates, anyone, (*Server).onUserAction).needs(api.RightAdminUsers),
	// One's own rights and sessions: the service checks the right to
	// another user's.
	handle(api.TypeEffective, reads, anyone, (*Server).onEffective),
	handle(api.TypeSessions, reads, anyone, (*Server).onSessions),
	handle(api.TypeSessionEnd, mutates, anyone, (*Server).onSessionEnd),
	handle(api.TypePasswordChange, mutates, anyone, (*Server).onPasswordChange),
}

// noData is the request of a message that carries none. Whatever data a
// client sends with one is ignored, not refused.
type noData struct{}

func (*noData) UnmarshalJSON([]byte) error { return nil }

func (s *Server) onHello(r request, _ noData) (api.Hello, error) {
	return api.Hello{
		User:       s.apiUser(r.user),
		Navigation: append(s.catalog.Navigation(r.principal, catalog.Groups), adminNavigation(r.principal)...),
		Version:    s.static.version,
	}, nil
}

func (s *Server) onPing(request, noData) (struct{}, error) { return struct{}{}, nil }

func (s *Server) onCatalogs(r request, _ noData) (api.Catalogs, error) {
	return api.Catalogs{Catalogs: s.catalog.Describe(r.principal)}, nil
}

// onWatch sets the catalogs whose changes this socket hears of.
func (s *Server) onWatch(r request, req api.WatchRequest) (struct{}, error) {
	if len(req.Catalogs) > 20 {
		return struct{}{}, api.Errorf(api.CodeBadRequest, "watch at most 20 catalogs")
	}
	w := map[string]bool{}
	for _, c := range req.Catalogs {
		w[c] = true
	}
	r.conn.mu.Lock()
	r.conn.watching = w
	r.conn.mu.Unlock()
	return struct{}{}, nil
}

func (s *Server) onQuery(r request, req api.QueryRequest) (api.QueryReply, error) {
	return s.catalog.Query(r.conn.ctx, r.principal, req)
}

func (s *Server) onGet(r request, req api.GetRequest) (api.Record, error) {
	return s.catalog.Get(r.principal, req.Catalog, req.ID)
}

func (s *Server) onHistory(r request, req api.HistoryRequest) (api.History, error) {
	return s.catalog.History(r.principal, req)
}

func (s *Server) onTotals(r request, req api.TotalsRequest) (api.TotalsReply, error) {
	return s.catalog.Totals(r.principal, req)
}

func (s *Server) onLookup(r request, req api.LookupRequest) (api.LookupReply, error) {
	return s.catalog.Lookup(r.principal, req)
}

// onNew stores nothing, but it is the start of a create: it needs the
// create level, and a read-only session is refused it.
func (s *Server) onNew(r request, req api.NewRequest) (api.Record, error) {
	return s.catalog.New(r.principal, req)
}

func (s *Server) onSave(r request, req api.SaveRequest) (api.Record, error) {
	return s.catalog.Save(r.principal, r.conn.addr, req)
}

func (s *Server) onDelete(r request, req api.RecordRef) (api.Record, error) {
	return s.catalog.Delete(r.principal, r.conn.addr, req)
}

func (s *Server) onRestore(r request, req api.RecordRef) (api.Record, error) {
	return s.catalog.Restore(r.principal, r.conn.addr, req)
}

func (s *Server) onPinGenerate(r request, req api.PinGenerateRequest) (api.PinGenerated, error) {
	return s.catalog.PinGenerate(r.principal, r.conn.addr, req)
}

// onPinReveal changes no record, but it reads out a secret with the edit
// level, so a read-only session is refused it.
func (s *Server) onPinReveal(r request, req api.PinRevealRequest) (api.PinRevealed, error) {
	return s.catalog.PinReveal(r.principal, r.conn.addr, req)
}

func (s *Server) onSettings(r request, req api.SettingsRequest) (api.FormSettings, error) {
	return s.views.Settings(r.principal, req.Catalog)
}

func (s *Server) onSettingsSave(r request, req api.FormSettings) (api.FormSettings, error) {
	out, err := s.views.SaveSettings(r.principal, r.conn.addr, req)
	if err == nil {
		s.hub.pushTo(r.conn, sameUser(r.user.Login), api.TypeSettingsChanged, out)
	}
	return out, err
}

func (s *Server) onSettingsReset(r request, req api.SettingsRequest) (api.FormSettings, error) {
	out, err := s.views.ResetSettings(r.principal, r.conn.addr, req.Catalog)
	if err == nil {
		s.hub.pushTo(r.conn, sameUser(r.user.Login), api.TypeSettingsChanged, out)
	}
	return out, err
}

func (s *Server) onViews(r request, req api.SettingsRequest) (api.Views, error) {
	return s.views.Views(r.principal, req.Catalog)
}

func (s *Server) onViewSave(r request, req api.ViewSave) (api.View, error) {
	out, err := s.views.SaveView(r.principal, r.conn.addr, req)
	s.viewsChanged(r, req.Catalog, err)
	return out, err
}

func (s *Server) onViewDelete(r request, req api.ViewRef) (api.Views, error) {
	out, err := s.views.DeleteView(r.principal, r.conn.addr, req.ID)
	s.viewsChanged(r, out.Catalog, err)
	return out, err
}

func (s *Server) onViewDefault(r request, req api.ViewDefault) (api.Views, error) {
	out, err := s.views.SetDefault(r.principal, r.conn.addr, req.Catalog, req.ID)
	s.viewsChanged(r, req.Catalog, err)
	return out, err
}

func (s *Server) onViewShare(r request, req api.ViewShare) (api.View, error) {
	out, err := s.views.Share(r.principal, r.conn.addr, req.ID, req.Roles)
	s.viewsChanged(r, out.Catalog, err)
	return out, err
}

func (s *Server) onFavorites(r request, _ noData) (api.Favorites, error) {
	return s.views.Favorites(r.principal)
}

func (s *Server) onFavoritesSave(r request, req api.Favorites) (api.Favorites, error) {
	out, err := s.views.SaveFavorites(r.principal, r.conn.addr, req)
	if err == nil {
		s.hub.pushTo(r.conn, sameUser(r.user.Login), api.TypeFavoritesChanged, out)
	}
	return out, err
}

// sameUser selects the sockets of one login (the user's other tabs).
func sameUser(login string) func(*conn) bool {
	return func(c *conn) bool { return c.user.Login == login }
}

// apiUser is the signed-in user as the client knows them.
func (s *Server) apiUser(u auth.User) api.User {
	return api.User{Login: u.Login, Name: u.Name, Roles: u.Roles, Rights: s.principal(u).Rights()}
}

// adminNavigation is the administration group: the screens p may open.
func adminNavigation(p access.Principal) []api.NavGroup {
	var items []api.NavItem
	if p.Has(api.RightAdminUsers) {
		items = append(items, api.NavItem{Key: "users", Label: api.LocalText{RU: "Пользователи", EN: "Users"}, Path: "/admin/users"})
	}
	if p.Has(api.RightAdminRoles) {
		items = append(items, api.NavItem{Key: "roles", Label: api.LocalText{RU: "Роли и права", EN: "Roles and rights"}, Path: "/admin/roles"})
	}
	if len(items) == 0 {
		return nil
	}
	return []api.NavGroup{{Key: "admin", Items: items}}
}

// viewsChanged tells the other sockets that may see a catalog that its
// views changed, so open view menus refresh.
func (s *Server) viewsChanged(r request, catalogKey string, err error) {
	if err != nil || catalogKey == "" {
		return
	}
	s.hub.pushTo(r.conn, func(c *conn) bool {
		return c.principal().Can(catalogKey, access.Read)
	}, api.TypeViewsChanged, api.SettingsRequest{Catalog: catalogKey})
}
