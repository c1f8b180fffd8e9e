//go:build !(js && wasm)

package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"webtool/server"
	"webtool/server/ops"
)

// files is the product's static side: the precompressed wasm in web/ (built
// by `make wasm`; web/README.md keeps the pattern valid on a fresh clone) and
// our own stylesheet and icons in assets/.
//
//go:embed web assets
var files embed.FS

// release labels this build; `make build RELEASE=…` sets it with -ldflags.
var release = "dev"

func run() {
	if len(os.Args) > 1 && ops.IsCommand(os.Args[1]) {
		os.Exit(ops.Run(os.Args[1:], ops.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now}))
	}
	cfg, err := server.ParseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, server.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "webtool: %v\n", err)
		os.Exit(2)
	}
	cfg.Release = release
	srv, err := server.New(cfg, files, os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "webtool: %v\n", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = srv.Serve(ctx)
	if cerr := srv.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "webtool: %v\n", err)
		os.Exit(1)
	}
}
