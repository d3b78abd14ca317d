package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// countingValuer counts how often slog formats it.
type countingValuer struct{ n *int }

func (c countingValuer) LogValue() slog.Value { *c.n++; return slog.StringValue("formatted") }

func TestWithAttrsAreNotFormattedBelowTheLevel(t *testing.T) {
	var out bytes.Buffer
	formatted := 0
	logger := slog.New(newLazyAttrs(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelWarn})))

	logger.With(slog.Any("args", countingValuer{&formatted})).Debug("statement")
	if formatted != 0 || out.Len() != 0 {
		t.Fatalf("a debug record below warn formatted its attributes %d times and wrote %q", formatted, out.String())
	}

	logger.With(slog.Any("args", countingValuer{&formatted})).Warn("slow statement")
	if formatted != 1 || !strings.Contains(out.String(), "args=formatted") || !strings.Contains(out.String(), "slow statement") {
		t.Fatalf("an enabled record lost its attributes: formatted %d times, wrote %q", formatted, out.String())
	}
}

func TestGroupsKeepEarlierAttributesOutside(t *testing.T) {
	var out bytes.Buffer
	logger := slog.New(newLazyAttrs(slog.NewTextHandler(&out, nil)))
	logger.With("conn", 7).WithGroup("sql").With("table", "diplomas").Info("insert", "rows", 500)
	got := out.String()
	for _, want := range []string{"conn=7", "sql.table=diplomas", "sql.rows=500"} {
		if !strings.Contains(got, want) {
			t.Fatalf("missing %q in %q", want, got)
		}
	}
}
