//go:build tools

// Pins Toxiproxy, the TCP proxy that multi-host mode (network/src/hosts) puts in front of each
// organization's peer and orderer to inject latency, jitter and connection resets between hosts.
package tools

import (
	_ "github.com/Shopify/toxiproxy/v2/cmd/server"
)
