package designs

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/scenarios"
	"github.com/supplysim/supplysim/sim"
)

// File is a design file, key for key, as the TOML decoder fills it:
//
//	[design]
//	name = "participation"
//	description = "How the platform's effect grows with participation and report interval"
//	scenario = "eu-auto"          # a built-in's name, or a file relative to this one
//	kind = "grid"                 # grid, lhs or sobol
//	runs = 200                    # replications per point, under every regime
//	regimes = ["silo", "platform"]
//
//	[[factors]]
//	path = "regimes.platform.participation"
//	levels = [0.25, 0.5, 0.75, 1]
//
//	[[factors]]
//	path = "regimes.platform.report_interval"
//	levels = ["1d", "7d"]
//
// A grid gives every factor levels; lhs and sobol give every factor a
// range (min and max: numbers, or durations) or levels to draw among.
type File struct {
	Design  Meta       `toml:"design"`
	Factors []FactorIn `toml:"factors"`
}

// Meta is the [design] table.
type Meta struct {
	Name        string   `toml:"name"`        // required, letters, digits and '-'
	Description string   `toml:"description"` // required, one line
	Scenario    string   `toml:"scenario"`    // required
	Kind        string   `toml:"kind"`        // "grid", "lhs" or "sobol"
	Runs        int      `toml:"runs"`        // replications per point, 2 to 1,000,000
	Regimes     []string `toml:"regimes"`     // default: the scenario's run list
	Equalize    string   `toml:"equalize"`    // default: the scenario's
	// Points is the number of points of an lhs design, and the number of
	// base samples N of a sobol design (which runs N·(factors + 2)
	// points); a grid has as many as its levels combine to.
	Points int   `toml:"points"`
	Seed   int64 `toml:"seed"` // of the sampling (lhs) and the bootstrap (sobol), ≥ 1, default 1
	// Resamples is the number of bootstrap resamples of a sobol design's
	// intervals, 100 to 100,000, default 1,000.
	Resamples int `toml:"resamples"`
}

// FactorIn is one [[factors]] entry.
type FactorIn struct {
	Path   string `toml:"path"`
	Levels []any  `toml:"levels"` // numbers, durations ("7d") or words
	Min    any    `toml:"min"`    // a number or a duration
	Max    any    `toml:"max"`
}

// The limits of a design.
const (
	MaxFactors = 20     // a sobol design's 2·factors dimensions fit the direction numbers
	MaxPoints  = 20_000 // each is a results folder, its scenario built and checked before the sweep starts
	MaxRuns    = 1_000_000
)

// Design is a loaded, checked design: its file, the scenario it varies,
// its factors and its points, a pure function of the file.
type Design struct {
	st       *scenarios.Strict
	Path     string // as the user gave it, for messages
	Source   string // a built-in's name or the file's absolute path: what loads it again
	Text     []byte
	File     File
	Scenario *scenarios.Scenario
	Factors  []Factor
	Points   [][]Value // [point][factor]
}

// Factor is one factor as the design varies it.
type Factor struct {
	Path     string
	Levels   []Value // a grid's, or the words an lhs or sobol design draws among
	Min, Max float64 // a range, in minutes for a duration
	Duration bool    // the range is of durations
	setting  setting
}

// Value is a factor's value at a point: a number, or a text (a duration
// or a word) as the scenario file would write it.
type Value struct {
	Num    float64
	Text   string
	IsText bool
}

func (v Value) String() string {
	if v.IsText {
		return v.Text
	}
	return fmt.Sprint(v.Num)
}

// SHA256 is the hash of the design's text.
func (d *Design) SHA256() string {
	h := sha256.Sum256(d.Text)
	return hex.EncodeToString(h[:])
}

// Load reads, checks and samples the design file at path. Every problem is
// an error naming the file, the line and the key: unknown keys, wrong
// types, values out of range, a factor path the scenario does not have
// (with the nearest one it has) and a factor value the scenario refuses.
func Load(path string) (*Design, error) {
	src, err := scenarios.ReadInput(path, "a design")
	if err != nil {
		return nil, err
	}
	d, err := Parse(path, src)
	if d != nil {
		d.Source, _ = filepath.Abs(path)
	}
	return d, err
}

