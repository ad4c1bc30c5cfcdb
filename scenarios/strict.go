package scenarios

import (
	"errors"
	"reflect"

	"github.com/BurntSushi/toml"
)

// Strict is a TOML file decoded with a scenario's strictness into a type
// of the caller's (experiment designs use it), and the problems found in
// it, each located by file, line and key.
type Strict struct {
	d *document
	p problems
}

// DecodeStrict decodes src, the text of the file path, into v, a pointer
// to a struct whose fields carry toml tags. Deeply nested or oversized
// shapes, syntax errors, a value of the wrong type, an unknown key (with
// the nearest known one) and a key in the wrong case are errors naming
// the file, line and key. describe names the entry a key path (e.g.
// "factors[1].levels") is in and the key within it; nil leaves the path
// as it is. Problems found later go to At; Err returns them all.
func DecodeStrict(path string, src []byte, v any, describe func(path string) (where, key string)) (*Strict, error) {
	if describe == nil {
		describe = func(path string) (string, string) { return "", path }
	}
	d := &document{path: path, src: src, lines: keyLines{}, root: reflect.TypeOf(v).Elem(), describe: describe,
		describeGeneric: func(path string, _ map[string]any) (string, string) { return describe(path) }}
	s := &Strict{d: d, p: problems{loc: d}}
	if len(src) > MaxFileBytes {
		return nil, &Error{Path: path, Msg: "larger than 16 MiB"}
	}
	if line, what := shapeError(src); line > 0 {
		return nil, d.located(line, "", what)
	}
	d.lines = indexLines(string(src))
	md, err := toml.Decode(string(src), v)
	if err != nil {
		return nil, d.decodeError(err)
	}
	d.checkKeys(md, &s.p)
	return s, s.Err()
}

// At records a problem at the key path (e.g. "factors[1].min").
func (s *Strict) At(path, format string, args ...any) { s.p.at(path, format, args...) }

// Line returns the line of the key path, or of its nearest ancestor.
func (s *Strict) Line(path string) int { return s.d.line(path) }

// Err returns every problem recorded, or nil.
func (s *Strict) Err() error { return errors.Join(s.p.errs...) }
