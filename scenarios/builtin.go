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
		return nil, fmt.Errorf("no built-in scenario %q (run `supplysim scenarios` for the list)", name)
	}
	sc, err := Parse(path.Join("scenarios", name+".toml"), src)
	if sc != nil {
		sc.Source = name
	}
	return sc, err
}

// Load parses a scenario given as a file path or a built-in name, with
// Parse's results. A name
// without a path separator or .toml suffix that is not an existing file is
// looked up among the built-ins.
func Load(nameOrPath string) (*Scenario, error) {
	src, err := readFile(nameOrPath)
	if err == nil {
		sc, err := Parse(nameOrPath, src)
		if sc != nil {
			sc.Source, _ = filepath.Abs(nameOrPath)
		}
		return sc, err
	}
	if errors.Is(err, os.ErrNotExist) && !strings.ContainsAny(nameOrPath, `/\`) && !strings.HasSuffix(nameOrPath, ".toml") {
		return LoadBuiltin(nameOrPath)
	}
	return nil, err
}
