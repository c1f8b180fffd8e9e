package ops

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"webtool/server/pin"
	"webtool/server/store"
)

// Env is what a command reads and writes besides its flags.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time
}

// command is one subcommand: its one-line summary and its body, which
// gets its own flag set to fill and parse.
type command struct {
	summary string
	run     func(fs *flag.FlagSet, args []string, env Env) error
}

var commands = map[string]command{
	"check":   {"check a database file: its structure, records, audit trail and PIN index", runCheck},
	"backup":  {"write a consistent copy of a database file, offline or hot through a running server", runBackup},
	"restore": {"replace a database file with a checked backup, keeping the old file", runRestore},
	"compact": {"write a compacted copy of a database file, without its free pages", runCompact},
}

// IsCommand reports whether arg names an operator's command (the server
// takes only flags).
func IsCommand(arg string) bool { return arg != "" && !strings.HasPrefix(arg, "-") }

// errFailed is returned by a command that has already said why.
var errFailed = errors.New("failed")

// Run runs the command args[0] with the flags args[1:] and returns the
// exit status: 0 done, 1 failed (or a check found problems), 2 bad usage.
func Run(args []string, env Env) int {
	cmd, ok := commands[args[0]]
	if !ok {
		var names []string
		for n := range commands {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintf(env.Stderr, "webtool: unknown command %q; the commands are %s (webtool COMMAND -h), and the server takes only flags (webtool -h)\n",
			args[0], strings.Join(names, ", "))
		return 2
	}
	fs := flag.NewFlagSet("webtool "+args[0], flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	err := cmd.run(fs, args[1:], env)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errFailed):
		return 1
	}
	fmt.Fprintf(env.Stderr, "webtool %s: %v\n", args[0], err)
	return 1
}

var errUsage = errors.New("usage")

// parse parses args into fs with usage text head; missing lists the
// required flags that are empty after parsing.
func parse(fs *flag.FlagSet, args []string, head string, required ...string) error {
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\nFlags:\n", head)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q (all settings are flags; see -h)\n", fs.Name(), fs.Arg(0))
		return errUsage
	}
	for _, name := range required {
		if fs.Lookup(name).Value.String() == "" {
			fmt.Fprintf(fs.Output(), "%s: -%s is required (see -h)\n", fs.Name(), name)
			return errUsage
		}
	}
	return nil
}

const pinKeyAdvice = "The PIN codes in it open only with the PIN key file (%s): keep a copy of that file " +
	"somewhere else, never beside or inside the database backups; a backup restored without its key brings back no PIN."

func runCheck(fs *flag.FlagSet, args []string, env Env) error {
	db := fs.String("db", store.DefaultPath, "`path` of the database file (or of a backup) to check")
	key := fs.String("pin-key", "", "`file` of the PIN key: also check that it opens the store's PIN codes")
	if err := parse(fs, args, "webtool check -db FILE [-pin-key KEYFILE]\n\n"+
		"Checks the file without changing it: bbolt's consistency check, every record decodes,\n"+
		"every index entry points to its record, the audit trail has no holes. Exits 1 if anything is wrong.\n"+
		"A file a running server holds cannot be checked: check a hot backup of it.", "db"); err != nil {
		return err
	}
	rep, err := Check(*db, *key)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Checked %s\n", *db)
	for _, n := range rep.Notes {
		fmt.Fprintf(env.Stdout, "  %s\n", n)
	}
	if rep.OK() {
		fmt.Fprintf(env.Stdout, "OK: no problems found.\n")
		return nil
	}
	fmt.Fprintf(env.Stdout, "DAMAGED: %d problems:\n", len(rep.Problems)+rep.Hidden)
	for _, p := range rep.Problems {
		fmt.Fprintf(env.Stdout, "  - %s\n", p)
	}
	if rep.Hidden > 0 {
		fmt.Fprintf(env.Stdout, "  - and %d more of the same kinds\n", rep.Hidden)
	}
	fmt.Fprintf(env.Stdout, "Restore the last good backup: webtool restore -from BACKUP -db %s (keep the .pinkey file you have).\n", *db)
	return errFailed
}

