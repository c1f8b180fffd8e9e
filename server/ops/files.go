package ops

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"webtool/server/api"
	"webtool/server/store"
)

// Backup writes a consistent copy of the database file at path to out,
// which must not exist yet. A file a running server holds is refused with
// store.ErrInUse: back it up through the server (BackupURL).
func Backup(path, out string) error {
	instead := "take the backup through it: webtool backup -url http://HOST:PORT -login admin -o " + out +
		" (password in WEBTOOL_PASSWORD or on stdin)"
	return readFile(path, instead, func(db *store.DB) error {
		return writeNew(out, func(w io.Writer) error { return db.Backup(w, nil) })
	})
}

// BackupURL signs in to the server at base (http://host:port) as login and
// writes the consistent copy it streams (api.PathBackup, administrators
// only) to out, which must not exist yet. It returns the copy's size.
func BackupURL(ctx context.Context, base, login, password, out string) (int64, error) {
	if err := absent(out); err != nil {
		return 0, err // before the server sends a copy for nothing
	}
	base = strings.TrimRight(base, "/")
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	body, _ := json.Marshal(api.LoginRequest{Login: login, Password: password})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+api.PathLogin, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("sign in to %s: %w", base, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return 0, fmt.Errorf("sign in to %s: %w", base, err)
	}
	err = replyError(resp)
	resp.Body.Close()
	if err != nil {
		return 0, fmt.Errorf("sign in to %s as %s: %w", base, login, err)
	}
	defer func() {
		if req, err := http.NewRequestWithContext(context.WithoutCancel(ctx), http.MethodPost, base+api.PathLogout, nil); err == nil {
			if resp, err := c.Do(req); err == nil {
				resp.Body.Close()
			}
		}
	}()
	if req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+api.PathBackup, nil); err != nil {
		return 0, err
	}
	if resp, err = c.Do(req); err != nil {
		return 0, fmt.Errorf("back up through %s: %w", base, err)
	}
	defer resp.Body.Close()
	if err := replyError(resp); err != nil {
		return 0, fmt.Errorf("back up through %s: %w", base, err)
	}
	var n int64
	err = writeNew(out, func(w io.Writer) (err error) {
		if n, err = io.Copy(w, resp.Body); err == nil && resp.ContentLength >= 0 && n != resp.ContentLength {
			err = fmt.Errorf("the copy ended after %d of %d bytes", n, resp.ContentLength)
		}
		return err
	})
	return n, err
}

// replyError turns a server's refusal into an error with its message.
func replyError(resp *http.Response) error {
	if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	var e api.Error
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if json.Unmarshal(raw, &e) != nil || e.Code == "" {
		return fmt.Errorf("the server answered %s", resp.Status)
	}
	return fmt.Errorf("the server answered %s: %s (%s)", resp.Status, e.Message, e.Code)
}

// Restore replaces the database file at path with the backup from. It
// checks the backup first and refuses one that fails the check, and
// refuses while a server holds path. The backup is copied beside path and
// renamed over it, so path is at every moment either the old file or the
// whole new one; the old file stays as kept (path + ".bak-" + the time).
// PINs in the backup open only with the key file that sealed them.
func Restore(from, path string, now time.Time) (kept string, err error) {
	rep, err := Check(from, "")
	if err != nil {
		return "", fmt.Errorf("check the backup %s: %w", from, err)
	}
	if !rep.OK() {
		return "", fmt.Errorf("the backup %s fails the check, nothing was changed: %s", from, rep.Summary(5))
	}
	if busy, err := store.InUse(path, lockWait); err != nil {
		return "", err
	} else if busy {
		return "", fmt.Errorf("%w: a running server holds %s; stop it, restore, then start it again", store.ErrInUse, path)
	}
	src, err := os.Open(from)
	if err != nil {
		return "", err
	}
	defer src.Close()
	tmp, err := writeTemp(path, func(w io.Writer) error { _, err := io.Copy(w, src); return err })
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp) // gone already once renamed
	if _, err := os.Stat(path); err == nil {
		kept = path + ".bak-" + now.Format("20060102-150405")
		if err := keep(path, kept); err != nil {
			return "", fmt.Errorf("keep the old %s as %s: %w", path, kept, err)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", fmt.Errorf("restore %s: %w", path, err)
	}
	syncDir(path)
	return kept, nil
}

// keep makes a copy of path at kept without ever removing path: a hard
// link where the file system has them, else a copy.
func keep(path, kept string) error {
	if os.Link(path, kept) == nil {
		return nil
	}
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	return writeNew(kept, func(w io.Writer) error { _, err := io.Copy(w, src); return err })
}

// Compact writes a compacted copy of the database file at path to out
// (which must not exist): the same records without the free pages. The
// file must not be in use; to compact a running server's store, compact
// a hot backup and restore the result.
func Compact(path, out string) error {
	instead := "stop it first, or compact a hot backup " +
		"(webtool backup -url http://HOST:PORT -o COPY; webtool compact -db COPY -o " + out + ")"
	return readFile(path, instead, func(db *store.DB) error { return db.Compact(out) })
}

// readFile opens the database file at path read-only for fn. A file a
// running server holds is refused with store.ErrInUse and what to do
// instead.
func readFile(path, instead string, fn func(*store.DB) error) error {
	db, err := store.Open(path, store.Options{ReadOnly: true, Timeout: lockWait})
	if errors.Is(err, store.ErrInUse) {
		return fmt.Errorf("%w: a running server holds %s; %s", err, path, instead)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

// writeNew writes a new file out (mode 0600) through a temporary file
// beside it, so out never exists half written; an existing out is refused.
func writeNew(out string, fill func(io.Writer) error) error {
	if err := absent(out); err != nil {
		return err
	}
	tmp, err := writeTemp(out, fill)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", out, err)
	}
	syncDir(out)
	return nil
}

// absent refuses an out that exists: a command never overwrites a file.
func absent(out string) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s exists; name a new file", out)
	}
	return nil
}

// writeTemp writes fill's output to a new temporary file in the folder of
// path, synced to disk, and returns its name.
func writeTemp(path string, fill func(io.Writer) error) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("write beside %s: %w", path, err)
	}
	err = fill(f)
	if serr := f.Sync(); err == nil {
		err = serr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return f.Name(), nil
}

// syncDir makes a rename in path's folder durable where the system can
// (not Windows); the rename stands either way.
func syncDir(path string) {
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
}

// size formats a byte count for messages.
func size(n int64) string {
	switch {
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', 1, 64) + " GiB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
