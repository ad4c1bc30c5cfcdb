package main

import (
	"fmt"
	"io"

	"github.com/supplysim/supplysim/models"
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
		sc, nw, err := load(arg, stderr)
		if err != nil {
			bad++
			continue
		}
		f := &sc.File
		fmt.Fprintf(stdout, "%s: ok: %q, %d parts, %d nodes, %d lanes, %d days\n",
			sc.Path, f.Scenario.Name, len(f.Parts), len(f.Nodes), len(f.Lanes), nw.Days())
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d scenarios invalid", bad, len(args))
	}
	return nil
}

// load reads and builds a scenario given as a file or built-in name. When
// the file decodes, key problems are reported together with every other
// problem, one per line on stderr; the returned error only says that it failed.
func load(name string, stderr io.Writer) (*scenarios.Scenario, *models.Network, error) {
	sc, err := scenarios.Load(name)
	if sc != nil {
		var nw *models.Network
		if nw, err = sc.Build(); err == nil {
			return sc, nw, nil
		}
	}
	for _, e := range unjoin(err) {
		fmt.Fprintln(stderr, e)
	}
	return nil, nil, fmt.Errorf("scenario %s is invalid", name)
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