func runBackup(fs *flag.FlagSet, args []string, env Env) error {
	db := fs.String("db", "", "`path` of a database file no server holds, to copy offline")
	url := fs.String("url", "", "`address` of a running server (http://127.0.0.1:8080) to copy its store hot, as -login")
	login := fs.String("login", "admin", "an administrator's login `name`, with -url; the password comes from WEBTOOL_PASSWORD or stdin")
	out := fs.String("o", "", "`path` of the backup to write (must not exist)")
	if err := parse(fs, args, "webtool backup (-db FILE | -url http://HOST:PORT [-login admin]) -o OUT\n\n"+
		"Writes a consistent copy of the store and checks it. Through a running server (-url) the copy is\n"+
		"taken while it goes on writing. The PIN key file is never part of a backup: keep it apart.", "o"); err != nil {
		return err
	}
	if (*db == "") == (*url == "") {
		fmt.Fprintf(fs.Output(), "%s: give one of -db and -url (see -h)\n", fs.Name())
		return errUsage
	}
	keyPath := "the server's .pinkey file: by default its -db path + \".pinkey\""
	if *db != "" {
		if err := Backup(*db, *out); err != nil {
			return err
		}
		keyPath = *db + ".pinkey, unless the server names another with -pin-key"
	} else {
		password, err := readPassword(env)
		if err != nil {
			return err
		}
		if _, err := BackupURL(context.Background(), *url, *login, password, *out); err != nil {
			return err
		}
	}
	rep, err := Check(*out, "")
	if err != nil {
		return err
	}
	if !rep.OK() {
		return fmt.Errorf("the copy %s fails the check: %s", *out, rep.Summary(5))
	}
	st, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Backed up to %s (%s); the copy passes the check.\n"+pinKeyAdvice+"\n", *out, size(st.Size()), keyPath)
	return nil
}

// readPassword takes the password from WEBTOOL_PASSWORD or the first line
// of stdin, but never from a terminal, which would echo it.
func readPassword(env Env) (string, error) {
	if p := env.Getenv("WEBTOOL_PASSWORD"); p != "" {
		return p, nil
	}
	if f, ok := env.Stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return "", errors.New("set WEBTOOL_PASSWORD, or pipe the password on stdin (typed here it would show)")
		}
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("no password: set WEBTOOL_PASSWORD or pipe it on stdin (%v)", err)
	}
	return line, nil
}

func runRestore(fs *flag.FlagSet, args []string, env Env) error {
	from := fs.String("from", "", "`path` of the backup to restore")
	db := fs.String("db", store.DefaultPath, "`path` of the database file to replace")
	key := fs.String("pin-key", "", "`file` of the PIN key the server uses (default: the -db path + \".pinkey\")")
	if err := parse(fs, args, "webtool restore -from BACKUP -db FILE\n\n"+
		"Checks the backup, then replaces FILE with it in one rename; the old FILE is kept as\n"+
		"FILE.bak-<time>. Refused while a server holds FILE: stop it first. The PIN codes in the\n"+
		"backup open only with the key file that sealed them.", "from"); err != nil {
		return err
	}
	kept, err := Restore(*from, *db, env.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Restored %s from %s (checked first).\n", *db, *from)
	if kept != "" {
		fmt.Fprintf(env.Stdout, "The previous file is kept as %s.\n", kept)
	}
	keyPath := pin.KeyPath(*db, *key)
	if err := keyOpens(*db, keyPath); err != nil {
		fmt.Fprintf(env.Stdout, "Note: %v\n", err)
	} else {
		fmt.Fprintf(env.Stdout, "The PIN key file %s opens its PIN codes. Start the server.\n", keyPath)
	}
	return nil
}

// keyOpens reports whether the key file opens the PINs of the store at
// path (see pin.CheckKey).
func keyOpens(path, key string) error {
	return readFile(path, "stop it to check the PIN key", func(db *store.DB) error { return pin.CheckKey(db, key) })
}

func runCompact(fs *flag.FlagSet, args []string, env Env) error {
	db := fs.String("db", store.DefaultPath, "`path` of the database file to compact (no server may hold it)")
	out := fs.String("o", "", "`path` of the compacted copy to write (must not exist)")
	if err := parse(fs, args, "webtool compact -db FILE -o OUT\n\n"+
		"Writes the records of FILE into a new, compact file OUT; FILE is not changed. To use OUT,\n"+
		"stop the server and run webtool restore -from OUT -db FILE.", "o"); err != nil {
		return err
	}
	if err := Compact(*db, *out); err != nil {
		return err
	}
	before, err := os.Stat(*db)
	if err != nil {
		return err
	}
	after, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Compacted %s (%s) into %s (%s).\nTo use it: stop the server, run webtool restore -from %s -db %s "+
		"(the old file is kept), start the server. The .pinkey file stays as it is.\n",
		*db, size(before.Size()), *out, size(after.Size()), *out, *db)
	return nil
}
