package sim_test

import (
	"strings"
	"testing"

	"github.com/supplysim/supplysim/sim"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want sim.Time
	}{
		{"90m", 90},
		{"6h", 360},
		{"14d", 14 * 1440},
		{"2w", 2 * 10080},
		{"1d12h", 1440 + 720},
		{"1w 3d", 10080 + 3*1440},
		{" 2 h 30 m ", 150},
		{"0", 0},
		{"0d", 0},
		{"3d2w", 3*1440 + 2*10080},
	}
	for _, tt := range tests {
		got, err := sim.ParseDuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d, nil", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDuration_Errors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"14 dy", `duration "14 dy": unknown unit "dy" (want m, h, d or w)`},
		{"-3d", `duration "-3d": negative durations are not allowed`},
		{"", `duration "": empty (want e.g. "14d")`},
		{"14", `duration "14": missing unit after 14 (want m, h, d or w)`},
		{"d", `duration "d": unexpected "d" at offset 0 (want a whole number, e.g. "14d")`},
		{"1.5d", `duration "1.5d": fractions are not supported (write "1d12h", not "1.5d")`},
		{"14D", `duration "14D": unknown unit "D" (want m, h, d or w)`},
		{"3d-1h", `duration "3d-1h": unexpected "-1h" at offset 2 (want a whole number, e.g. "14d")`},
		{"99999999999999999999m", `duration "99999999999999999999m": too large (at most 9223372036854775807 minutes)`},
		{"9223372036854775807w", `duration "9223372036854775807w": too large (at most 9223372036854775807 minutes)`},
		{"9223372036854775807m 1m", `duration "9223372036854775807m 1m": too large (at most 9223372036854775807 minutes)`},
	}
	for _, tt := range tests {
		got, err := sim.ParseDuration(tt.in)
		if err == nil {
			t.Errorf("ParseDuration(%q) = %d, nil; want error %q", tt.in, got, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParseDuration(%q) error:\n got %s\nwant %s", tt.in, err, tt.want)
		}
	}
}

func TestTime_String(t *testing.T) {
	tests := []struct {
		in   sim.Time
		want string
	}{
		{0, "0m"},
		{90, "1h30m"},
		{sim.Day + 12*sim.Hour, "1d12h"},
		{2*sim.Week + 3*sim.Day + 5, "2w3d5m"},
		{-sim.Day, "-1d"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Time(%d).String() = %q, want %q", int64(tt.in), got, tt.want)
		}
	}
}

// FuzzParseDuration checks that the parser never panics and that whatever it
// accepts formats back to the same value.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"90m", "1w 3d", "14 dy", "-3d", "0", "1.5d", "99999999999999999999m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := sim.ParseDuration(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "duration ") {
				t.Fatalf("error %q does not name the duration", err)
			}
			return
		}
		if d < 0 {
			t.Fatalf("ParseDuration(%q) = %d < 0", s, d)
		}
		back, err := sim.ParseDuration(d.String())
		if err != nil || back != d {
			t.Fatalf("round trip of %q: %d -> %q -> %d, %v", s, d, d.String(), back, err)
		}
	})
}
