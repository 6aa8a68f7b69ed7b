// Command ferretdb is the project's own MongoDB-wire-protocol server: FerretDB v1
// embedded as a library with its SQLite backend.
//
// Why embed instead of `go install github.com/FerretDB/FerretDB`: FerretDB's own
// main panics at start when built from the module zip (build/version/version.txt
// is generated at release time and is absent from the zip). The embeddable
// package skips that check because our main module path is not FerretDB's.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // profiles on -debug-addr only
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/build/version"
	"github.com/FerretDB/FerretDB/ferretdb"
)

// ferretVersion is reported by buildInfo/serverStatus; keep it in sync with go.mod
// (the embedded package otherwise reports "unknown").
const ferretVersion = "v1.24.2"

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	dir := flag.String("sqlite-dir", "", "directory holding the SQLite databases (one file per MongoDB database)")
	logLevel := flag.String("log-level", "info", "debug, info, warn or error")
	serialize := flag.Bool("serialize-writes", true,
		"run write commands one at a time (see serialize.go); false exposes FerretDB's lost updates")
	debugAddr := flag.String("debug-addr", "", "serve Go's pprof profiles (/debug/pprof/) on this address; off when empty")
	flag.Parse()

	if *dir == "" {
		fmt.Fprintln(os.Stderr, "ferretdb: -sqlite-dir is required")
		os.Exit(2)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: bad -log-level: %v\n", err)
		os.Exit(2)
	}
	// Attributes are formatted only for records that are written (lazylog.go).
	logger := slog.New(newLazyHandler(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})))
	slog.SetDefault(logger)

	abs, err := filepath.Abs(*dir)
	if err != nil {
		logger.Error("bad -sqlite-dir", "err", err)
		os.Exit(2)
	}
	// The SQLite backend refuses a directory that does not exist yet.
	if err := os.MkdirAll(abs, 0o755); err != nil {
		logger.Error("cannot create data directory", "dir", abs, "err", err)
		os.Exit(1)
	}

	if *debugAddr != "" {
		go func() {
			if err := http.ListenAndServe(*debugAddr, nil); err != nil {
				logger.Error("cannot serve profiles", "addr", *debugAddr, "err", err)
			}
		}()
	}

	version.Get().Version = ferretVersion

	// With serialisation on, FerretDB itself only listens on an abstract Unix
	// socket (no file to clean up after a SIGKILL) and our proxy owns the TCP port.
	listener := ferretdb.ListenerConfig{TCP: *listen}
	backend := fmt.Sprintf("@ciao-ferretdb-%d", os.Getpid())
	if *serialize {
		listener = ferretdb.ListenerConfig{Unix: backend}
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: listener,
		Logger:   logger,
		Handler:  "sqlite",
		// Trailing slash is required: the URI names a directory, not a file.
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		logger.Error("cannot start FerretDB", "err", err)
		os.Exit(1)
	}

	// Cancelling the context makes Run close the listener, the client
	// connections and the SQLite pool, so SIGTERM leaves the files consistent.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	done := make(chan struct{})
	if *serialize {
		// ferretdb.New has already bound the Unix socket, so opening the TCP
		// port last means "port open" implies "ready" for health checks.
		ln, err := net.Listen("tcp", *listen)
		if err != nil {
			logger.Error("cannot listen", "addr", *listen, "err", err)
			os.Exit(1)
		}
		s := &serializer{backend: backend, logger: logger}
		go func() {
			defer close(done)
			s.serve(ctx, ln)
		}()
		context.AfterFunc(ctx, func() { ln.Close() })
	} else {
		close(done)
	}

	logger.Info("ferretdb starting", "version", ferretVersion, "listen", *listen, "dir", abs, "serialize_writes", *serialize)
	if err := f.Run(ctx); err != nil {
		logger.Error("ferretdb stopped with error", "err", err)
		os.Exit(1)
	}
	<-done
	logger.Info("ferretdb stopped")
}
