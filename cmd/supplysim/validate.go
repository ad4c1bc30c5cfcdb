package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"strings"

	"github.com/supplysim/supplysim/designs"
	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/scenarios"
)

// validateCmd checks scenario and design files (or built-in names) and
// prints every problem with its file, line and key. It fails when any is
// invalid. A design is checked as sweep checks it before it starts: its
// keys, its factors' paths and every point's scenario.
func validateCmd(args []string, stdout, stderr io.Writer) error {
	args, err := parse(newFlags("validate"), args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return fmt.Errorf("%w: validate needs at least one scenario file or built-in name", errUsage)
	}
	bad, ds := 0, 0
	for _, arg := range args {
		if isDesign(arg) {
			ds++
			if !validDesign(arg, stdout, stderr) {
				bad++
			}
			continue
		}
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
		what := "scenarios"
		switch ds {
		case 0:
		case len(args):
			what = "designs"
		default:
			what = "scenarios and designs"
		}
		return fmt.Errorf("%d of %d %s invalid", bad, len(args), what)
	}
	return nil
}

// designTable is a TOML line that opens the [design] table.
var designTable = regexp.MustCompile(`(?m)^[ \t]*\[[ \t]*design[ \t]*\]`)

// isDesign says whether arg names a design: a built-in design that is no
// built-in scenario, or a file with a [design] table.
func isDesign(arg string) bool {
	if info, err := os.Stat(arg); err == nil && info.Mode().IsRegular() {
		text, err := scenarios.ReadInput(arg, "a design")
		return err == nil && designTable.Match(text)
	}
	if strings.ContainsAny(arg, `/\`) || strings.HasSuffix(arg, ".toml") {
		return false
	}
	if _, err := scenarios.LoadBuiltin(arg); err == nil {
		return false
	}
	_, err := designs.LoadBuiltin(arg)
	return err == nil
}

// validDesign checks the design arg and says what it runs, or prints its
// problems.
func validDesign(arg string, stdout, stderr io.Writer) bool {
	d, err := designs.Find(arg)
	if err == nil {
		err = d.Check(runtime.GOMAXPROCS(0))
	}
	if err != nil {
		for _, e := range unjoin(err) {
			fmt.Fprintln(stderr, e)
		}
		return false
	}
	regimes := d.File.Design.Regimes
	if len(regimes) == 0 {
		regimes = regimeNames(d.Scenario.Regimes())
	}
	fmt.Fprintf(stdout, "%s: ok: design %q, %s of %s × %s × %s, scenario %s\n", d.Path, d.File.Design.Name,
		d.File.Design.Kind, plural(len(d.Points), "point"), plural(d.File.Design.Runs, "replication"), strings.Join(regimes, ", "),
		d.Scenario.File.Scenario.Name)
	return true
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

// generateCmd writes a synthetic layered network (scenarios.Generate),
// checked by building it, to --out or stdout.
func generateCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("generate")
	nodes := fs.Int("nodes", 0, "nodes in all, plants included")
	tiers := fs.Int("tiers", 5, "tiers: plants, component tiers and the raw materials")
	seed := fs.Uint64("seed", 1, "what the network is drawn from (and the scenario's seed)")
	days := fs.Int("days", 365, "horizon in days")
	out := fs.String("out", "", "file to write (default stdout); an existing file is not replaced")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: generate takes flags only, got %q", errUsage, pos[0])
	}
	if *days < 1 {
		return fmt.Errorf("%w: --days: want 1 or more, got %d", errUsage, *days)
	}
	text, err := scenarios.Generate(scenarios.Synthetic{Nodes: *nodes, Tiers: *tiers, Seed: *seed, Days: *days})
	if err != nil {
		return fmt.Errorf("%w: --%v", errUsage, err)
	}
	name := "generated.toml"
	if *out != "" {
		name = *out
	}
	sc, err := scenarios.Parse(name, text)
	if err == nil {
		_, err = sc.Build()
	}
	if err != nil { // a generator bug: say so rather than write a broken file
		return fmt.Errorf("the generated network is invalid (please report it with the command): %w", err)
	}
	if *out == "" {
		_, err = stdout.Write(text)
		return err
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists; give another --out or remove it", *out)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(text); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d nodes in %d tiers, %d days, seed %d\n", *out, *nodes, *tiers, *days, *seed)
	return nil
}