// Parse is Load of the text src of the file path.
func Parse(path string, src []byte) (*Design, error) {
	d := &Design{Path: path, Text: src}
	st, err := scenarios.DecodeStrict(path, src, &d.File, d.describe)
	if err != nil {
		return nil, err
	}
	m := &d.File.Design
	switch {
	case m.Name == "":
		st.At("design.name", "missing; want a short name like \"participation\"")
	case strings.Trim(m.Name, "abcdefghijklmnopqrstuvwxyz0123456789-") != "":
		st.At("design.name", "%q: want lower-case letters, digits and '-'", m.Name)
	}
	if m.Description == "" {
		st.At("design.description", "missing; want one line saying what the design asks")
	}
	if !(m.Runs >= 2 && m.Runs <= MaxRuns) {
		st.At("design.runs", "want 2 to %d replications per point, got %d", MaxRuns, m.Runs)
	}
	if m.Seed < 0 {
		st.At("design.seed", "want a seed ≥ 1, got %d", m.Seed)
	}
	if m.Resamples == 0 {
		m.Resamples = 1000
	}
	if m.Resamples < 100 || m.Resamples > 100_000 {
		st.At("design.resamples", "want 100 to 100000 bootstrap resamples, got %d", m.Resamples)
	}
	switch m.Kind {
	case "grid":
		if m.Points != 0 {
			st.At("design.points", "a grid has as many points as its levels combine to; leave points out")
		}
	case "lhs", "sobol":
		if !(m.Points >= 2 && m.Points <= MaxPoints) {
			st.At("design.points", "want 2 to %d, got %d", MaxPoints, m.Points)
		}
	default:
		st.At("design.kind", "want grid, lhs or sobol, got %q", m.Kind)
	}
	if len(d.File.Factors) == 0 || len(d.File.Factors) > MaxFactors {
		st.At("factors", "%d factors: want 1 to %d", len(d.File.Factors), MaxFactors)
	}
	if m.Scenario == "" {
		st.At("design.scenario", "missing; want a built-in's name or a scenario file")
	} else if d.Scenario, err = loadScenario(path, m.Scenario); err != nil {
		st.At("design.scenario", "%v", err)
	}
	if err := st.Err(); err != nil || d.Scenario == nil {
		return nil, err
	}
	nw, err := d.Scenario.Build()
	if err != nil {
		return nil, fmt.Errorf("%s: the scenario is invalid: %w", path, err)
	}
	if m.Equalize != "" {
		if _, err := models.ParseFooting(m.Equalize); err != nil {
			st.At("design.equalize", "%v", err)
		}
	}
	if m.Regimes != nil && len(m.Regimes) == 0 {
		st.At("design.regimes", "no regimes; leave regimes out for the scenario's run list")
	}
	for i, g := range m.Regimes {
		if _, ok := nw.Resolve(models.Regime(g)); !ok {
			st.At(fmt.Sprintf("design.regimes[%d]", i), "unknown regime %q; the scenario has %s", g, strings.Join(regimeNames(nw), ", "))
		} else if slices.Contains(m.Regimes[:i], g) {
			st.At(fmt.Sprintf("design.regimes[%d]", i), "regime %q is listed twice", g)
		}
	}
	valid := settings(&d.Scenario.File)
	for i, in := range d.File.Factors {
		at := fmt.Sprintf("factors[%d]", i)
		f, ok := d.factor(st, at, in, valid)
		if ok {
			for _, g := range d.File.Factors[:i] {
				if g.Path == in.Path {
					st.At(at+".path", "%s is a factor twice", in.Path)
				}
			}
		}
		d.Factors = append(d.Factors, f)
	}
	if err := st.Err(); err != nil {
		return nil, err
	}
	if err := d.sample(st); err != nil {
		return nil, err
	}
	d.st = st
	return d, st.Err()
}

