package main

import (
	"log/slog"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof/ on http.DefaultServeMux
)

// serveDebug exposes Go's profiler on addr (loopback only in practice) when --debug-addr is set,
// so FerretDB's share of the CPU under load can be measured (see docs/gateway.md, "Benchmark"). Off by
// default: nothing listens unless asked.
func serveDebug(addr string, logger *slog.Logger) {
	if addr == "" {
		return
	}
	go func() {
		if err := http.ListenAndServe(addr, nil); err != nil {
			logger.Warn("debug listener stopped", "addr", addr, "err", err)
		}
	}()
}
