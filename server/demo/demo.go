// Package demo seeds a store with deterministic demo data, so that a new
// user of `make run` has something to look at and the tests something to
// drive.
package demo

import (
	"errors"
	"fmt"
	"io"

	"webtool/server/auth"
	"webtool/server/store"
)

// Users are the demo accounts besides the administrator.
var Users = []struct{ Login, Name, Role string }{
	{"keyuser", "Ирина Ключева", "key_user"},
	{"viewer", "Павел Смотров", "viewer"},
}

// Seed adds the demo accounts that are missing, printing their password to
// out. Accounts that exist are left alone, so Seed is safe on every start.
func Seed(db *store.DB, svc *auth.Service, out io.Writer) error {
	var password string
	for _, u := range Users {
		if password == "" {
			password = auth.NewPassword()
		}
		_, err := svc.CreateUser(u.Login, u.Name, password, []string{u.Role}, "system", "")
		if errors.Is(err, auth.ErrUserExists) {
			continue
		}
		if err != nil {
			return fmt.Errorf("create demo user %s: %w", u.Login, err)
		}
		fmt.Fprintf(out, "Demo user %-8s (%s) password: %s\n", u.Login, u.Role, password)
	}
	return nil
}
