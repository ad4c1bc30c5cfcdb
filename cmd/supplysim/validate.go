package main

import (
	"fmt"
	"io"

	"github.com/supplysim/supplysim/scenarios"
)

// validateCmd checks scenario files (or built-in names) and prints every
// problem with its file, line and key. It fails when any scenario is invalid.
func validateCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: validate needs at least one scenario file or built-in name", errUsage)
	}
	bad := 0
	for _, arg := range args {
		sc, err := scenarios.Load(arg)
		if sc != nil { // it decoded: report key problems with every other one
			var nw interface{ Days() int }
			nw, err = sc.Build()
			if err == nil {
				f := &sc.File
				fmt.Fprintf(stdout, "%s: ok: %q, %d parts, %d nodes, %d lanes, %d days\n",
					sc.Path, f.Scenario.Name, len(f.Parts), len(f.Nodes), len(f.Lanes), nw.Days())
				continue
			}
		}
		bad++
		for _, e := range unjoin(err) {
			fmt.Fprintln(stderr, e)
		}
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d scenarios invalid", bad, len(args))
	}
	return nil
}

// unjoin splits an errors.Join result into its parts.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// scenariosCmd lists the built-in scenarios with their descriptions.
func scenariosCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: scenarios takes no arguments", errUsage)
	}
	for _, b := range scenarios.Builtins() {
		fmt.Fprintf(stdout, "%-12s %s\n", b.Name, b.Description)
	}
	return nil
}
