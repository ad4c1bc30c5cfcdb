package scenarios

import (
	"fmt"
	"reflect"
	"strings"
	"time"
)

// mistyped finds the first value in the generic decoding of a file whose
// TOML type does not fit the format's Go type, and returns its indexed path
// and what was wanted and found. The TOML library reports such errors with
// the line of the key's last occurrence in any array element, which can be
// the wrong element; this walk finds the right one. O(size of the file).
func mistyped(t reflect.Type, v any, path string) (where, want, got string, bad bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Interface:
		return "", "", "", false
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return path, "a table", tomlType(v), true
		}
		for _, k := range sortedKeys(m) { // in key order, so that the same file gets the same message
			if f, ok := field(t, k, strings.EqualFold); ok {
				if w, a, b, bad := mistyped(f.Type, m[k], join(path, k)); bad {
					return w, a, b, true
				}
			}
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return path, "a table", tomlType(v), true
		}
		for _, k := range sortedKeys(m) {
			if w, a, b, bad := mistyped(t.Elem(), m[k], join(path, k)); bad {
				return w, a, b, true
			}
		}
	case reflect.Slice:
		elem := t.Elem()
		for elem.Kind() == reflect.Pointer {
			elem = elem.Elem()
		}
		if elem.Kind() != reflect.Struct { // an array of values, e.g. regions = ["CN", "TW"]
			list, ok := v.([]any)
			if !ok {
				return path, "an array", tomlType(v), true
			}
			for i, x := range list {
				if w, a, b, bad := mistyped(t.Elem(), x, fmt.Sprintf("%s[%d]", path, i)); bad {
					return w, a, b, true
				}
			}
			break
		}
		list, ok := v.([]map[string]any)
		if !ok {
			return path, "an array of tables ([[" + path + "]])", tomlType(v), true
		}
		for i, x := range list {
			if w, a, b, bad := mistyped(t.Elem(), x, fmt.Sprintf("%s[%d]", path, i)); bad {
				return w, a, b, true
			}
		}
	default:
		return scalar(t, v, path)
	}
	return "", "", "", false
}

func scalar(t reflect.Type, v any, path string) (string, string, string, bool) {
	var want string
	fits := false
	switch t.Kind() {
	case reflect.String:
		want, fits = "a string", isType[string](v)
	case reflect.Bool:
		want, fits = "true or false", isType[bool](v)
	case reflect.Float64:
		want, fits = "a number", isType[float64](v) || isType[int64](v)
	case reflect.Int, reflect.Int64:
		want, fits = "a whole number", isType[int64](v)
	case reflect.Uint64:
		n, ok := v.(int64)
		want, fits = "a whole number ≥ 0", ok && n >= 0
	}
	return path, want, tomlType(v), !fits
}

func isType[T any](v any) bool { _, ok := v.(T); return ok }

func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int64, float64:
		return "a number"
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "an array of tables"
	case []any:
		return "an array"
	case time.Time:
		return "a date or time"
	}
	return fmt.Sprintf("a %T", v)
}
