package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
)

// maxBaseDepth bounds chains of bases.
const maxBaseDepth = 4

// inherit loads the scenario's base and takes its network and any of its
// settings this scenario leaves out; problems go to p at scenario.base.
// chain holds the paths of the scenarios that lead here, this one last.
func (sc *Scenario) inherit(p *problems, chain []string) {
	f := &sc.File
	sc.baseFailed = true
	if len(f.Parts)+len(f.Nodes)+len(f.Lanes) > 0 {
		p.at("scenario.base", "a scenario with a base takes its parts, nodes and lanes from it; remove its own")
		return
	}
	base, err := sc.loadBase(chain)
	if err == nil {
		err = base.Validate()
		if err != nil {
			err = fmt.Errorf("%q: %s", f.Scenario.Base, strings.ReplaceAll(err.Error(), "\n", "; "))
		}
	}
	if err != nil {
		p.at("scenario.base", "%s", err)
		return
	}
	sc.baseFailed = false
	sc.bases = base.Texts()
	bf := &base.File
	f.Parts, f.Nodes, f.Lanes = bf.Parts, bf.Nodes, bf.Lanes
	m, bm := &f.Scenario, &bf.Scenario
	m.Horizon, m.Warmup = or(m.Horizon, bm.Horizon), or(m.Warmup, bm.Warmup)
	if m.Seed == 0 {
		m.Seed = bm.Seed
	}
	if m.HoldingRate == nil {
		m.HoldingRate = bm.HoldingRate
	}
	if m.FanPlants == nil {
		m.FanPlants = bm.FanPlants
	}
	if f.Shocks == nil {
		f.Shocks = bf.Shocks
	}
	if reflect.ValueOf(f.Regimes).IsZero() {
		f.Regimes = bf.Regimes
	}
	if f.Mitigation == nil {
		f.Mitigation = bf.Mitigation
	}
	if f.Allocation == nil {
		f.Allocation = bf.Allocation
	}
}

// loadBase reads the base: a built-in for a bare name ("eu-auto"), else a
// regular file relative to this scenario's, inside its folder tree. The
// chain of scenarios that lead to it (see inherit) may not hold it already
// and may be at most maxBaseDepth long.
func (sc *Scenario) loadBase(chain []string) (*Scenario, error) {
	name := sc.File.Scenario.Base
	var path string
	var src []byte
	if !strings.ContainsAny(name, `/\`) && !strings.HasSuffix(name, ".toml") {
		var err error
		if src, err = builtins.ReadFile(name + ".toml"); err != nil {
			return nil, fmt.Errorf("%q: no built-in scenario of that name%s", name, suggestBuiltin(name))
		}
		path = "scenarios/" + name + ".toml"
	} else {
		dir := filepath.Dir(sc.Path)
		path = filepath.Join(dir, name)
		if err := inside(dir, name); err != nil {
			return nil, fmt.Errorf("%q: %w", name, err)
		}
	}
	for i, p := range chain {
		if sameFile(p, path) {
			names := append(slices.Clone(chain[i:]), path)
			return nil, fmt.Errorf("%q: bases in a cycle: %s", name, strings.Join(names, " → "))
		}
	}
	if len(chain) > maxBaseDepth {
		return nil, fmt.Errorf("%q: bases nest deeper than %d", name, maxBaseDepth)
	}
	if src == nil {
		var err error
		if src, err = readFile(path); err != nil {
			return nil, fmt.Errorf("%q: %w", name, err)
		}
	}
	return parse(path, src, chain)
}

// inside says why a base file named relative to dir is not a file inside
// dir's folder tree, symlinks followed, or returns nil.
func inside(dir, name string) error {
	const rule = "a base is a built-in's name or a file in this scenario's folder or below it"
	if !filepath.IsLocal(name) {
		return errors.New(rule)
	}
	path := filepath.Join(dir, name)
	_, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file in this scenario's folder")
	case errors.Is(err, syscall.ELOOP):
		return errors.New("a loop of symlinks")
	case err != nil:
		return err
	}
	p, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	d, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(d, p); err != nil || !filepath.IsLocal(rel) {
		return errors.New("a symlink out of this scenario's folder tree; " + rule)
	}
	return nil
}

// sameFile says whether two scenario paths are the same file (or the same
// built-in).
func sameFile(a, b string) bool {
	if a == b {
		return true
	}
	ia, err1 := os.Stat(a)
	ib, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ia, ib)
}

func or(s, dflt string) string {
	if s == "" {
		return dflt
	}
	return s
}
