package scenarios

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// Scenario is a parsed scenario file: its text, the decoded keys and where
// each key is written. Parse makes one; Validate and Build check and convert it.
type Scenario struct {
	Path    string // as given by the user, used in messages
	Source  string // what Load takes to load it again: a built-in's name or an absolute path
	Text    []byte
	File    File
	lines   keyLines
	keyErrs []error // unknown or miscased keys, reported again by Validate
	// baseFailed: the base could not be used, so the network is missing and
	// Validate reports only the problems found by Parse.
	baseFailed bool
	bases      [][]byte // the texts of the base chain, the root first
}

// Texts returns the texts the scenario is made of: its bases', root first,
// then its own. A hash of them identifies the scenario a batch ran.
func (sc *Scenario) Texts() [][]byte { return append(append([][]byte(nil), sc.bases...), sc.Text) }

// Parse decodes a scenario from src, strictly: a syntax error, a value of
// the wrong type, an unknown key or a key whose case differs from the
// format's is an error naming path, line and key. Parse checks the form
// only; Validate checks the meaning. When the text decodes but has key
// problems, Parse returns them together with the Scenario, so that Validate
// can report them along with every other problem. O(len(src)).
//
// A scenario with scenario.base takes its parts, nodes and lanes from that
// scenario (see File), which must itself be valid.
func Parse(path string, src []byte) (*Scenario, error) { return parse(path, src, nil) }

// parse parses a scenario that is the base of the scenarios in chain (the
// one naming it last), if any.
func parse(path string, src []byte, chain []string) (*Scenario, error) {
	sc := &Scenario{Path: path, Text: src, lines: keyLines{}}
	d := sc.doc()
	if line, what := shapeError(src); line > 0 { // before anything scans the text
		return nil, d.located(line, "", what+", more than a scenario needs")
	}
	sc.lines = indexLines(string(src))
	d.lines = sc.lines
	md, err := toml.Decode(string(src), &sc.File)
	if err != nil {
		return nil, d.decodeError(err)
	}
	p := &problems{loc: d}
	d.checkKeys(md, p)
	if sc.File.Scenario.Base != "" {
		sc.inherit(p, append(chain[:len(chain):len(chain)], path))
	}
	sc.keyErrs = p.errs
	return sc, errors.Join(p.errs...)
}

// Seed returns the scenario's master seed: scenario.seed, or 1 when it is
// not given (0 is not a seed a user can ask for).
func (sc *Scenario) Seed() uint64 { return uint64(max(sc.File.Scenario.Seed, 1)) }

var typeErr = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

// doc is the scenario's text as a strictly decoded document of File.
func (sc *Scenario) doc() *document {
	return &document{path: sc.Path, src: sc.Text, lines: sc.lines, root: fileType, describe: sc.describe, describeGeneric: sc.describeGeneric}
}

// document is a TOML text decoded strictly into a struct type (root): what
// locates its problems by file, line and entry.
type document struct {
	path  string
	src   []byte
	lines keyLines
	root  reflect.Type
	// describe names the entry a key path is in and the key within it;
	// describeGeneric does so from the generic decoding of a text that did
	// not decode into root.
	describe        func(path string) (where, key string)
	describeGeneric func(path string, generic map[string]any) (where, key string)
}

func (d *document) file() string                       { return d.path }
func (d *document) line(path string) int               { return d.lines.line(path) }
func (d *document) entry(path string) (string, string) { return d.describe(path) }

// decodeError turns the library's messages into ours.
func (d *document) decodeError(err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return d.located(pe.Position.Line, pe.LastKey, "syntax error: "+pe.Message)
	}
	var generic map[string]any
	if _, gerr := toml.Decode(string(d.src), &generic); gerr == nil {
		if path, want, got, bad := mistyped(d.root, generic, ""); bad {
			where, key := d.describeGeneric(path, generic)
			return &Error{Path: d.path, Line: d.lines.line(path), Where: where, Key: key,
				Msg: fmt.Sprintf("want %s, got %s", want, got)}
		}
	}
	if m := typeErr.FindStringSubmatch(err.Error()); m != nil {
		var line int
		fmt.Sscan(m[1], &line)
		return d.located(line, m[2], friendlyType(m[3]))
	}
	return &Error{Path: d.path, Msg: err.Error()}
}

// describeGeneric is describe for a file that did not decode into File:
// the entry's id comes from the generic decoding.
func (sc *Scenario) describeGeneric(path string, generic map[string]any) (string, string) {
	head, rest, _ := strings.Cut(path, ".")
	var table string
	var idx int
	if n, _ := fmt.Sscanf(strings.Replace(head, "[", " ", 1), "%s %d]", &table, &idx); n == 2 {
		if list, ok := generic[table].([]map[string]any); ok && idx < len(list) {
			kind := strings.TrimSuffix(table, "s")
			if id, ok := list[idx]["id"].(string); ok {
				return fmt.Sprintf("%s %q", kind, id), rest
			}
			if from, ok := list[idx]["from"].(string); ok {
				to, _ := list[idx]["to"].(string)
				return fmt.Sprintf("%s %q", kind, from+"→"+to), rest
			}
			return fmt.Sprintf("%s %d", kind, idx+1), rest
		}
	}
	return sc.describe(path)
}