// loadScenario loads a design's scenario: a built-in's name, or a file
// relative to the design file's folder.
func loadScenario(designPath, name string) (*scenarios.Scenario, error) {
	if strings.ContainsAny(name, `/\`) || strings.HasSuffix(name, ".toml") {
		if !filepath.IsAbs(name) {
			name = filepath.Join(filepath.Dir(designPath), name)
		}
	}
	return scenarios.Load(name)
}

// describe names the factor a key path is in.
func (d *Design) describe(path string) (string, string) {
	var i int
	head, rest, _ := strings.Cut(path, ".")
	if head == "design" {
		return head, rest
	}
	if _, err := fmt.Sscanf(head, "factors[%d]", &i); err == nil && i < len(d.File.Factors) {
		if p := d.File.Factors[i].Path; p != "" {
			return fmt.Sprintf("factor %q", p), rest
		}
		return fmt.Sprintf("factor %d", i+1), rest
	}
	return "", path
}

// factor checks one factor: its path, and its levels or range.
func (d *Design) factor(st *scenarios.Strict, at string, in FactorIn, valid []setting) (Factor, bool) {
	f := Factor{Path: in.Path}
	s, ok := find(valid, in.Path)
	if !ok {
		if in.Path == "" {
			st.At(at+".path", "missing; want a scenario setting like \"regimes.platform.participation\"")
		} else {
			st.At(at+".path", "%s: the scenario has no such setting%s", in.Path, nearest(valid, in.Path))
		}
		return f, false
	}
	f.setting = s
	if strings.HasSuffix(in.Path, ".participation") && strings.HasPrefix(in.Path, "regimes.") && everyNodeSays(&d.Scenario.File) {
		st.At(at+".path", "%s changes nothing: every node of %s says whether it shares data (shares_data); vary a node's, e.g. \"nodes.%s.shares_data\"",
			in.Path, d.Scenario.File.Scenario.Name, d.Scenario.File.Nodes[0].ID)
		return f, false
	}
	grid := d.File.Design.Kind == "grid"
	switch {
	case grid && in.Levels == nil:
		st.At(at+".levels", "missing; a grid gives every factor its levels")
	case in.Levels != nil && (in.Min != nil || in.Max != nil):
		st.At(at+".levels", "give levels or a range (min and max), not both")
	case in.Levels == nil && (in.Min == nil || in.Max == nil):
		st.At(at+".min", "missing; give min and max, or levels")
	case in.Levels != nil:
		if len(in.Levels) < 1 || len(in.Levels) > MaxPoints {
			st.At(at+".levels", "%d levels: want 1 to %d", len(in.Levels), MaxPoints)
		}
		for k, x := range in.Levels {
			v, err := s.value(x)
			if err != nil {
				st.At(fmt.Sprintf("%s.levels[%d]", at, k), "%v", err)
			}
			f.Levels = append(f.Levels, v)
		}
	default:
		lo, err1 := s.value(in.Min)
		hi, err2 := s.value(in.Max)
		for _, e := range []struct {
			key string
			err error
		}{{"min", err1}, {"max", err2}} {
			if e.err != nil {
				st.At(at+"."+e.key, "%v", e.err)
			}
		}
		if err1 != nil || err2 != nil {
			return f, false
		}
		f.Duration = lo.IsText
		f.Min, f.Max = lo.Num, hi.Num
		if lo.IsText {
			a, _ := sim.ParseDuration(lo.Text)
			b, _ := sim.ParseDuration(hi.Text)
			f.Min, f.Max = float64(a), float64(b)
			if s.kind != durationSetting {
				st.At(at+".min", "%s takes words, not a range; give levels", in.Path)
			}
		}
		if !(f.Min < f.Max) {
			st.At(at+".max", "want a range with min below max, got %v to %v", in.Min, in.Max)
		}
	}
	return f, true
}

// sample draws the design's points.
func (d *Design) sample(st *scenarios.Strict) error {
	m := d.File.Design
	var unit [][]float64
	switch m.Kind {
	case "grid":
		levels, total := make([]int, len(d.Factors)), 1
		for i, f := range d.Factors {
			levels[i] = len(f.Levels)
			if total *= len(f.Levels); total > MaxPoints {
				st.At("factors", "the grid's levels combine to more than %d points", MaxPoints)
				return st.Err()
			}
		}
		for _, idx := range Grid(levels) {
			p := make([]Value, len(idx))
			for i, k := range idx {
				p[i] = d.Factors[i].Levels[k]
			}
			d.Points = append(d.Points, p)
		}
		return nil
	case "lhs":
		unit = LatinHypercube(m.Points, len(d.Factors), uint64(max(m.Seed, 1)))
	case "sobol":
		if m.Points*(len(d.Factors)+2) > MaxPoints {
			st.At("design.points", "%d base samples × (%d factors + 2) is more than %d points", m.Points, len(d.Factors), MaxPoints)
			return st.Err()
		}
		var err error
		if unit, err = Saltelli(m.Points, len(d.Factors)); err != nil {
			st.At("design.points", "%v", err)
			return st.Err()
		}
	}
	for _, u := range unit {
		p := make([]Value, len(u))
		for i, x := range u {
			p[i] = d.Factors[i].at(x)
		}
		d.Points = append(d.Points, p)
	}
	return nil
}

// at maps a coordinate in [0, 1) to the factor's value: into its range
// (durations rounded to the minute, integers to the unit), or to one of
// its levels, each taking an equal share.
func (f *Factor) at(u float64) Value {
	if f.Levels != nil {
		return f.Levels[min(len(f.Levels)-1, int(u*float64(len(f.Levels))))]
	}
	x := f.Min + float64(u*(f.Max-f.Min))
	switch {
	case f.Duration:
		return Value{Text: duration(int64(math.Round(x))), IsText: true}
	case f.setting.kind == integerSetting:
		return Value{Num: math.Round(x)}
	}
	return Value{Num: x}
}

// Check builds the scenario at every point of the design, so that a
// combination of values the scenario refuses is an error of the design
// before anything runs: the design's file and the line of its factors,
// the point and its values, and the scenario's message. It takes a few
// milliseconds a point (eu-auto: about 6), on up to workers goroutines.
func (d *Design) Check(workers int) error {
	errs := make([]error, len(d.Points))
	next := make(chan int)
	done := make(chan struct{})
	for range max(1, workers) {
		go func() {
			for k := range next {
				sc, _, err := d.ScenarioAt(d.Points[k])
				if err == nil {
					_, err = sc.Build()
				}
				errs[k] = err
			}
			done <- struct{}{}
		}()
	}
	for k := range d.Points {
		next <- k
	}
	close(next)
	for range max(1, workers) {
		<-done
	}
	for k, err := range errs {
		if err != nil {
			var vals []string
			for i, f := range d.Factors {
				vals = append(vals, f.Path+" = "+d.Points[k][i].String())
			}
			return &scenarios.Error{Path: d.Path, Line: d.st.Line("factors[0]"), Key: "factors",
				Msg: fmt.Sprintf("at point %d (%s) the scenario is invalid: %s", k+1, strings.Join(vals, ", "), firstLine(err))}
		}
	}
	return nil
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// ScenarioAt returns a fresh copy of the design's scenario with the
// factors set to the point's values, and the multiplier on every
// order-up-to target (policy.cover_scale, 1 when no factor sets it).
func (d *Design) ScenarioAt(p []Value) (*scenarios.Scenario, float64, error) {
	sc, err := scenarios.Parse(d.Scenario.Path, d.Scenario.Text)
	if err != nil {
		return nil, 0, err
	}
	sc.Source = d.Scenario.Source
	scale := 1.0
	for i, f := range d.Factors {
		if f.Path == coverScale {
			scale = p[i].Num
			continue
		}
		if err := f.setting.set(&sc.File, p[i]); err != nil {
			return nil, 0, err
		}
	}
	if !(scale > 0 && scale <= 1000) {
		return nil, 0, errors.New("policy.cover_scale: want a multiplier above 0 and at most 1000")
	}
	return sc, scale, nil
}

// duration writes whole minutes as a scenario file would: in days, hours
// or minutes, the largest unit that divides them.
func duration(minutes int64) string {
	switch {
	case minutes%int64(sim.Day) == 0:
		return fmt.Sprintf("%dd", minutes/int64(sim.Day))
	case minutes%60 == 0:
		return fmt.Sprintf("%dh", minutes/60)
	}
	return fmt.Sprintf("%dm", minutes)
}

// everyNodeSays reports whether every node of f sets shares_data, which
// a participation probability then no longer decides.
func everyNodeSays(f *scenarios.File) bool {
	for _, n := range f.Nodes {
		if n.SharesData == nil {
			return false
		}
	}
	return len(f.Nodes) > 0
}

// regimeNames lists the regimes a network can run: the three kinds and its
// variants.
func regimeNames(nw *models.Network) []string {
	var out []string
	for _, g := range models.Regimes {
		out = append(out, string(g))
	}
	for _, v := range nw.Variants {
		out = append(out, string(v.Name))
	}
	return out
}

// Alike names point p's network as a regime of kind kind named name runs
// on it, for sharing calibration evaluations between points
// (models.Shared): the point's values of the factors that reach that
// regime. Who shares data (regimes.platform.participation, a node's
// shares_data) reaches the bilateral and platform kinds; any other setting
// of [regimes.bilateral] or [regimes.platform] only the regimes of that
// kind (variants included, which inherit it); one of a variant
// ([[regimes.variants]]) only that variant; and any other setting every
// regime. Points with the same name for a regime differ only in settings
// the regime does not read.
func (d *Design) Alike(p int, name string, kind models.Regime) string {
	var b strings.Builder
	for i, f := range d.Factors {
		if reaches(f.Path, name, kind) {
			fmt.Fprintf(&b, "%s=%s;", f.Path, d.Points[p][i])
		}
	}
	return b.String()
}

// reaches says whether the setting at path can change what the regime of
// kind kind named name does.
func reaches(path, name string, kind models.Regime) bool {
	if path == "regimes.platform.participation" || strings.HasPrefix(path, "nodes.") && strings.HasSuffix(path, ".shares_data") {
		return kind != models.Silo
	}
	for _, k := range []models.Regime{models.Bilateral, models.Platform} {
		if strings.HasPrefix(path, "regimes."+string(k)+".") {
			return kind == k
		}
	}
	if v, ok := strings.CutPrefix(path, "regimes.variants."); ok {
		return strings.HasPrefix(v, name+".")
	}
	return true
}
