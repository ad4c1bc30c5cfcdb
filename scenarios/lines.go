package scenarios

import (
	"regexp"
	"strconv"
	"strings"
)

// keyLines maps the path of every key in a TOML text to the line it is
// written on, e.g. "nodes[2].capacity" → 41. Arrays of tables get their
// index; keys inside an inline table share the line of the table's key.
// The TOML library keeps no per-element positions, so we scan the text
// ourselves; the scan is only used for messages, after the library has
// accepted the syntax.
type keyLines map[string]int

// line returns the line of path or of its nearest ancestor, or 0.
func (k keyLines) line(path string) int {
	for path != "" {
		if n, ok := k[path]; ok {
			return n
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0
}

// indexLines scans src. O(len(src)).
func indexLines(src string) keyLines {
	k := keyLines{}
	arrays := map[string]int{} // resolved path of an array of tables → elements so far
	table := ""
	depth, multi := 0, ""
	for i, raw := range strings.Split(src, "\n") {
		line := raw
		if multi != "" { // inside a multi-line string
			j := strings.Index(line, multi)
			if j < 0 {
				continue
			}
			line, multi = line[j+3:], ""
		}
		if depth > 0 { // inside a multi-line array or inline table
			d, m := scanValue(line)
			depth, multi = depth+d, m
			continue
		}
		text := strings.TrimSpace(stripComment(line))
		switch {
		case text == "":
		case strings.HasPrefix(text, "[["):
			parent, name := splitLast(strings.Trim(text, "[] \t"))
			path := join(resolve(arrays, parent), name)
			arrays[path]++
			table = path + "[" + strconv.Itoa(arrays[path]-1) + "]"
			k[table] = i + 1
		case strings.HasPrefix(text, "["):
			table = resolve(arrays, strings.Trim(text, "[] \t"))
			k[table] = i + 1
		default:
			eq := indexOutsideQuotes(text, '=')
			if eq < 0 {
				continue
			}
			path := table
			for _, part := range splitKey(text[:eq]) {
				path = join(path, part)
				if _, seen := k[path]; !seen {
					k[path] = i + 1
				}
			}
			depth, multi = scanValue(text[eq+1:])
		}
	}
	return k
}

// find returns the indexed path written on line whose unindexed form is
// key (as the TOML library names keys, e.g. "nodes.bom.ecu"), or "".
// When key itself is inside an inline table, its nearest recorded ancestor
// is returned with the rest of key appended.
func (k keyLines) find(key string, line int) string {
	for rest := ""; key != ""; {
		best := ""
		for path, n := range k {
			if n == line && stripIndices(path) == key && len(path) > len(best) {
				best = path
			}
		}
		if best != "" {
			return best + rest
		}
		i := strings.LastIndex(key, ".")
		if i < 0 {
			break
		}
		key, rest = key[:i], key[i:]+rest
	}
	return ""
}

var indices = regexp.MustCompile(`\[\d+\]`)

func stripIndices(path string) string { return indices.ReplaceAllString(path, "") }

// resolve turns a dotted header into a path with the current index of every
// array of tables along it.
func resolve(arrays map[string]int, header string) string {
	path := ""
	for _, part := range splitKey(header) {
		path = join(path, part)
		if n, ok := arrays[path]; ok {
			path += "[" + strconv.Itoa(n-1) + "]"
		}
	}
	return path
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

func splitLast(path string) (string, string) {
	i := strings.LastIndex(path, ".")
	if i < 0 {
		return "", path
	}
	return path[:i], path[i+1:]
}

// splitKey splits a dotted key, removing quotes and spaces around parts.
func splitKey(key string) []string {
	var parts []string
	for {
		dot := indexOutsideQuotes(key, '.')
		if dot < 0 {
			return append(parts, unquote(key))
		}
		parts = append(parts, unquote(key[:dot]))
		key = key[dot+1:]
	}
}

func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// indexOutsideQuotes returns the index of the first c outside a string, or −1.
func indexOutsideQuotes(s string, c byte) int {
	var quote byte
	for i := 0; i < len(s); i++ {
		switch {
		case quote != 0:
			if s[i] == '\\' && quote == '"' {
				i++
			} else if s[i] == quote {
				quote = 0
			}
		case s[i] == '"' || s[i] == '\'':
			quote = s[i]
		case s[i] == c:
			return i
		}
	}
	return -1
}

func stripComment(s string) string {
	if i := indexOutsideQuotes(s, '#'); i >= 0 {
		return s[:i]
	}
	return s
}

// scanValue returns the bracket depth a value leaves open and the delimiter
// of a multi-line string it leaves open ("" if none).
func scanValue(v string) (depth int, multi string) {
	v = stripComment(v)
	for _, delim := range []string{`"""`, `'''`} {
		if i := strings.Index(v, delim); i >= 0 && !strings.Contains(v[i+3:], delim) {
			v, multi = v[:i], delim
		}
	}
	var quote byte
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		}
	}
	return depth, multi
}
