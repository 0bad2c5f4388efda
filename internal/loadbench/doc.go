// Package loadbench holds the national-size load benchmarks of the JSON
// API (issue 3 §6). It has no code of its own: its tests generate a
// database of 311 recipients × 10 years × 30 pots (over 10⁶ ledger rows) on
// SQLite and PostgreSQL, serve it with the real anslag binary in a process
// of its own, and measure the list and summary endpoints under 64
// concurrent clients. They run only with -bench:
//
//	go test -run '^$' -bench National -benchtime 640x -timeout 30m ./internal/loadbench/
//
// The figures and how to read them are in docs/benchmarks.md.
package loadbench
