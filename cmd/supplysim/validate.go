package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/scenarios"
)

// validateCmd checks scenario files (or built-in names) and prints every
// problem with its file, line and key. It fails when any scenario is invalid.
func validateCmd(args []string, stdout, stderr io.Writer) error {
	args, err := parse(newFlags("validate"), args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return fmt.Errorf("%w: validate needs at least one scenario file or built-in name", errUsage)
	}
	bad := 0
	for _, arg := range args {
		sc, nw, err := load(arg, stderr)
		if err != nil {
			if errors.Is(err, scenarios.ErrNotFound) {
				fmt.Fprintln(stderr, err)
			}
			bad++
			continue
		}
		f := &sc.File
		fmt.Fprintf(stdout, "%s: ok: %q, %s, %s, %s, %d days\n", sc.Path, f.Scenario.Name,
			plural(len(f.Parts), "part"), plural(len(f.Nodes), "node"), plural(len(f.Lanes), "lane"), nw.Days())
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d scenarios invalid", bad, len(args))
	}
	return nil
}

// load reads and builds a scenario given as a file or built-in name. When
// the file decodes, key problems are reported together with every other
// problem, one per line on stderr, and the returned error only says that it
// failed; a name that is no file and no built-in returns its
// scenarios.ErrNotFound error unprinted.
func load(name string, stderr io.Writer) (*scenarios.Scenario, *models.Network, error) {
	sc, err := scenarios.Load(name)
	if errors.Is(err, scenarios.ErrNotFound) {
		return nil, nil, err
	}
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
	args, err := parse(newFlags("scenarios"), args)
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return fmt.Errorf("%w: scenarios takes no arguments", errUsage)
	}
	var list [][2]string
	for _, b := range scenarios.Builtins() {
		list = append(list, [2]string{b.Name, b.Description})
	}
	printList(stdout, list)
	return nil
}

// printList prints names and descriptions in two columns.
func printList(w io.Writer, list [][2]string) {
	width := 0
	for _, l := range list {
		width = max(width, len(l[0]))
	}
	for _, l := range list {
		fmt.Fprintf(w, "%-*s  %s\n", width, l[0], l[1])
	}
}
