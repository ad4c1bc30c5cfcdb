package scenarios

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/supplysim/supplysim/sim"
)

// Limits on what a scenario may ask for, so that no file can exhaust memory
// or crash the decoder: a replication of a scenario within them runs in a
// few hundred MB at most.
const (
	MaxFileBytes = 16 << 20 // a scenario file (eu-auto is 60 KB)
	maxDepth     = 32       // nesting of arrays and inline tables
	maxRawDepth  = 1024     // brackets open at once, strings or not
	maxTables    = 250_000  // table headers and inline tables: enough for MaxNodes nodes and MaxLanes lanes
	maxLine      = 16 << 10 // characters in one line (keys included)
	// MaxDuration bounds every duration and the horizon (textbook checks
	// run single plants for 100,000 days); MaxPlantDays bounds the daily
	// outputs a batch keeps (plants × days).
	MaxDuration    = 1_000_000 * sim.Day
	MaxHorizonDays = 1_000_000
	MaxPlantDays   = 2_000_000
	MaxNodes       = 20000
	MaxTiers       = 100 // supplier tiers along a BOM chain (a plant's direct suppliers are tier 1)
	MaxLanes       = 200000
	// MaxFanPlants bounds [scenario] fan_plants: each plant with a series
	// of its own keeps regimes × days sketches and draws a chart.
	MaxFanPlants = 100
	// MaxQuantity bounds every number of units, EUR or distribution
	// parameter, so that sums of a year's flows stay far from overflow.
	MaxQuantity = 1e9
	// maxFactor bounds multipliers: of transit times, demand and tariffs.
	maxFactor = 1000.0
)

// bounded says whether x is a quantity from 0 to MaxQuantity (NaN is not).
func bounded(x float64) bool { return x >= 0 && x <= MaxQuantity }

// readFile reads a scenario file: a regular file (not a FIFO, device or
// folder) of at most MaxFileBytes.
func readFile(path string) ([]byte, error) { return ReadInput(path, "a scenario") }

// ReadInput reads an input file of the kind what names ("a scenario", "a
// design"): a regular file (not a FIFO, device or folder) of at most
// MaxFileBytes.
func ReadInput(path, what string) ([]byte, error) {
	if info, err := os.Stat(path); err != nil {
		return nil, err
	} else if !info.Mode().IsRegular() { // before opening: opening a FIFO blocks
		return nil, fmt.Errorf("%s is not a regular file", path)
	} else if info.Size() > MaxFileBytes {
		return nil, fmt.Errorf("%s is larger than %d MiB, the most %s may be", path, MaxFileBytes>>20, what)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	src, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(src) > MaxFileBytes {
		return nil, fmt.Errorf("%s is larger than %d MiB, the most %s may be", path, MaxFileBytes>>20, what)
	}
	return src, nil
}

// shapeError checks a source's shape before it is decoded (the TOML decoder
// recurses without bound and holds every table): no line longer than
// maxLine, no arrays or inline tables nested deeper than maxDepth, no more
// than maxTables table headers and inline tables (each costs the decoder
// about 1.3 KB: 16 MiB of "{}," took 3 GB). It skips strings and comments, and, in
// case a string fools it, also counts brackets regardless of strings,
// against a limit no scenario comes near. It returns the line at fault and
// what is wrong, or 0.
func shapeError(src []byte) (int, string) {
	if line, what := shape(src); line > 0 {
		return line, what
	}
	raw, rawLine := 0, 1
	for _, c := range src {
		switch c {
		case '\n':
			rawLine++
		case '[', '{':
			if raw++; raw > maxRawDepth {
				return rawLine, fmt.Sprintf("more than %d brackets open at once", maxRawDepth)
			}
		case ']', '}':
			raw = max(0, raw-1)
		}
	}
	return 0, ""
}

func shape(src []byte) (int, string) {
	line, col, depth, tables, indent := 1, 0, 0, 0, true // indent: only blanks so far on this line
	var quote string                                     // the open string's delimiter, "" outside strings
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\n' {
			line, col, indent = line+1, 0, true
			if quote == `"` || quote == `'` {
				quote = "" // a single-line string ends at the line (the decoder reports it)
			}
			continue
		}
		if col++; col > maxLine {
			return line, fmt.Sprintf("a line longer than %d characters", maxLine)
		}
		blank := c == ' ' || c == '\t' || c == '\r'
		first := indent && !blank
		indent = indent && blank
		switch {
		case quote != "":
			if c == '\\' && quote[0] == '"' {
				i++
				continue
			}
			if strings.HasPrefix(string(src[i:min(len(src), i+len(quote))]), quote) {
				n := len(quote)
				for len(quote) == 3 && n < 5 && i+n < len(src) && src[i+n] == quote[0] {
					n++ // '''a'''' : up to two quotes before the closing three belong to the string
				}
				i += n - 1
				quote = ""
			}
		case c == '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			quote = string(c)
			if i+2 < len(src) && src[i+1] == c && src[i+2] == c {
				quote = strings.Repeat(string(c), 3)
				i += 2
			}
		case c == '[' || c == '{':
			if depth++; depth > maxDepth {
				return line, fmt.Sprintf("arrays or tables nested more than %d deep", maxDepth)
			}
			if c == '{' || c == '[' && depth == 1 && first { // an inline table or a table header
				if tables++; tables > maxTables {
					return line, fmt.Sprintf("more than %d tables (inline tables included)", maxTables)
				}
			}
		case c == ']' || c == '}':
			depth = max(0, depth-1)
		}
	}
	return 0, ""
}
