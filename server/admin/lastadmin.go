package admin

import (
	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/store"
)

// The last administrator: after any change there must remain an active
// user who can administer both users and roles, or nobody could ever undo
// the change. A change is judged inside its transaction, after its writes
// and before the commit, so the count is of the store as it will be.

// admins counts the active users who hold RightAdminUsers and
// RightAdminRoles through their roles in book, as tx sees the users.
func admins(tx *store.Tx, book *access.Book) (int, error) {
	n := 0
	err := auth.ForEachUser(tx, func(u auth.User) error {
		if isAdmin(book, u) {
			n++
		}
		return nil
	})
	return n, err
}

func isAdmin(book *access.Book, u auth.User) bool {
	if u.Disabled {
		return false
	}
	p := book.Principal(u.Login, u.Roles, u.SyncPoints)
	return p.Has(api.RightAdminUsers) && p.Has(api.RightAdminRoles)
}

// keepAdmin refuses the change made in tx when it took the count of
// administrators from before to none with book (the roles as they will be).
// A store that had none (nothing to protect) is let be.
func keepAdmin(tx *store.Tx, book *access.Book, before int) error {
	if before == 0 {
		return nil
	}
	after, err := admins(tx, book)
	if err != nil {
		return err
	}
	if after == 0 {
		return api.Errorf(api.CodeLastAdmin, "this would leave no active user who can administer users and roles")
	}
	return nil
}
