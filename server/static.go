package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// The built wasm lives in web/ only precompressed: brotli for browsers that
// take it, gzip for the rest. The raw file is never embedded.
const (
	wasmBrotli = "web/app.wasm.br"
	wasmGzip   = "web/app.wasm.gz"
	wasmURL    = "/web/app.wasm"
	// wasmSizeHeader carries the raw size, so go-app's loading progress is
	// right although the body on the wire is compressed.
	wasmSizeHeader = "X-Wasm-Content-Length"
)

// staticFiles serves /web/<p> from assets/<p>, then web/<p>, out of the
// embedded files. It is the go-app ResourceProvider: go-app's own LocalDir
// cannot serve from an embed.FS.
type staticFiles struct {
	files    fs.FS
	version  string // hash of every file: changes exactly when the product does
	wasmSize int64
	hasWasm  bool
}

// newStaticFiles indexes files. release (the build's label) is part of the
// version too, so a rebuild that changes only server code still tells open
// tabs to update.
func newStaticFiles(files fs.FS, release string) (*staticFiles, error) {
	s := &staticFiles{files: files}
	h := sha256.New()
	fmt.Fprintf(h, "release %s\x00", release)
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read embedded files: %w", err)
	}
	s.version = hex.EncodeToString(h.Sum(nil))[:16]
	if gz, err := fs.ReadFile(files, wasmGzip); err == nil && len(gz) > 4 {
		// gzip's trailer holds the raw size mod 2^32; the wasm is far
		// smaller than 4 GiB.
		s.wasmSize = int64(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
		s.hasWasm = true
	}
	return s, nil
}

// Package, Static and AppWASM make staticFiles a go-app ResourceProvider.
func (s *staticFiles) Package() string { return "" }
func (s *staticFiles) Static() string  { return "" }
func (s *staticFiles) AppWASM() string { return wasmURL }

func (s *staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(path.Clean(r.URL.Path), "/web/")
	if p == "app.wasm" {
		s.serveWasm(w, r)
		return
	}
	for _, name := range []string{"assets/" + p, "web/" + p} {
		b, err := fs.ReadFile(s.files, name)
		if err != nil || strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") {
			continue
		}
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = http.DetectContentType(b)
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.Write(b)
		return
	}
	http.NotFound(w, r)
}

func (s *staticFiles) serveWasm(w http.ResponseWriter, r *http.Request) {
	if !s.hasWasm {
		http.Error(w, "the wasm is not built into this binary: run make build", http.StatusNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/wasm")
	h.Set("Vary", "Accept-Encoding")
	h.Set(wasmSizeHeader, strconv.FormatInt(s.wasmSize, 10))
	accept := r.Header.Get("Accept-Encoding")
	if br, err := fs.ReadFile(s.files, wasmBrotli); err == nil && acceptsEncoding(accept, "br") {
		h.Set("Content-Encoding", "br")
		h.Set("Content-Length", strconv.Itoa(len(br)))
		w.Write(br)
		return
	}
	gz, _ := fs.ReadFile(s.files, wasmGzip)
	if acceptsEncoding(accept, "gzip") {
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(len(gz)))
		w.Write(gz)
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		http.Error(w, "corrupt embedded wasm", http.StatusInternalServerError)
		return
	}
	h.Set("Content-Length", strconv.FormatInt(s.wasmSize, 10))
	io.Copy(w, zr)
}

// acceptsEncoding reports whether an Accept-Encoding header allows enc
// (present and not with q=0).
func acceptsEncoding(header, enc string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), enc) {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
