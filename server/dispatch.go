package server

import "webtool/server/api"

// handler answers one websocket message type.
type handler func(s *Server, r request) (reply, error)

// handlers maps every message type the server knows to its handler.
var handlers = map[string]handler{
	api.TypeHello: (*Server).hello,
	api.TypePing: func(*Server, request) (reply, error) {
		return reply{Type: api.TypePong}, nil
	},
}

func (s *Server) hello(r request) (reply, error) {
	return reply{Type: api.TypeHello, Data: api.Hello{
		User:       api.User{Login: r.user.Login, Name: r.user.Name, Roles: r.user.Roles},
		Navigation: navigation(),
		Version:    s.static.version,
	}}, nil
}

// navigation lists the groups of the navigation panel. The catalogs that
// fill them come with the catalog engine.
func navigation() []api.NavGroup {
	keys := []string{"outlets", "products", "personnel", "logistics", "mobile", "documents", "tools"}
	groups := make([]api.NavGroup, len(keys))
	for i, k := range keys {
		groups[i] = api.NavGroup{Key: k, Items: []api.NavItem{}}
	}
	return groups
}
