package designs

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/supplysim/supplysim/scenarios"
	"github.com/supplysim/supplysim/sim"
)

// A setting is one scenario value a factor can vary, addressed by a path a
// user can read: the keys of the scenario file joined by ".", with the id
// of a part, node or shock, the name of a regime variant, or "FROM→TO" of
// a lane in place of an array index: "nodes.cells-kr.capacity",
// "regimes.platform.participation", "shocks.china-lockdown.probability",
// "lanes.ecu-de→zwickau.transit.mode", "nodes.zwickau.demand.daily.mean",
// "mitigation.extra_cover". One more, policy.cover_scale, multiplies every
// order-up-to target.
type setting struct {
	path  string
	kind  settingKind
	steps []step // from the File to the value
}

type settingKind int

const (
	numberSetting settingKind = iota
	integerSetting
	durationSetting
	wordSetting
	boolSetting
)

// step is one move from a value to a part of it: a struct field, a slice
// element, or a map key (of a Go map or of a free-form table).
type step struct {
	field int
	index int
	key   string
	kind  stepKind
}

type stepKind int

const (
	fieldStep stepKind = iota
	indexStep
	keyStep
)

// coverScale is the path of the multiplier on every order-up-to target.
const coverScale = "policy.cover_scale"

// durationKeys are the string keys of a scenario that hold durations;
// wordKeys those that hold one of a few words. Other strings (ids, names,
// references to parts and nodes) are not settings a factor varies.
var (
	durationKeys = []string{"horizon", "warmup", "lead_time", "fg_cover", "review", "cover", "ramp_up", "max_duration", "period", "peak",
		"qualification", "attribution", "hop_delay", "exchange", "report_interval", "latency", "alert_cover", "window", "extra_cover", "hold"}
	wordKeys = []string{"forecast", "unmet", "mode", "equalize", "rule", "allocation", "ban_from", "cloud", "provider"}
)

// settings lists every setting of f, in the file's order, and
// policy.cover_scale.
func settings(f *scenarios.File) []setting {
	var out []setting
	walk(reflect.ValueOf(f).Elem(), "", nil, &out)
	return append(out, setting{path: coverScale, kind: numberSetting})
}

func join(path, part string) string {
	if path == "" {
		return part
	}
	return path + "." + part
}

// walk adds the settings inside v (at path, reached by steps) to out.
func walk(v reflect.Value, path string, steps []step, out *[]setting) {
	add := func(kind settingKind) {
		*out = append(*out, setting{path: path, kind: kind, steps: slices.Clone(steps)})
	}
	name := path[strings.LastIndex(path, ".")+1:]
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			walk(reflect.New(v.Type().Elem()).Elem(), path, steps, out) // settable: set allocates it
			return
		}
		walk(v.Elem(), path, steps, out)
	case reflect.Struct:
		for i := range v.NumField() {
			tag := v.Type().Field(i).Tag.Get("toml")
			if tag == "" || tag == "base" || tag == "seed" {
				continue
			}
			walk(v.Field(i), join(path, tag), append(steps, step{field: i, kind: fieldStep}), out)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.Struct {
			return // lists of words (regions, the run list) are not varied
		}
		for i := range v.Len() {
			id := entryID(v.Index(i))
			if id == "" {
				continue
			}
			walk(v.Index(i), join(path, id), append(steps, step{index: i, kind: indexStep}), out)
		}
	case reflect.Map:
		for _, k := range slices.Sorted(mapKeys(v)) {
			walk(v.MapIndex(reflect.ValueOf(k)), join(path, k), append(steps, step{key: k, kind: keyStep}), out)
		}
	case reflect.Interface:
		switch x := v.Interface().(type) {
		case map[string]any:
			for _, k := range slices.Sorted(mapKeysOf(x)) {
				switch y := x[k].(type) {
				case string:
					if _, err := sim.ParseDuration(y); err == nil {
						*out = append(*out, setting{path: join(path, k), kind: durationSetting, steps: append(slices.Clone(steps), step{key: k, kind: keyStep})})
					}
				case int64, float64:
					*out = append(*out, setting{path: join(path, k), kind: numberSetting, steps: append(slices.Clone(steps), step{key: k, kind: keyStep})})
				}
			}
		case string:
			if _, err := sim.ParseDuration(x); err == nil {
				add(durationSetting)
			} else {
				add(numberSetting) // "unlimited" capacity: a number replaces it
			}
		case nil, int64, float64:
			add(numberSetting)
		}
	case reflect.Float64:
		add(numberSetting)
	case reflect.Int, reflect.Int64:
		add(integerSetting)
	case reflect.Bool:
		add(boolSetting)
	case reflect.String:
		switch {
		case slices.Contains(durationKeys, name):
			add(durationSetting)
		case slices.Contains(wordKeys, name):
			add(wordSetting)
		}
	}
}

// entryID names an array-of-tables entry in a path: its id, a variant's
// name, or a lane's FROM→TO.
func entryID(v reflect.Value) string {
	for _, key := range []string{"ID", "Name"} {
		if f := v.FieldByName(key); f.IsValid() && f.Kind() == reflect.String && f.String() != "" {
			return f.String()
		}
	}
	if from, to := v.FieldByName("From"), v.FieldByName("To"); from.IsValid() && to.IsValid() {
		return from.String() + "→" + to.String()
	}
	return ""
}

