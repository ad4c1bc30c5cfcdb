// Command supplysim runs supply-network scenarios as Monte Carlo batches and
// compares information regimes. Run "supplysim help" for the subcommands.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// A subcommand gets its arguments and writers, and returns an error for
// Main to print. Only main prints to the process's streams.
type subcommand func(args []string, stdout, stderr io.Writer) error

var commands = map[string]subcommand{
	"run": runCmd, "plot": plotCmd, "check": checkCmd, "baseline": baselineCmd, "merge": mergeCmd,
	"trace": traceCmd, "stress": stressCmd, "scenarios": scenariosCmd, "validate": validateCmd, "version": versionCmd,
	"sweep": sweepCmd, "designs": designsCmd, "slurm": slurmCmd, "k8s": k8sCmd, "generate": generateCmd,
}

// doc is what help says of a subcommand.
type doc struct{ name, synopsis, summary string }

// manual holds the subcommands in the order help lists them.
var manual = []doc{
	{"run", "run [flags] [SCENARIO]", "run replications of a scenario (a built-in's name or a file; default eu-auto) under each regime and compare them"},
	{"plot", "plot DIR", "draw the plots and report.html of a results folder from its files"},
	{"check", "check --baseline FILE DIR", "compare a results folder with a baseline: exit 0 if it matches, 1 on drift, 2 if it cannot compare"},
	{"baseline", "baseline DIR FILE", "write the baseline of a complete results folder"},
	{"merge", "merge --out DIR SHARD-DIR...", "join the results folders of a batch's (or a sweep's) shards into one"},
	{"trace", "trace [flags] [SCENARIO] --replication K", "replay one replication and write its daily states and shock log"},
	{"sweep", "sweep [flags] DESIGN", "run an experiment design (a built-in's name or a file): every point's replications under every regime"},
	{"slurm", "slurm [flags] [SCENARIO] [--design DESIGN]", "write (or --submit) a Slurm job array of a batch's shards and the job that merges them"},
	{"k8s", "k8s --image IMAGE --volume CLAIM [flags] [SCENARIO]", "print a Kubernetes Indexed Job of a batch's shards, or (--merge) the Job that merges them"},
	{"stress", "stress [flags] [SCENARIO]", "rank nodes by the output lost when each is out for a time-to-recover"},
	{"scenarios", "scenarios", "list the built-in scenarios"},
	{"designs", "designs", "list the built-in experiment designs"},
	{"validate", "validate FILE|NAME...", "check scenario or design files (or built-ins) and print every problem with its file, line and key"},
	{"generate", "generate --nodes N [--tiers K] [--seed S] [--days D] [--out FILE]", "write a synthetic layered supply network of N nodes as a valid, commented scenario"},
	{"version", "version", "print the version and build revision"},
}

// helpText is a subcommand's usage: synopsis, summary and flags (-h and
// help NAME print it, with exit status 0).
type helpText string

func (h helpText) Error() string { return string(h) }

// newFlags returns the flag set of the named subcommand. It prints
// nothing itself: parse returns the usage as a helpText for -h and a
// usage error for a wrong flag, for Main to print.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses flags wherever they stand among the positional arguments
// (as in "run chip-crisis --runs 500") and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			return nil, usageOf(fs)
		} else if err != nil {
			return nil, fmt.Errorf("%w: %v (supplysim %s -h lists its flags)", errUsage, err, fs.Name())
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
}

// usageOf returns the usage of fs's subcommand.
func usageOf(fs *flag.FlagSet) helpText {
	var b bytes.Buffer
	for _, d := range manual {
		if d.name == fs.Name() {
			fmt.Fprintf(&b, "usage: supplysim %s\n\n%s.\n", d.synopsis, strings.ToUpper(d.summary[:1])+d.summary[1:])
		}
	}
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(&b, "\nflags:")
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return helpText(b.String())
}

// errUsage marks errors in how supplysim was called; they exit with status 2.
var errUsage = errors.New("usage")

// errInterrupted is a batch stopped by Ctrl-C, SIGTERM or SIGHUP after it
// kept what it finished; it exits with status 130, as a shell reports an
// interrupted command.
var errInterrupted = errors.New("stopped by a signal; the replications finished before it are kept")

func main() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) }

// Main runs supplysim with args and returns the exit status: 0 on success, 1
// on failure, 2 on a usage error, 130 when a signal stopped a batch.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 2 && args[0] == "help" { // help NAME is NAME -h
		args = []string{args[1], "-h"}
	}
	if len(args) == 0 || len(args) == 1 && (args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		usage(stdout)
		return 0
	}
	name := args[0]
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "supplysim: unknown command %q\n\n", name)
		usage(stderr)
		return 2
	}
	err := cmd(args[1:], stdout, stderr)
	var help helpText
	switch {
	case err == nil:
		return 0
	case errors.As(err, &help):
		fmt.Fprint(stdout, help)
		return 0
	case errors.Is(err, errUsage), errors.Is(err, errCannotCompare):
		fmt.Fprintf(stderr, "supplysim %s: %v\n", name, err)
		return 2
	case errors.Is(err, errInterrupted):
		fmt.Fprintf(stderr, "supplysim %s: %v\n", name, err)
		return 130
	case errors.Is(err, errDrift):
		return 1
	default:
		fmt.Fprintf(stderr, "supplysim %s: %v\n", name, err)
		return 1
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "supplysim simulates multi-tier automotive supply networks under shocks and")
	fmt.Fprintln(w, "compares how early shortages are detected with and without data sharing.")
	fmt.Fprintln(w, "\nUsage: supplysim <command> [arguments]\n\nCommands:")
	for _, d := range manual {
		fmt.Fprintf(w, "  %-10s %s\n", d.name, d.summary)
	}
	fmt.Fprintln(w, "\n\"supplysim help COMMAND\" or \"supplysim COMMAND -h\" shows a command's arguments and flags.")
}

// plural writes n things: "1 worker", "2 workers".
func plural[N int | uint64](n N, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
