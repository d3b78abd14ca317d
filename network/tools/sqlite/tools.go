//go:build tools

// Pins Litestream, the continuous replication of the embedded database's SQLite file
// (docs/backup-and-restore.md, "Continuous protection").
package main

import (
	_ "github.com/benbjohnson/litestream/cmd/litestream"
)
