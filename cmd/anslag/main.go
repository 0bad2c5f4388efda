// Command anslag administers state grants to Swedish regions and
// municipalities. This file only dispatches; each subcommand wires the
// internal packages it needs.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// env is what a subcommand may touch of the outside world, passed down so
// that tests run commands in-process with their own streams.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// usageError marks a mistake in how the command was called (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

const usage = `anslag — statsbidrag till regioner och kommuner / state grants to regions and municipalities

Usage:
  anslag serve [--db FILE|URL] [--addr :8080] [--demo]      run the web server and JSON API
  anslag migrate [--db FILE|URL]                            apply database migrations
  anslag allocate --total AMOUNT --population FILE [flags]   split a pot exactly by a key
  anslag user add|set-password|disable|list|role [flags]    manage users and their roles
  anslag token create|revoke [flags]                        manage API tokens
  anslag import population|kolada [flags] FILE...           import SCB population or Kolada values
  anslag help [command]

Run "anslag allocate -h" for the flags of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(code)
}

// run executes one command and returns the process exit status: 0 for
// success, 1 for a failure, 2 for a usage mistake. Errors are one line.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "allocate":
		err = runAllocate(ctx, args[1:], e)
	case "serve":
		err = runServe(ctx, args[1:], e)
	case "migrate":
		err = runMigrate(ctx, args[1:], e)
	case "user":
		err = runUser(ctx, args[1:], e)
	case "token":
		err = runToken(ctx, args[1:], e)
	case "import":
		err = runImport(ctx, args[1:], e)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stdout, usage)
		return 0
	default:
		err = usageError{fmt.Sprintf("unknown command %q (see anslag help)", args[0])}
	}
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintf(e.stderr, "anslag: %s\n", oneLine(err.Error()))
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// oneLine keeps an error message to a single line.
func oneLine(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\n", " "))
}
