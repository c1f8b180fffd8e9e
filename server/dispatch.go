package server

import (
	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/catalog"
)

// handler answers one websocket message type.
type handler func(s *Server, r request) (reply, error)

// handlers maps every message type the server knows to its handler.
var handlers = map[string]handler{
	api.TypeHello: (*Server).hello,
	api.TypePing: func(*Server, request) (reply, error) {
		return reply{Type: api.TypePong}, nil
	},
	api.TypeCatalogs: func(s *Server, r request) (reply, error) {
		return reply{Type: api.TypeCatalogs, Data: api.Catalogs{Catalogs: s.catalog.Describe(r.principal)}}, nil
	},
	api.TypeQuery: func(s *Server, r request) (reply, error) {
		var req api.QueryRequest
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.catalog.Query(r.conn.ctx, r.principal, req)
		return reply{Type: api.TypeQuery, Data: out}, err
	},
	api.TypeGet: func(s *Server, r request) (reply, error) {
		var req api.GetRequest
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.catalog.Get(r.principal, req.Catalog, req.ID)
		return reply{Type: api.TypeGet, Data: out}, err
	},
	api.TypeNew: func(s *Server, r request) (reply, error) {
		var req api.NewRequest
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.catalog.New(r.principal, req)
		return reply{Type: api.TypeNew, Data: out}, err
	},
	api.TypeSave: func(s *Server, r request) (reply, error) {
		var req api.SaveRequest
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.catalog.Save(r.principal, r.conn.addr, req)
		return reply{Type: api.TypeSave, Data: out}, err
	},
	api.TypeDelete: func(s *Server, r request) (reply, error) {
		return s.setDeleted(r, (*catalog.Service).Delete, api.TypeDelete)
	},
	api.TypeRestore: func(s *Server, r request) (reply, error) {
		return s.setDeleted(r, (*catalog.Service).Restore, api.TypeRestore)
	},
	api.TypePinGenerate: func(s *Server, r request) (reply, error) {
		var req api.PinGenerateRequest
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.catalog.PinGenerate(r.principal, r.conn.addr, req)
		return reply{Type: api.TypePinGenerate, Data: out}, err
	},
	api.TypePinReveal: func(s *Server, r request) (reply, error) {
		var req api.PinRevealRequest
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.catalog.PinReveal(r.principal, r.conn.addr, req)
		return reply{Type: api.TypePinReveal, Data: out}, err
	},
	api.TypeHistory: func(s *Server, r request) (reply, error) {
		var req api.HistoryRequest
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.catalog.History(r.principal, req)
		return reply{Type: api.TypeHistory, Data: out}, err
	},
	api.TypeTotals: func(s *Server, r request) (reply, error) {
		var req api.TotalsRequest
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.catalog.Totals(r.principal, req)
		return reply{Type: api.TypeTotals, Data: out}, err
	},
	api.TypeLookup: func(s *Server, r request) (reply, error) {
		var req api.LookupRequest
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.catalog.Lookup(r.principal, req)
		return reply{Type: api.TypeLookup, Data: out}, err
	},
	api.TypeSettings: func(s *Server, r request) (reply, error) {
		var req api.SettingsRequest
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.views.Settings(r.principal, req.Catalog)
		return reply{Type: api.TypeSettings, Data: out}, err
	},
	api.TypeSettingsSave: func(s *Server, r request) (reply, error) {
		var req api.FormSettings
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.views.SaveSettings(r.principal, r.conn.addr, req)
		if err == nil {
			s.hub.pushTo(r.conn, sameUser(r.user.Login), api.TypeSettingsChanged, out)
		}
		return reply{Type: api.TypeSettingsSave, Data: out}, err
	},
	api.TypeSettingsReset: func(s *Server, r request) (reply, error) {
		var req api.SettingsRequest
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.views.ResetSettings(r.principal, r.conn.addr, req.Catalog)
		if err == nil {
			s.hub.pushTo(r.conn, sameUser(r.user.Login), api.TypeSettingsChanged, out)
		}
		return reply{Type: api.TypeSettingsReset, Data: out}, err
	},
	api.TypeViews: func(s *Server, r request) (reply, error) {
		var req api.SettingsRequest
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.views.Views(r.principal, req.Catalog)
		return reply{Type: api.TypeViews, Data: out}, err
	},
	api.TypeViewSave: func(s *Server, r request) (reply, error) {
		var req api.ViewSave
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.views.SaveView(r.principal, r.conn.addr, req)
		s.viewsChanged(r, req.Catalog, err)
		return reply{Type: api.TypeViewSave, Data: out}, err
	},
	api.TypeViewDelete: func(s *Server, r request) (reply, error) {
		var req api.ViewRef
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.views.DeleteView(r.principal, r.conn.addr, req.ID)
		s.viewsChanged(r, out.Catalog, err)
		return reply{Type: api.TypeViewDelete, Data: out}, err
	},
	api.TypeViewDefault: func(s *Server, r request) (reply, error) {
		var req api.ViewDefault
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.views.SetDefault(r.principal, r.conn.addr, req.Catalog, req.ID)
		s.viewsChanged(r, req.Catalog, err)
		return reply{Type: api.TypeViewDefault, Data: out}, err
	},
	api.TypeViewShare: func(s *Server, r request) (reply, error) {
		var req api.ViewShare
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.views.Share(r.principal, r.conn.addr, req.ID, req.Roles)
		s.viewsChanged(r, out.Catalog, err)
		return reply{Type: api.TypeViewShare, Data: out}, err
	},
	api.TypeFavorites: func(s *Server, r request) (reply, error) {
		out, err := s.views.Favorites(r.principal)
		return reply{Type: api.TypeFavorites, Data: out}, err
	},
	api.TypeFavoritesSave: func(s *Server, r request) (reply, error) {
		var req api.Favorites
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		out, err := s.views.SaveFavorites(r.principal, r.conn.addr, req)
		if err == nil {
			s.hub.pushTo(r.conn, sameUser(r.user.Login), api.TypeFavoritesChanged, out)
		}
		return reply{Type: api.TypeFavoritesSave, Data: out}, err
	},
	api.TypeWatch: func(s *Server, r request) (reply, error) {
		var req api.WatchRequest
		if err := r.decode(&req); err != nil {
			return reply{}, err
		}
		if len(req.Catalogs) > 20 {
			return reply{}, api.Errorf(api.CodeBadRequest, "watch at most 20 catalogs")
		}
		w := map[string]bool{}
		for _, c := range req.Catalogs {
			w[c] = true
		}
		r.conn.mu.Lock()
		r.conn.watching = w
		r.conn.mu.Unlock()
		return reply{Type: api.TypeWatch, Data: struct{}{}}, nil
	},
}