// located names the entry holding key (as the library writes it, without
// array indices) when the line finds it.
func (d *document) located(line int, key, msg string) *Error {
	e := &Error{Path: d.path, Line: line, Key: key, Msg: msg}
	for _, l := range []int{line, line - 1} { // a syntax error may surface on the next line
		if path := d.lines.find(key, l); path != "" {
			e.Line = l
			e.Where, e.Key = d.describe(path)
			break
		}
	}
	return e
}

var incompatible = regexp.MustCompile(`incompatible types: TOML value has type ([\w.\[\]{}]+); destination has type ([\w.\[\]{}]+)`)

func friendlyType(msg string) string {
	m := incompatible.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	name := func(t string) string {
		switch {
		case strings.Contains(t, "int"), strings.Contains(t, "float"):
			return "a number"
		case t == "string":
			return "a string"
		case t == "bool":
			return "true or false"
		case strings.HasPrefix(t, "map"), strings.Contains(t, "In"), t == "struct":
			return "a table"
		case strings.HasPrefix(t, "[]"), strings.HasPrefix(t, "slice"):
			return "an array"
		}
		return t
	}
	return fmt.Sprintf("want %s, got %s", name(m[2]), name(m[1]))
}

// checkKeys reports keys the format does not have, and keys that the
// library matched only because it compares field names case-insensitively.
func (d *document) checkKeys(md toml.MetaData, p *problems) {
	undecoded := map[string]bool{}
	for _, k := range md.Undecoded() {
		undecoded[k.String()] = true
	}
	count := map[string]int{} // resolved path of an array of tables → elements
	for _, k := range md.Keys() {
		path := indexed(k, count, md.Type(k...) == "ArrayHash")
		if freeForm(d.root, k) {
			continue
		}
		if undecoded[k.String()] {
			if len(k) == 1 || !undecoded[k[:len(k)-1].String()] {
				p.at(path, "unknown key%s", suggest(d.root, k))
			}
			continue
		}
		if exact, ok := caseMismatch(d.root, k); !ok {
			p.at(path, "unknown key; did you mean %q? (keys are case-sensitive)", exact)
		}
	}
}

// indexed returns k as a path with the index of every array-of-tables
// element it is in, counting elements as md.Keys lists them in order.
func indexed(k toml.Key, count map[string]int, isArray bool) string {
	path := ""
	for i, part := range k {
		path = join(path, part)
		if i == len(k)-1 && isArray {
			count[path]++
		}
		if n, ok := count[path]; ok {
			path += fmt.Sprintf("[%d]", n-1)
		}
	}
	return path
}

var fileType = reflect.TypeFor[File]()

// freeForm reports whether k lies inside a value decoded as any (a
// distribution or a capacity), whose keys are checked when it is converted.
func freeForm(root reflect.Type, k toml.Key) bool {
	t := root
	for _, part := range k[:len(k)-1] {
		switch t = deref(t); t.Kind() {
		case reflect.Interface:
			return true
		case reflect.Map:
			t = t.Elem()
		case reflect.Struct:
			f, ok := field(t, part, strings.EqualFold)
			if !ok {
				return false
			}
			t = f.Type
		default:
			return false
		}
	}
	return deref(t).Kind() == reflect.Interface
}

// fieldsAt walks the root type along k[:len(k)-1] and returns the struct
// type holding k's last part, or nil when that part is a map key or free-form.
func fieldsAt(root reflect.Type, k toml.Key) reflect.Type {
	t := root
	for _, part := range k[:len(k)-1] {
		t = deref(t)
		if t.Kind() != reflect.Struct {
			if t.Kind() != reflect.Map {
				return nil
			}
			t = t.Elem()
			continue
		}
		f, ok := field(t, part, strings.EqualFold)
		if !ok {
			return nil
		}
		t = f.Type
	}
	if t = deref(t); t.Kind() != reflect.Struct {
		return nil
	}
	return t
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t
}

func field(t reflect.Type, name string, match func(a, b string) bool) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if f := t.Field(i); match(f.Tag.Get("toml"), name) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// caseMismatch reports the format's spelling when k's last part matches a
// field only without regard to case.
func caseMismatch(root reflect.Type, k toml.Key) (string, bool) {
	t := fieldsAt(root, k)
	if t == nil {
		return "", true
	}
	last := k[len(k)-1]
	if _, ok := field(t, last, func(a, b string) bool { return a == b }); ok {
		return "", true
	}
	f, _ := field(t, last, strings.EqualFold)
	return f.Tag.Get("toml"), false
}

// suggest proposes the closest key the format has at k's place.
func suggest(root reflect.Type, k toml.Key) string {
	t := fieldsAt(root, k)
	if t == nil {
		return ""
	}
	var names []string
	for i := range t.NumField() {
		names = append(names, t.Field(i).Tag.Get("toml"))
	}
	return didYouMean(strings.ToLower(k[len(k)-1]), names)
}

// didYouMean is "; did you mean …?" naming the one of names nearest name,
// or "" when none is near.
func didYouMean(name string, names []string) string {
	if best := Nearest(name, names); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b in runes, or
// 3 when it is more than 2: names further apart than that are not
// suggested, so the rows stop once every cell exceeds 2 (a row's minimum
// never falls) and strings whose lengths differ by 3 are not compared.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra)-len(rb) > 2 || len(rb)-len(ra) > 2 {
		return 3
	}
	prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		least := i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			least = min(least, cur[j])
		}
		if least > 2 {
			return 3
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], 3)
}
