package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestMain_ExitStatus(t *testing.T) {
	out := t.TempDir()
	tests := []struct {
		args       []string
		status     int
		wantStdout string
		wantStderr string
	}{
		{nil, 0, "Commands:", ""},
		{[]string{"version"}, 0, "supplysim ", ""},
		{[]string{"version", "extra"}, 2, "", "takes no arguments"},
		{[]string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{[]string{"run", "--runs", "3", "--out", out, "newsvendor"}, 0, "fill_rate", ""},
		{[]string{"run", "newsvendor", "--runs", "3", "--out", out, "--regimes", "silo,bilateral"}, 1, "", "already holds results"},
		{[]string{"run", smallScenario, "--runs", "3", "--out", out, "--regimes", "silo,bilateral", "--force"}, 0, "paired difference bilateral-silo", ""},
		{[]string{"run", "--regimes", "telepathy"}, 2, "", `unknown regime "telepathy"`},
		{[]string{"stress", "bullwhip", "--runs", "1", "--ttr", "10d", "--out", out}, 0, "TTS (days)", ""},
		{[]string{"stress", "--ttr", "soon"}, 2, "", "--ttr"},
		{[]string{"run", "--runs", "1"}, 2, "", "at least 2"},
		{[]string{"run", "--engine", "steam"}, 2, "", "native or simgo"},
		{[]string{"run", "no-such-scenario"}, 1, "", `no built-in scenario "no-such-scenario"`},
		{[]string{"scenarios"}, 0, "eu-auto", ""},
		{[]string{"validate"}, 2, "", "at least one"},
		{[]string{"validate", "../../scenarios/testdata/invalid/unknown-key.toml"}, 1, "",
			`unknown-key.toml:46: node "tier1": capacty: unknown key; did you mean "capacity"?`},
		{[]string{"validate", "eu-auto", "../../scenarios/testdata/valid/small.toml"}, 0, "small.toml: ok", ""},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if got := Main(tt.args, &stdout, &stderr); got != tt.status {
			t.Errorf("supplysim %v: status %d, want %d (stderr %q)", tt.args, got, tt.status, stderr.String())
		}
		if !strings.Contains(stdout.String(), tt.wantStdout) || !strings.Contains(stderr.String(), tt.wantStderr) {
			t.Errorf("supplysim %v: stdout %q, stderr %q; want them to contain %q and %q",
				tt.args, stdout.String(), stderr.String(), tt.wantStdout, tt.wantStderr)
		}
	}
}