func (s *Server) setDeleted(r request, op func(*catalog.Service, access.Principal, string, api.RecordRef) (api.Record, error), typ string) (reply, error) {
	var req api.RecordRef
	if err := r.decode(&req); err != nil {
		return reply{}, err
	}
	out, err := op(s.catalog, r.principal, r.conn.addr, req)
	return reply{Type: typ, Data: out}, err
}

func (s *Server) hello(r request) (reply, error) {
	return reply{Type: api.TypeHello, Data: api.Hello{
		User:       api.User{Login: r.user.Login, Name: r.user.Name, Roles: r.user.Roles},
		Navigation: s.catalog.Navigation(r.principal, catalog.Groups),
		Version:    s.static.version,
	}}, nil
}

// sameUser selects the sockets of one login (the user's other tabs).
func sameUser(login string) func(*conn) bool {
	return func(c *conn) bool { return c.user.Login == login }
}

// viewsChanged tells the other sockets that may see a catalog that its
// views changed, so open view menus refresh.
func (s *Server) viewsChanged(r request, catalogKey string, err error) {
	if err != nil || catalogKey == "" {
		return
	}
	s.hub.pushTo(r.conn, func(c *conn) bool {
		return access.NewPrincipal(c.user.Login, c.user.Roles, c.user.SyncPoints).Can(catalogKey, access.Read)
	}, api.TypeViewsChanged, api.SettingsRequest{Catalog: catalogKey})
}