func mapKeys(v reflect.Value) func(func(string) bool) {
	return func(yield func(string) bool) {
		for _, k := range v.MapKeys() {
			if !yield(k.String()) {
				return
			}
		}
	}
}

func mapKeysOf(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// find returns the setting at path; a path two entries share (two lanes
// between the same nodes) is not one.
func find(valid []setting, path string) (setting, bool) {
	k := slices.IndexFunc(valid, func(s setting) bool { return s.path == path })
	if k < 0 || slices.ContainsFunc(valid[k+1:], func(s setting) bool { return s.path == path }) {
		return setting{}, false
	}
	return valid[k], true
}

// nearest is "; did you mean …?" naming the valid path nearest a wrong one.
func nearest(valid []setting, path string) string {
	paths := make([]string, len(valid))
	for i, s := range valid {
		paths[i] = s.path
	}
	if best := scenarios.Nearest(path, paths); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	// the same key elsewhere: a misspelt id
	last := path[strings.LastIndex(path, ".")+1:]
	head := path[:strings.Index(path+".", ".")]
	for _, p := range paths {
		if strings.HasPrefix(p, head+".") && strings.HasSuffix(p, "."+last) {
			return fmt.Sprintf("; settings like it: %q", p)
		}
	}
	return ""
}

// value reads a level, min or max as a value of the setting.
func (s setting) value(x any) (Value, error) {
	switch s.kind {
	case numberSetting, integerSetting:
		var f float64
		switch n := x.(type) {
		case int64:
			f = float64(n)
		case float64:
			f = n
		default:
			return Value{}, fmt.Errorf("%s takes numbers, got %v", s.path, describe(x))
		}
		if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > scenarios.MaxQuantity {
			return Value{}, fmt.Errorf("%s: want a number from −%g to %g, got %v", s.path, scenarios.MaxQuantity, scenarios.MaxQuantity, f)
		}
		if s.path == coverScale && !(f > 0 && f <= 1000) {
			return Value{}, fmt.Errorf("%s: want a multiplier above 0 and at most 1000, got %v", s.path, f)
		}
		if s.kind == integerSetting && f != math.Trunc(f) {
			return Value{}, fmt.Errorf("%s takes whole numbers, got %v", s.path, f)
		}
		return Value{Num: f}, nil
	case durationSetting:
		text, ok := x.(string)
		if !ok {
			return Value{}, fmt.Errorf("%s takes durations like \"7d\", got %v", s.path, describe(x))
		}
		if _, err := sim.ParseDuration(text); err != nil {
			return Value{}, fmt.Errorf("%s: %v", s.path, err)
		}
		return Value{Text: text, IsText: true}, nil
	case boolSetting:
		b, ok := x.(bool)
		if !ok {
			return Value{}, fmt.Errorf("%s takes true or false, got %v", s.path, describe(x))
		}
		return Value{Text: fmt.Sprint(b), IsText: true}, nil
	}
	text, ok := x.(string)
	if !ok {
		return Value{}, fmt.Errorf("%s takes a word, got %v", s.path, describe(x))
	}
	return Value{Text: text, IsText: true}, nil
}

func describe(x any) string {
	if s, ok := x.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(x)
}

// set writes v at the setting in f, a fresh copy of the design's scenario.
func (s setting) set(f *scenarios.File, v Value) error {
	return assign(reflect.ValueOf(f).Elem(), s.steps, s, v)
}

func assign(v reflect.Value, steps []step, s setting, val Value) error {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	if len(steps) == 0 {
		return leaf(v, s, val)
	}
	st := steps[0]
	switch {
	case st.kind == fieldStep && v.Kind() == reflect.Struct:
		return assign(v.Field(st.field), steps[1:], s, val)
	case st.kind == indexStep && v.Kind() == reflect.Slice && st.index < v.Len():
		return assign(v.Index(st.index), steps[1:], s, val)
	case st.kind == keyStep && v.Kind() == reflect.Map:
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		elem := reflect.New(v.Type().Elem()).Elem()
		if old := v.MapIndex(reflect.ValueOf(st.key)); old.IsValid() {
			elem.Set(old)
		}
		if err := assign(elem, steps[1:], s, val); err != nil {
			return err
		}
		v.SetMapIndex(reflect.ValueOf(st.key), elem)
		return nil
	case st.kind == keyStep && v.Kind() == reflect.Interface:
		if m, ok := v.Interface().(map[string]any); ok && len(steps) == 1 {
			m[st.key] = plain(s, val)
			return nil
		}
	}
	return fmt.Errorf("%s: the scenario's shape differs from the design's (internal error)", s.path)
}

// leaf writes val into v, the value a setting's path ends at.
func leaf(v reflect.Value, s setting, val Value) error {
	switch v.Kind() {
	case reflect.Float64:
		v.SetFloat(val.Num)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(val.Num))
	case reflect.Bool:
		v.SetBool(val.Text == "true")
	case reflect.String:
		v.SetString(val.Text)
	case reflect.Interface:
		v.Set(reflect.ValueOf(plain(s, val)))
	default:
		return fmt.Errorf("%s: cannot set a %s (internal error)", s.path, v.Kind())
	}
	return nil
}

// plain is val as the TOML decoder would have decoded it into an any.
func plain(s setting, val Value) any {
	if val.IsText {
		return val.Text
	}
	if s.kind == integerSetting {
		return int64(val.Num)
	}
	return val.Num
}
