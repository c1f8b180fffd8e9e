package server

import (
	"net/url"

	"webtool/server/access"
	"webtool/server/admin"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/catalog"
)

// Administration over the socket: users, roles, effective rights,
// sessions and one's own password. The admin service decides and writes;
// what must follow its commit (sockets to close, tabs whose rights
// changed) comes back as an admin.Effect and is done here.

// principal is what user may do now, by the roles as the book has them.
func (s *Server) principal(u auth.User) access.Principal {
	return s.roles.Principal(u.Login, u.Roles, u.SyncPoints)
}

// linkURL is the address a set-password link opens.
func (s *Server) linkURL(token string) string {
	base := "http://localhost"
	if b := s.base.Load(); b != nil {
		base = *b
	}
	return base + api.PagePasswordSet + "?token=" + url.QueryEscape(token)
}

// distributorRefs names the distributors a user may be given as sync
// points.
type distributorRefs struct{ cat *catalog.Service }

func (d distributorRefs) Ref(id string) (api.Ref, bool) { return d.cat.Ref("distributors", id) }

// apply does what a committed administration change asks for.
func (s *Server) apply(e admin.Effect) {
	reason := e.Reason
	if reason == "" {
		reason = api.EndRevoked
	}
	for _, id := range e.Ended {
		s.hub.endSession(id, reason)
	}
	if len(e.Rights) > 0 {
		s.hub.rightsChanged(e.Rights)
	}
}

func (s *Server) onRoles(r request, _ noData) (api.Roles, error) { return s.admin.Roles(r.principal) }

func (s *Server) onRoleSave(r request, req api.RoleSave) (api.Role, error) {
	out, e, err := s.admin.SaveRole(r.principal, r.conn.addr, req)
	s.apply(e)
	return out, err
}

func (s *Server) onRoleDelete(r request, req api.RoleRef) (api.Roles, error) {
	out, e, err := s.admin.DeleteRole(r.principal, r.conn.addr, req.Key)
	s.apply(e)
	return out, err
}

func (s *Server) onUsers(r request, req api.UsersRequest) (api.Users, error) {
	return s.admin.Users(r.principal, req)
}

func (s *Server) onUserGet(r request, req api.UserRef) (api.AdminUser, error) {
	return s.admin.User(r.principal, req.Login)
}

func (s *Server) onUserSave(r request, req api.UserSave) (api.UserSaved, error) {
	out, e, err := s.admin.SaveUser(r.principal, r.conn.addr, req)
	s.apply(e)
	return out, err
}

func (s *Server) onUserAction(r request, req api.UserAction) (api.UserSaved, error) {
	out, e, err := s.admin.Act(r.principal, r.conn.addr, req)
	s.apply(e)
	return out, err
}

func (s *Server) onEffective(r request, req api.UserRef) (api.EffectiveRights, error) {
	return s.admin.Effective(r.principal, req.Login)
}

func (s *Server) onSessions(r request, req api.SessionsRequest) (api.Sessions, error) {
	return s.admin.Sessions(r.principal, r.conn.session, req)
}

func (s *Server) onSessionEnd(r request, req api.SessionEnd) (api.Sessions, error) {
	out, e, err := s.admin.EndSessions(r.principal, r.conn.session, r.conn.addr, req)
	s.apply(e)
	return out, err
}

// onPasswordChange sets the user's own password; their other sessions end
// and this one stays.
func (s *Server) onPasswordChange(r request, req api.PasswordChange) (api.Sessions, error) {
	ended, err := s.auth.ChangePassword(r.conn.session, req.Current, req.New, r.conn.addr)
	if err != nil {
		return api.Sessions{}, err
	}
	s.apply(admin.Effect{Ended: ended, Reason: api.EndRevoked})
	return s.admin.Sessions(r.principal, r.conn.session, api.SessionsRequest{})
}
