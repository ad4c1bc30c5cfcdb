package sim

import (
	"fmt"
	"math"
	"strings"
)

// Time is a simulation instant or span in ticks of one minute. Integer ticks
// keep trajectories bit-identical across machines; the largest Time is about
// 17.5 trillion years, so overflow only comes from bad input.
type Time int64

// Units of Time.
const (
	Minute Time = 1
	Hour        = 60 * Minute
	Day         = 24 * Hour
	Week        = 7 * Day
)

// Forever is the largest representable Time, usable as an unbounded horizon
// with Queue (SimgoEngine stops at 2^53 minutes).
const Forever Time = math.MaxInt64

// units lists the duration units from largest to smallest, as String writes them.
var units = [...]struct {
	symbol byte
	ticks  Time
}{{'w', Week}, {'d', Day}, {'h', Hour}, {'m', Minute}}

// unitTicks returns the ticks of a unit symbol, or 0 if the symbol is unknown.
func unitTicks(symbol string) Time {
	if len(symbol) == 1 {
		for _, u := range units {
			if u.symbol == symbol[0] {
				return u.ticks
			}
		}
	}
	return 0
}

// ParseDuration parses a non-negative duration such as "90m", "6h", "14d",
// "2w" or a combination of them ("1w 3d", "1d12h"). A bare "0" is zero.
// Components are an unsigned integer and a unit (m, h, d, w); spaces
// between and within components are allowed. Errors name the input and what
// is wrong with it, e.g. `duration "14 dy": unknown unit "dy" (want m, h, d or w)`.
func ParseDuration(s string) (Time, error) {
	p := durationParser{in: s}
	d, err := p.parse()
	if err != nil {
		return 0, fmt.Errorf("duration %q: %w", s, err)
	}
	return d, nil
}

// durationParser holds the state of one ParseDuration call.
type durationParser struct {
	in  string
	pos int
}

func (p *durationParser) parse() (Time, error) {
	p.skipSpace()
	switch rest := p.in[p.pos:]; {
	case rest == "":
		return 0, fmt.Errorf("empty (want e.g. \"14d\")")
	case strings.TrimSpace(rest) == "0":
		return 0, nil
	case rest[0] == '-':
		return 0, fmt.Errorf("negative durations are not allowed")
	}
	var total Time
	for p.pos < len(p.in) {
		d, err := p.component()
		if err != nil {
			return 0, err
		}
		if total > Forever-d {
			return 0, fmt.Errorf("too large (at most %d minutes)", Forever)
		}
		total += d
		p.skipSpace()
	}
	return total, nil
}

// component parses one "<integer><unit>" and returns its ticks.
func (p *durationParser) component() (Time, error) {
	n, err := p.number()
	if err != nil {
		return 0, err
	}
	if p.pos < len(p.in) && p.in[p.pos] == '.' {
		return 0, fmt.Errorf("fractions are not supported (write \"1d12h\", not \"1.5d\")")
	}
	p.skipSpace()
	start := p.pos
	for p.pos < len(p.in) && isLetter(p.in[p.pos]) {
		p.pos++
	}
	symbol := p.in[start:p.pos]
	if symbol == "" {
		return 0, fmt.Errorf("missing unit after %d (want m, h, d or w)", n)
	}
	unit := unitTicks(symbol)
	if unit == 0 {
		return 0, fmt.Errorf("unknown unit %q (want m, h, d or w)", symbol)
	}
	if n > int64(Forever/unit) {
		return 0, fmt.Errorf("too large (at most %d minutes)", Forever)
	}
	return Time(n) * unit, nil
}

// number parses an unsigned decimal integer at the current position.
func (p *durationParser) number() (int64, error) {
	start := p.pos
	var n int64
	for p.pos < len(p.in) && isDigit(p.in[p.pos]) {
		digit := int64(p.in[p.pos] - '0')
		if n > (math.MaxInt64-digit)/10 {
			return 0, fmt.Errorf("too large (at most %d minutes)", Forever)
		}
		n = 10*n + digit
		p.pos++
	}
	if p.pos == start {
		return 0, fmt.Errorf("unexpected %q at offset %d (want a whole number, e.g. \"14d\")", p.rest(), p.pos)
	}
	return n, nil
}

// rest returns the unparsed input, shortened for error messages.
func (p *durationParser) rest() string {
	r := p.in[p.pos:]
	if len(r) > 12 {
		r = r[:12] + "…"
	}
	return r
}

func (p *durationParser) skipSpace() {
	for p.pos < len(p.in) && (p.in[p.pos] == ' ' || p.in[p.pos] == '\t') {
		p.pos++
	}
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// String formats t with the largest units first, e.g. "2w3d", "1d12h30m",
// "0m". ParseDuration(t.String()) == t for every t ≥ 0. Negative values
// (differences of instants) get a leading "-".
func (t Time) String() string {
	if t == 0 {
		return "0m"
	}
	var b strings.Builder
	u := uint64(t)
	if t < 0 {
		b.WriteByte('-')
		u = -u
	}
	for _, unit := range units {
		if n := u / uint64(unit.ticks); n > 0 {
			fmt.Fprintf(&b, "%d%c", n, unit.symbol)
			u -= n * uint64(unit.ticks)
		}
	}
	return b.String()
}

// Days returns t in days as a float, for reporting metrics.
func (t Time) Days() float64 { return float64(t) / float64(Day) }
