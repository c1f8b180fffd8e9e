package views

import "webtool/server/api"

// builtins returns the built-in views of one catalog, as its description
// declares them (catalog.Def.Views). Their ids, "builtin:<catalog>:<key>",
// are what users' defaults and links keep.
func (s *Service) builtins(catalog string) []api.View {
	d := s.cat.Def(catalog)
	if d == nil {
		return nil
	}
	out := make([]api.View, len(d.Views))
	for i, v := range d.Views {
		out[i] = api.View{ID: builtinPrefix + catalog + ":" + v.Key, Catalog: catalog, BuiltIn: true,
			Name: v.Label.RU, Label: v.Label, Layout: v.Layout}
	}
	return out
}
