package designs

import (
	"embed"
	"errors"
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/supplysim/supplysim/scenarios"
)

//go:embed builtin/*.toml
var builtins embed.FS

// Builtin names a design compiled into the binary.
type Builtin struct{ Name, Description string }

// Builtins lists the built-in designs by name; one that does not load says
// why in its description (a test keeps them all valid).
func Builtins() []Builtin {
	entries, _ := builtins.ReadDir("builtin")
	var out []Builtin
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".toml")
		desc := ""
		if d, err := LoadBuiltin(name); err != nil {
			desc = "invalid: " + err.Error()
		} else {
			desc = d.File.Design.Description
		}
		out = append(out, Builtin{name, desc})
	}
	return out
}

// ErrNotFound is Find's error for a name that is no file and no built-in.
var ErrNotFound = errors.New("no such design")

// LoadBuiltin loads the built-in design name.
func LoadBuiltin(name string) (*Design, error) {
	src, err := builtins.ReadFile("builtin/" + name + ".toml")
	if err != nil {
		var names []string
		entries, _ := builtins.ReadDir("builtin")
		for _, e := range entries {
			names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
		}
		near := ""
		if best := scenarios.Nearest(name, names); best != "" {
			near = fmt.Sprintf(" (did you mean %q?)", best)
		}
		return nil, fmt.Errorf("%w: %q is neither a built-in%s nor a file here (`supplysim designs` lists the built-ins)", ErrNotFound, name, near)
	}
	d, err := Parse(path.Join("designs", name+".toml"), src)
	if d != nil {
		d.Source = name
	}
	return d, err
}

// Find loads a design given as a file path or a built-in's name: a name
// without a path separator or .toml suffix is a built-in unless a regular
// file of that name is in the working folder.
func Find(nameOrPath string) (*Design, error) {
	if !strings.ContainsAny(nameOrPath, `/\`) && !strings.HasSuffix(nameOrPath, ".toml") {
		if info, err := os.Stat(nameOrPath); err != nil || !info.Mode().IsRegular() {
			return LoadBuiltin(nameOrPath)
		}
	}
	if _, err := os.Stat(nameOrPath); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s: no such file", ErrNotFound, nameOrPath)
	}
	return Load(nameOrPath)
}
