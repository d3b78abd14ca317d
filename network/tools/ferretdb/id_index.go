package main

// FerretDB v1.24's SQLite backend pushes a {_id: X} filter down as
//
//	WHERE _ferretdb_sjson->'$._id' = ?
//
// but creates each collection's _id index on a different expression, _ferretdb_sjson->"_id".
// SQLite uses an expression index only for the same expression, so every look-up by _id scans
// and parses the whole table: measured 7.4 s for one findOne at 100,000 diplomas (1 GB). This
// goroutine adds, to every collection table, an index on exactly the expression the pushdown
// uses; with it the same findOne takes about a millisecond. FerretDB does not know about these
// indexes (it lists its own from its metadata table), and SQLite drops them with their table.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

const idIndexSuffix = "_vanbang_id_pushdown"

// sqliteDir turns FerretDB's --sqlite-url (file:/abs/dir/) into a directory path.
func sqliteDir(sqliteURL string) (string, error) {
	u, err := url.Parse(sqliteURL)
	if err != nil || u.Scheme != "file" {
		return "", fmt.Errorf("--sqlite-url must be a file: URI, got %q", sqliteURL)
	}
	p := u.Path
	if p == "" {
		p = u.Opaque
	}
	return filepath.Clean(p), nil
}

// keepIDIndexes adds the missing _id pushdown indexes now and then every interval, until ctx ends.
func keepIDIndexes(ctx context.Context, dir string, interval time.Duration, logger *slog.Logger) {
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, f := range files {
			if err := addIDIndexes(ctx, f, logger); err != nil && ctx.Err() == nil {
				logger.Warn("could not add _id pushdown indexes (will retry)", "file", f, "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

func addIDIndexes(ctx context.Context, file string, logger *slog.Logger) error {
	if _, err := os.Stat(file); err != nil {
		return nil // dropped meanwhile
	}
	// mode=rw: never create a database file FerretDB has just removed.
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()

	rows, err := db.QueryContext(ctx, `SELECT c.table_name FROM _ferretdb_collections c
		WHERE NOT EXISTS (SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = c.table_name || ?)`, idIndexSuffix)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil // not a FerretDB database (yet)
		}
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()

	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+idIndexSuffix, t)
		if _, err := db.ExecContext(ctx, q); err != nil {
			if strings.Contains(err.Error(), "no such table") {
				continue // dropped meanwhile
			}
			return err
		}
		logger.Info("added _id pushdown index", "file", filepath.Base(file), "table", t)
	}
	return nil
}
