//go:build tools

// The embedded EVM chain `npm start` runs (docs/decisions/0004): go-ethereum's geth in dev mode.
package tools

import (
	_ "github.com/ethereum/go-ethereum/cmd/geth"
)
