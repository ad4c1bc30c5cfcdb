package scenarios

import (
	"fmt"
	"strings"
)

// Error is one problem in a scenario file, located by file, line and key.
// Its text reads like
//
//	eu-auto.toml:42: lane "fab-tw→ecu-de": transit: unknown unit "dy"
type Error struct {
	Path  string // the file as the user named it
	Line  int    // 1-based; 0 when unknown
	Where string // the entry, e.g. `node "fab-tw"`, or "" at the top level
	Key   string // the key within the entry, e.g. "transit"
	Msg   string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Where != "" {
		b.WriteString(e.Where + ": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// problems collects the errors of one file, in order of discovery.
type problems struct {
	loc  locator
	errs []error
}

// locator places a key path of a file: its line, and the entry it is in.
type locator interface {
	file() string
	line(path string) int
	entry(path string) (where, key string)
}

// at records a problem at the key path (e.g. "nodes[2].bom.mcu").
func (p *problems) at(path, format string, args ...any) {
	where, key := p.loc.entry(path)
	p.errs = append(p.errs, &Error{Path: p.loc.file(), Line: p.loc.line(path), Where: where, Key: key, Msg: fmt.Sprintf(format, args...)})
}

// describe splits a key path into the entry it belongs to, named by its id,
// and the key within it: "nodes[2].bom.mcu" → (`node "ecu-de"`, "bom.mcu").
func (sc *Scenario) describe(path string) (where, key string) {
	head, rest, _ := strings.Cut(path, ".")
	var kind, id string
	var idx int
	if _, err := fmt.Sscanf(head, "nodes[%d]", &idx); err == nil && idx < len(sc.File.Nodes) {
		kind, id = "node", sc.File.Nodes[idx].ID
	} else if _, err := fmt.Sscanf(head, "parts[%d]", &idx); err == nil && idx < len(sc.File.Parts) {
		kind, id = "part", sc.File.Parts[idx].ID
	} else if _, err := fmt.Sscanf(head, "lanes[%d]", &idx); err == nil && idx < len(sc.File.Lanes) {
		kind, id = "lane", laneName(sc.File.Lanes[idx])
	} else if _, err := fmt.Sscanf(head, "shocks[%d]", &idx); err == nil && idx < len(sc.File.Shocks) {
		kind, id = "shock", sc.File.Shocks[idx].ID
	} else if _, err := fmt.Sscanf(head, "calibration[%d]", &idx); err == nil && idx < len(sc.File.Calibration) {
		kind = "calibration"
	} else if head == "scenario" || head == "regimes" || head == "mitigation" {
		return head, rest
	} else {
		return "", path
	}
	if id == "" {
		return fmt.Sprintf("%s %d", kind, idx+1), rest
	}
	return fmt.Sprintf("%s %q", kind, id), rest
}

func laneName(l LaneIn) string {
	if l.From == "" && l.To == "" {
		return ""
	}
	return l.From + "→" + l.To
}
