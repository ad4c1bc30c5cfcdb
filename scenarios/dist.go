package scenarios

import (
	"fmt"
	"sort"
	"strings"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// A distribution is written the same way everywhere:
//
//	transit = "3d"                                           # constant
//	transit = { dist = "lognormal", median = "30d", sigma = 0.4 }
//	daily   = { dist = "poisson", mean = 1200 }
//
// Distributions of durations take duration strings for their location
// parameters; distributions of quantities take numbers. sigma (lognormal) is
// always a plain number.
var distParams = map[string][]string{
	"constant":   {"value"},
	"normal":     {"mean", "sd"},
	"lognormal":  {"median", "sigma"},
	"uniform":    {"min", "max"},
	"triangular": {"min", "mode", "max"},
	"poisson":    {"mean"},
}

var distKinds = map[string]models.DistKind{
	"constant": models.Constant, "normal": models.Normal, "lognormal": models.LogNormal,
	"uniform": models.Uniform, "triangular": models.Triangular, "poisson": models.Poisson,
}

// dist converts a decoded distribution at path. durations says whether its
// values are durations (returned in minutes) or quantities.
func (p *problems) dist(path string, v any, durations bool) (models.Dist, bool) {
	var d models.Dist
	switch v := v.(type) {
	case nil:
		p.at(path, "missing; want %s", distHint(durations))
		return d, false
	case map[string]any:
		return p.distTable(path, v, durations)
	default:
		x, ok := p.value(path, v, durations)
		return models.Dist{Kind: models.Constant, A: x}, ok
	}
}

func distHint(durations bool) string {
	if durations {
		return `a duration like "3d" or a table like { dist = "lognormal", median = "30d", sigma = 0.4 }`
	}
	return `a number or a table like { dist = "poisson", mean = 1200 }`
}

func (p *problems) distTable(path string, t map[string]any, durations bool) (models.Dist, bool) {
	name, _ := t["dist"].(string)
	params, known := distParams[name]
	if !known || (durations && name == "poisson") {
		p.at(path+".dist", "want one of %s, got %v", distNames(durations), quoteAny(t["dist"]))
		return models.Dist{}, false
	}
	ok := true
	for k := range t {
		if k != "dist" && !contains(params, k) {
			p.at(path+"."+k, "unknown parameter of %s; want %s", name, strings.Join(params, ", "))
			ok = false
		}
	}
	var vals [3]float64
	for i, k := range params {
		raw, given := t[k]
		if !given {
			p.at(path, "%s needs %s", name, k)
			ok = false
			continue
		}
		var good bool
		vals[i], good = p.value(path+"."+k, raw, durations && k != "sigma")
		ok = ok && good
	}
	d := models.Dist{Kind: distKinds[name], A: vals[0], B: vals[1], C: vals[2]}
	if ok {
		if err := d.Check(); err != nil {
			var got []string
			for _, k := range params {
				got = append(got, k+" = "+quoteAny(t[k]))
			}
			p.at(path, "%v (got %s)", err, strings.Join(got, ", "))
			ok = false
		}
	}
	return d, ok
}

// value converts one number or duration string.
func (p *problems) value(path string, v any, duration bool) (float64, bool) {
	if duration {
		s, isString := v.(string)
		if !isString {
			p.at(path, `want a duration string like "3d", got %v`, quoteAny(v))
			return 0, false
		}
		t, err := sim.ParseDuration(s)
		if err == nil && (t < 0 || t > MaxDuration) {
			err = fmt.Errorf("duration %q: want at most %dd", s, MaxDuration/sim.Day)
		}
		if err != nil {
			p.at(path, "%v", err)
			return 0, false
		}
		return float64(t), true
	}
	var x float64
	switch v := v.(type) {
	case int64:
		x = float64(v)
	case float64:
		x = v
	default:
		p.at(path, "want a number, got %v", quoteAny(v))
		return 0, false
	}
	if !(x >= 0 && x <= MaxQuantity) {
		p.at(path, "want a number from 0 to %g, got %v", MaxQuantity, x)
		return 0, false
	}
	return x, true
}

func distNames(durations bool) string {
	var names []string
	for n := range distParams {
		if !(durations && n == "poisson") {
			names = append(names, fmt.Sprintf("%q", n))
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func quoteAny(v any) string {
	switch v := v.(type) {
	case nil:
		return "nothing"
	case string:
		return fmt.Sprintf("%q", v)
	case map[string]any:
		return "a table"
	case []any:
		return "an array"
	}
	return fmt.Sprint(v)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
