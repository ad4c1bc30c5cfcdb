package scenarios

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
)

// maxBaseDepth bounds chains of bases (and catches cycles).
const maxBaseDepth = 4

// inherit loads the scenario's base and takes its network and any of its
// settings this scenario leaves out; problems go to p at scenario.base.
func (sc *Scenario) inherit(p *problems, depth int) {
	f := &sc.File
	sc.baseFailed = true
	if depth >= maxBaseDepth {
		p.at("scenario.base", "bases nest deeper than %d (a cycle?)", maxBaseDepth)
		return
	}
	if len(f.Parts)+len(f.Nodes)+len(f.Lanes) > 0 {
		p.at("scenario.base", "a scenario with a base takes its parts, nodes and lanes from it; remove its own")
		return
	}
	base, err := sc.loadBase(depth)
	if err == nil {
		err = base.Validate()
	}
	if err != nil {
		p.at("scenario.base", "%q: %s", f.Scenario.Base, strings.ReplaceAll(err.Error(), "\n", "; "))
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
// regular file relative to this scenario's, inside its folder tree.
func (sc *Scenario) loadBase(depth int) (*Scenario, error) {
	name := sc.File.Scenario.Base
	if !strings.ContainsAny(name, `/\`) && !strings.HasSuffix(name, ".toml") {
		src, err := builtins.ReadFile(name + ".toml")
		if err != nil {
			return nil, fmt.Errorf("no built-in scenario %q", name)
		}
		return parse("scenarios/"+name+".toml", src, depth+1)
	}
	dir := filepath.Dir(sc.Path)
	path := filepath.Join(dir, name)
	if filepath.IsAbs(name) || !inside(dir, path) {
		return nil, fmt.Errorf("%q: a base is a built-in's name or a file in this scenario's folder or below it", name)
	}
	src, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return parse(path, src, depth+1)
}

func or(s, dflt string) string {
	if s == "" {
		return dflt
	}
	return s
}
