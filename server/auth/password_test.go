package auth

import (
	"errors"
	"testing"
	"time"

	"webtool/server/api"
	"webtool/server/store"
	"webtool/server/store/storetest"
)

// With the hasher's queue full, a sign-in is answered busy at once: it
// neither waits nor counts against the name.
func TestFullHasherQueueAnswersBusy(t *testing.T) {
	db := storetest.MustOpen(t)
	h := NewHasher(Params{MemoryKiB: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, 1)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	svc := NewService(db, h, Config{Lockout: Lockout{Attempts: 3, Window: time.Minute}, SessionIdle: time.Hour, SessionMax: time.Hour},
		func() time.Time { return now })
	if _, err := svc.CreateUser(NewUser{Login: "ivanova", Password: "correct horse"}, "test", ""); err != nil {
		t.Fatal(err)
	}
	for range cap(h.admitted) {
		h.admitted <- struct{}{}
	}
	for range 5 {
		_, _, _, err := svc.Login("ivanova", "wrong password", "10.0.0.1", "")
		var e *api.Error
		if !errors.As(err, &e) || e.Code != api.CodeBusy || e.Until == nil || !e.Until.After(now) {
			t.Fatalf("sign-in with a full queue: %v, want busy with until", err)
		}
	}
	if _, err := h.Hash("any password"); !errors.Is(err, ErrBusy) {
		t.Fatalf("Hash with a full queue: %v, want ErrBusy", err)
	}
	var c Counter
	db.View(func(tx *store.Tx) error { _, err := tx.Get(store.LoginAttempts, "ivanova", &c); return err })
	if c.Failures != 0 {
		t.Fatalf("busy answers counted %d failures", c.Failures)
	}
	for range cap(h.admitted) {
		<-h.admitted
	}
	if _, _, _, err := svc.Login("ivanova", "correct horse", "10.0.0.1", ""); err != nil {
		t.Fatalf("after the queue drained: %v", err)
	}
}
