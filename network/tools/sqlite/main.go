// sqlite-snapshot copies a live SQLite database into a new file with VACUUM INTO: one read
// transaction, so the copy is consistent even while another process (a Fabric CA server, FerretDB)
// keeps writing, and the writer is never stopped. Used by `npm run backup`.
//
//	sqlite-snapshot SOURCE.db TARGET.db
package main

import (
	"database/sql"
	"fmt"
	"os"

	_ "modernc.org/sqlite"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sqlite-snapshot SOURCE.db TARGET.db")
		os.Exit(2)
	}
	if err := snapshot(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintf(os.Stderr, "sqlite-snapshot: %v\n", err)
		os.Exit(1)
	}
}

func snapshot(source, target string) error {
	if _, err := os.Stat(source); err != nil {
		return err
	}
	if _, err := os.Stat(target); err == nil {
		return fmt.Errorf("%s already exists", target)
	}
	// Read-only, and wait for a writer's lock rather than fail at once.
	db, err := sql.Open("sqlite", "file:"+source+"?mode=ro&_pragma=busy_timeout(30000)")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Exec("VACUUM INTO ?", target); err != nil {
		return fmt.Errorf("VACUUM INTO %s: %w", target, err)
	}
	var check string
	out, err := sql.Open("sqlite", "file:"+target+"?mode=ro")
	if err != nil {
		return err
	}
	defer out.Close()
	if err := out.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil {
		return err
	}
	if check != "ok" {
		return fmt.Errorf("the copy fails its integrity check: %s", check)
	}
	return nil
}
