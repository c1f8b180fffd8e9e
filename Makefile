# WebTool — one binary: the go-app UI compiled to wasm, embedded in the server.
# `make run` and `make test` are all a newcomer needs; see README.md.

GO        ?= go
BIN       := bin/webtool
WASM_RAW  := bin/app.wasm
WASM_OUT  := web/app.wasm.br web/app.wasm.gz
# What the wasm is built from: the UI, the wire types and the root package.
WASM_SRC  := $(shell find app server/api -name '*.go') main.go main_wasm.go go.mod go.sum
SRV_SRC   := $(shell find server app -name '*.go') $(wildcard main*.go) go.mod go.sum $(shell find assets -type f)
RELEASE   ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all run build wasm test vet unit e2e bench screenshots chromium clean

all: build

## run: build everything, then serve on 127.0.0.1:8080 with demo data
run: build
	./$(BIN) -demo $(ARGS)

## build: the single self-contained binary bin/webtool
build: $(BIN)

$(BIN): $(WASM_OUT) $(SRV_SRC)
	$(GO) build -trimpath -ldflags='-X main.release=$(RELEASE)' -o $@ .

## wasm: the UI, compiled and precompressed into web/. Inlining is off
## (-gcflags=all=-l): the raw file grows 5 % but compresses about 10 % better
## (1.82 MB instead of 2.01 MB brotli, measured on issue 11), and what is
## downloaded on a slow network matters more than the UI's few hot loops.
wasm: $(WASM_OUT)

$(WASM_OUT) &: $(WASM_SRC)
	@mkdir -p bin
	GOOS=js GOARCH=wasm $(GO) build -trimpath -gcflags=all=-l -ldflags='-s -w' -o $(WASM_RAW) .
	$(GO) run ./server/cmd/precompress -out web/app.wasm $(WASM_RAW)

## test: vet, unit tests (with the race detector) and real-browser tests
test: vet unit e2e

vet: $(WASM_OUT)
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./app/... ./server/api/...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

unit:
	$(GO) test -race -count=1 $$($(GO) list ./... | grep -v /e2e)

e2e: chromium $(BIN)
	WEBTOOL_BIN=$(CURDIR)/$(BIN) $(GO) test -count=1 -timeout 15m ./e2e/

## screenshots: refresh the committed screenshots in e2e/testdata/
screenshots: chromium $(BIN)
	WEBTOOL_BIN=$(CURDIR)/$(BIN) WEBTOOL_SCREENSHOTS=$(CURDIR)/e2e/testdata $(GO) test -count=1 -run 'Screenshots|WarehouseBindingsTab|CardConflictKeepMine|CardShowsAllErrors|RefsPersonPicker|TotalsReadable|IdleWarning|AdminCreates|RightTaken|ChangeOwnPassword' ./e2e/

## chromium: install Debian's chromium for the browser tests if it is missing
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "chromium is missing: installing Debian's package"; \
		$(SUDO) apt-get update && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

## bench: wasm size as built and as served; 1M-outlet queries through the
## websocket (p50/p95), start-up time and heap; the query engine alone;
## exporting 10,000 rows to XLSX and CSV; saving and loading a view; a PIN
## generated among 100,000 active ones; the time to an interactive login
## form in Chromium. The first run builds a
## 1M-outlet store in the temp folder (about two minutes) and reuses it.
bench: chromium $(BIN)
	@printf 'wasm raw:    %8d bytes\n' $$(stat -c %s $(WASM_RAW))
	@printf 'wasm brotli: %8d bytes (served to browsers that accept br)\n' $$(stat -c %s web/app.wasm.br)
	@printf 'wasm gzip:   %8d bytes (served otherwise)\n' $$(stat -c %s web/app.wasm.gz)
	$(GO) test -run '^$$' -bench 'Outlets1M' -benchtime 1x -timeout 30m ./server/
	$(GO) test -run '^$$' -bench 'Outlets1M/(a-|b-|c-|deep|upsert)' -benchtime 200x -timeout 30m ./server/query/
	$(GO) test -run '^$$' -bench 'Export10k' -benchtime 5x ./server/catalog/
	$(GO) test -run '^$$' -bench 'View' -benchtime 200x ./server/views/
	$(GO) test -run '^$$' -bench 'PinGenerate100k' -benchtime 1000x ./server/pin/
	WEBTOOL_BIN=$(CURDIR)/$(BIN) $(GO) test -run '^$$' -bench LoginFormReady -benchtime 5x ./e2e/

clean:
	rm -rf bin web/app.wasm.br web/app.wasm.gz
