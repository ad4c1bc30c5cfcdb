// Command supplysim runs supply-network scenarios as Monte Carlo batches and
// compares information regimes. Run "supplysim help" for the subcommands.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// command is one subcommand: it gets its arguments and writers, and returns
// an error for Main to print. Only main prints to the process's streams.
type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"run", "run replications of a scenario (default eu-auto) under each regime and compare them", runCmd},
	{"plot", "draw the plots and report.html of a results folder from its files: plot DIR", plotCmd},
	{"check", "compare a results folder with a baseline; exit 1 on drift: check --baseline FILE DIR", checkCmd},
	{"baseline", "write the baseline of a complete results folder: baseline DIR FILE", baselineCmd},
	{"merge", "join the results folders of a batch's shards: merge --out DIR SHARD...", mergeCmd},
	{"trace", "replay one replication and write its daily states and shock log: trace SCENARIO --replication K", traceCmd},
	{"stress", "rank nodes by the output lost when each is out for a time-to-recover", stressCmd},
	{"scenarios", "list the built-in scenarios", scenariosCmd},
	{"validate", "check scenario files: validate FILE|NAME...", validateCmd},
	{"version", "print the version and build revision", versionCmd},
}

// errUsage marks errors in how supplysim was called; they exit with status 2.
var errUsage = errors.New("usage")

func main() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) }

// Main runs supplysim with args and returns the exit status: 0 on success, 1
// on failure, 2 on a usage error.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(args[1:], stdout, stderr)
			switch {
			case err == nil:
				return 0
			case errors.Is(err, errUsage), errors.Is(err, errCannotCompare):
				fmt.Fprintf(stderr, "supplysim %s: %v\n", c.name, err)
				return 2
			case errors.Is(err, errDrift):
				return 1
			default:
				fmt.Fprintf(stderr, "supplysim %s: %v\n", c.name, err)
				return 1
			}
		}
	}
	fmt.Fprintf(stderr, "supplysim: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "supplysim simulates multi-tier automotive supply networks under shocks and")
	fmt.Fprintln(w, "compares how early shortages are detected with and without data sharing.")
	fmt.Fprintln(w, "\nUsage: supplysim <command> [arguments]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
}
