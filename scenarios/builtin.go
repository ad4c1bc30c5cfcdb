package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

//go:embed *.toml
var builtins embed.FS

// Builtin describes a scenario compiled into the binary.
type Builtin struct {
	Name        string // the file name without .toml
	Description string // the scenario's one-line description
}

// Builtins lists the built-in scenarios by name. A built-in that does not
// parse is listed with the error as its description (a test keeps them all
// valid).
func Builtins() []Builtin {
	entries, _ := builtins.ReadDir(".")
	var list []Builtin
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".toml")
		desc := ""
		if sc, err := LoadBuiltin(name); err != nil {
			desc = "invalid: " + err.Error()
		} else {
			desc = sc.File.Scenario.Description
		}
		list = append(list, Builtin{name, desc})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	return list
}

// LoadBuiltin parses the built-in scenario name (e.g. "eu-auto").
func LoadBuiltin(name string) (*Scenario, error) {
	src, err := builtins.ReadFile(name + ".toml")
	if err != nil {
		return nil, fmt.Errorf("%w: %q is neither a built-in%s nor a file here (`supplysim scenarios` lists the built-ins)",
			ErrNotFound, name, suggestBuiltin(name))
	}
	sc, err := Parse(path.Join("scenarios", name+".toml"), src)
	if sc != nil {
		sc.Source = name
	}
	return sc, err
}

// ErrNotFound is the error of Load for a name that is no file and no
// built-in.
var ErrNotFound = errors.New("no such scenario")

// Load parses a scenario given as a file path or a built-in name, with
// Parse's results. A name without a path separator or .toml suffix is a
// built-in unless a regular file of that name is in the working folder.
func Load(nameOrPath string) (*Scenario, error) {
	if !strings.ContainsAny(nameOrPath, `/\`) && !strings.HasSuffix(nameOrPath, ".toml") {
		if info, err := os.Stat(nameOrPath); err != nil || !info.Mode().IsRegular() {
			return LoadBuiltin(nameOrPath)
		}
	}
	src, err := readFile(nameOrPath)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s: no such file", ErrNotFound, nameOrPath)
	} else if err != nil {
		return nil, err
	}
	sc, err := Parse(nameOrPath, src)
	if sc != nil {
		sc.Source, _ = filepath.Abs(nameOrPath)
	}
	return sc, err
}

// suggestBuiltin names the built-in closest to a misspelt name, if one is within
// two edits, as " (did you mean …?)".
func suggestBuiltin(name string) string {
	var names []string
	for _, b := range Builtins() {
		names = append(names, b.Name)
	}
	if best := Nearest(name, names); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// Nearest returns the one of names closest to a misspelt name, if one is
// within two edits (the first of equally close ones), else "".
func Nearest(name string, names []string) string {
	best, dist := "", 3
	for _, n := range names {
		if d := editDistance(name, n); d < dist {
			best, dist = n, d
		}
	}
	return best
}
