package scenarios

import (
	"errors"
	"fmt"
	"regexp"
	"sort"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// Validate checks the meaning of a parsed scenario and returns every problem
// at once, joined (errors.Join), each naming file, line and key.
func (sc *Scenario) Validate() error {
	_, err := sc.Build()
	return err
}

// Build validates the scenario and converts it into a finished
// models.Network. On error it returns all problems found and no network.
func (sc *Scenario) Build() (*models.Network, error) {
	if sc.baseFailed {
		return nil, errors.Join(sc.keyErrs...)
	}
	b := &builder{problems: problems{loc: sc.doc(), errs: append([]error(nil), sc.keyErrs...)}, f: &sc.File,
		parts: map[string]int{}, nodes: map[string]int{}}
	b.meta()
	b.partsIn()
	b.nodesIn()
	b.allocationIn()
	b.lanesIn()
	b.graph()
	b.sizes()
	b.regimesIn()
	b.shocksIn()
	b.calibrationIn(sc)
	if len(b.errs) > 0 {
		sort.SliceStable(b.errs, func(i, j int) bool { return line(b.errs[i]) < line(b.errs[j]) })
		return nil, errors.Join(b.errs...)
	}
	b.nw.SortLanes()
	if err := b.nw.Finish(); err != nil {
		return nil, &Error{Path: sc.Path, Msg: err.Error()}
	}
	return &b.nw, nil
}

func line(err error) int {
	if e, ok := err.(*Error); ok {
		return e.Line
	}
	return 0
}

// builder converts a File into a Network, collecting problems on the way.
type builder struct {
	problems
	f     *File
	nw    models.Network
	parts map[string]int // part id → index
	nodes map[string]int // node id → index

	suggested int // misspelt node ids met, for nearNode
}

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

func (b *builder) meta() {
	m := &b.f.Scenario
	b.nw.Name = m.Name
	switch {
	case m.Name == "":
		b.at("scenario.name", "missing; want a short name like \"eu-auto\"")
	case !namePattern.MatchString(m.Name):
		b.at("scenario.name", "%q: want lower-case letters, digits and dashes", m.Name)
	}
	if m.Description == "" {
		b.at("scenario.description", "missing; want one line saying what the scenario is")
	}
	b.nw.Horizon = b.days("scenario.horizon", m.Horizon, 0, true)
	if b.nw.Horizon > MaxHorizonDays*sim.Day {
		b.at("scenario.horizon", "%q: want at most %dd", m.Horizon, MaxHorizonDays)
		b.nw.Horizon = 0
	}
	if m.Seed < 0 {
		b.at("scenario.seed", "want a seed ≥ 1, got %d", m.Seed)
	}
	b.nw.Warmup = b.days("scenario.warmup", m.Warmup, 0, false)
	if b.nw.Horizon > 0 && b.nw.Warmup >= b.nw.Horizon {
		b.at("scenario.warmup", "%q is not shorter than the horizon %q", m.Warmup, m.Horizon)
	}
	if m.HoldingRate != nil && !(*m.HoldingRate >= 0 && *m.HoldingRate <= 10) {
		b.at("scenario.holding_rate", "want an annual fraction in [0, 10], got %v", *m.HoldingRate)
	}
	if k := m.FanPlants; k != nil {
		if *k < 1 || *k > MaxFanPlants {
			b.at("scenario.fan_plants", "want 1 to %d plants with fan charts of their own, got %d", MaxFanPlants, *k)
		} else {
			b.nw.FanPlants = *k
		}
	}
}

// sizes checks the network against the limits that keep a replication's
// memory bounded.
func (b *builder) sizes() {
	plants := 0
	for _, nd := range b.nw.Nodes {
		if nd.Role == models.Plant {
			plants++
		}
	}
	days := int(b.nw.Horizon / sim.Day)
	switch {
	case len(b.nw.Nodes) > MaxNodes:
		b.at("nodes", "%d nodes: want at most %d", len(b.nw.Nodes), MaxNodes)
	case len(b.nw.Lanes) > MaxLanes:
		b.at("lanes", "%d lanes: want at most %d", len(b.nw.Lanes), MaxLanes)
	case plants*days > MaxPlantDays:
		b.at("scenario.horizon", "%d plants × %d days: want at most %d plant-days (daily outputs are kept per plant and day)",
			plants, days, MaxPlantDays)
	}
}

// duration parses an optional duration (empty → dflt).
func (b *builder) duration(path, s string, dflt sim.Time) sim.Time {
	t, _ := b.parseDuration(path, s, dflt)
	return t
}

func (b *builder) parseDuration(path, s string, dflt sim.Time) (sim.Time, bool) {
	if s == "" {
		return dflt, true
	}
	t, err := sim.ParseDuration(s)
	if err == nil && (t < 0 || t > MaxDuration) {
		err = fmt.Errorf("duration %q: want at most %dd", s, MaxDuration/sim.Day)
	}
	if err != nil {
		b.at(path, "%v", err)
		return dflt, false
	}
	return t, true
}

// days parses a duration that must be whole days (and > 0 when required).
func (b *builder) days(path, s string, dflt sim.Time, required bool) sim.Time {
	if s == "" && required {
		b.at(path, `missing; want a duration in days like "365d"`)
		return 0
	}
	t, ok := b.parseDuration(path, s, dflt)
	switch {
	case !ok:
		return dflt
	case t%sim.Day != 0:
		b.at(path, "%q is not a whole number of days", s)
		return dflt
	case required && t == 0:
		b.at(path, "must be longer than 0d")
	}
	return t
}

func (b *builder) partsIn() {
	rate := 0.25
	if r := b.f.Scenario.HoldingRate; r != nil {
		rate = *r
	}
	if len(b.f.Parts) == 0 {
		b.at("parts", "no parts; a scenario needs at least the vehicle and its inputs")
	}
	for i, in := range b.f.Parts {
		path := fmt.Sprintf("parts[%d]", i)
		b.id(path, in.ID, b.parts, i, "part")
		if !bounded(in.Value) {
			b.at(path+".value", "want EUR per unit from 0 to %g, got %v", MaxQuantity, in.Value)
		}
		hc := in.Value * rate / 365
		if in.HoldingCost != nil {
			if hc = *in.HoldingCost; !bounded(hc) {
				b.at(path+".holding_cost", "want EUR per unit per day from 0 to %g, got %v", MaxQuantity, hc)
			}
		}
		b.nw.Parts = append(b.nw.Parts, models.Part{ID: in.ID, Value: in.Value, Category: in.Category, HoldingCostPerDay: hc})
	}
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// id checks an entry's id and records it in index.
func (b *builder) id(path, id string, index map[string]int, i int, kind string) {
	switch _, dup := index[id]; {
	case id == "":
		b.at(path+".id", "missing")
	case !idPattern.MatchString(id):
		b.at(path+".id", "%q: want ASCII letters, digits, '-', '_' and '.', starting with a letter or digit", id)
	case dup:
		b.at(path+".id", "%s %q is defined twice", kind, id)
	default:
		index[id] = i
	}
}
