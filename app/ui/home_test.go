package ui

import (
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/server/api"
)

var favGroups = []api.NavGroup{{Key: "outlets", Items: []api.NavItem{
	{Key: "outlets", Label: api.LocalText{RU: "Торговые точки", EN: "Outlets"}},
	{Key: "local_outlets", Label: api.LocalText{RU: "Локальные точки", EN: "Local outlets"}},
}}}

func TestHomeFavoritesEmpty(t *testing.T) {
	home := &Home{Lang: "ru", Groups: favGroups, Loaded: true, FavsLoaded: true}
	disp := app.NewClientTester(home)
	defer disp.Close()
	page := html(home)
	mustContain(t, page, `id="favorites"`, `id="favorites-empty"`, "Перетащите справочник сюда из панели навигации")
	mustNotContain(t, page, `fav-tile`)
}

func TestHomeFavoritesTiles(t *testing.T) {
	// "gone" is a favorite the navigation no longer offers: not shown.
	home := &Home{Lang: "en", Groups: favGroups, Loaded: true, FavsLoaded: true, Favs: []string{"local_outlets", "gone", "outlets"}}
	disp := app.NewClientTester(home)
	defer disp.Close()
	page := html(home)
	mustContain(t, page, `class="fav-tile"`, `data-key="local_outlets"`, `href="/c/local_outlets"`, "Local outlets",
		`href="/c/outlets"`, `aria-label="Remove “Outlets” from favorites"`, `data-count="2"`)
	mustNotContain(t, page, `id="favorites-empty"`, `data-key="gone"`)
}
