package main

import (
	"errors"
	"io"
)

// runCmd will run a scenario batch. The supply-network model and scenario
// format have not landed yet, so it says so and fails rather than print
// anything that could be mistaken for a result.
func runCmd(args []string, stdout, stderr io.Writer) error {
	return errors.New("not yet: the scenario format and supply-network model are still being built " +
		"(the simulation kernel has landed; see README.md, \"Status\"); nothing was simulated")
}
