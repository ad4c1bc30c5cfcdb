package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMain_ExitStatus(t *testing.T) {
	out := t.TempDir()
	badDesign := filepath.Join(t.TempDir(), "bad.toml")
	generated := filepath.Join(filepath.Dir(badDesign), "generated.toml")
	if err := os.WriteFile(badDesign, []byte("[design]\nname = \"bad\"\ndescription = \"a typo\"\nscenario = \"eu-auto\"\nkind = \"grid\"\nruns = 10\n\n[[factors]]\npath = \"nodes.cells-kr.capacty\"\nlevels = [1, 2]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
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
		{[]string{"run", "newsvendor", "--runs", "3", "--out", out, "--regimes", "silo,bilateral"}, 1, "", "already holds the finished results of newsvendor (3 replications): write to another folder, or replace them with --force"},
		{[]string{"run", "--regimes", "silo,platfrom"}, 2, "", `unknown regime "platfrom" (did you mean "platform"?)`},
		{[]string{"run", smallScenario, "--runs", "3", "--out", out, "--regimes", "silo,bilateral", "--force"}, 0, "paired difference bilateral-silo", ""},
		{[]string{"run", "--regimes", "telepathy"}, 2, "", `unknown regime "telepathy"`},
		{[]string{"stress", "bullwhip", "--runs", "1", "--ttr", "10d", "--out", out}, 0, "TTS (days)", ""},
		{[]string{"stress", "--ttr", "soon"}, 2, "", "--ttr"},
		{[]string{"run", "--runs", "1"}, 2, "", "at least 2"},
		{[]string{"run", "--engine", "steam"}, 2, "", "native or simgo"},
		{[]string{"run", "no-such-scenario"}, 1, "", `no such scenario: "no-such-scenario" is neither a built-in nor a file here`},
		{[]string{"run", "chip-crisi"}, 1, "", `did you mean "chip-crisis"?`},
		{[]string{"run", "nowhere.toml"}, 1, "", "no such scenario: nowhere.toml: no such file"},
		{[]string{"scenarios"}, 0, "eu-auto", ""},
		{[]string{"trace", "eu-auto", "--replication", "2", "--regimes", "silo", "--out", filepath.Join(out, "trace")}, 0, "under silo: 1 shock;", ""},
		{[]string{"validate"}, 2, "", "at least one"},
		{[]string{"validate", "../../scenarios/testdata/invalid/unknown-key.toml"}, 1, "",
			`unknown-key.toml:46: node "tier1": capacty: unknown key; did you mean "capacity"?`},
		{[]string{"validate", "eu-auto", "../../scenarios/testdata/valid/small.toml"}, 0, "small.toml: ok", ""},
		{[]string{"validate", "frontier", "../../designs/builtin/participation.toml"}, 0,
			`participation.toml: ok: design "participation", grid of 6 points × 200 replications × silo, platform, scenario eu-auto`, ""},
		{[]string{"generate", "--nodes", "3"}, 2, "", "--nodes: want 5 (one per tier) to 20000, got 3"},
		{[]string{"generate", "--nodes", "40", "--tiers", "4", "--seed", "7", "--out", generated}, 0, "generated.toml: 40 nodes in 4 tiers, 365 days, seed 7", ""},
		{[]string{"validate", generated}, 0, `generated.toml: ok: "synthetic-40", `, ""},
		{[]string{"generate", "--nodes", "40", "--out", generated}, 1, "", "generated.toml exists"},
		{[]string{"generate", "--nodes", "40", "--tiers", "4", "--seed", "7"}, 0, "supplysim generate --nodes 40 --tiers 4 --seed 7 --days 365", ""},
		{[]string{"validate", badDesign}, 1, "", `bad.toml:9: factor "nodes.cells-kr.capacty": path: nodes.cells-kr.capacty: the scenario has no such setting; did you mean "nodes.cells-kr.capacity"?`},
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

// Every subcommand answers -h (anywhere among its arguments) and
// "help NAME" alike: its usage on stdout, exit status 0, nothing run.
func TestHelp_EverySubcommand(t *testing.T) {
	if len(manual) != len(commands) {
		t.Fatalf("%d subcommands in the manual, %d that run", len(manual), len(commands))
	}
	for _, d := range manual {
		if commands[d.name] == nil {
			t.Fatalf("the manual lists %q, which does not run", d.name)
		}
		want := "usage: supplysim " + d.synopsis + "\n"
		var first string
		for _, args := range [][]string{{d.name, "-h"}, {d.name, "--help"}, {"help", d.name}, {d.name, "x", "-h"}} {
			var stdout, stderr bytes.Buffer
			if status := Main(args, &stdout, &stderr); status != 0 || !strings.HasPrefix(stdout.String(), want) || stderr.Len() > 0 {
				t.Errorf("supplysim %v: status %d, stdout %q, stderr %q; want status 0 and %q", args, status, stdout.String(), stderr.String(), want)
			}
			if first == "" {
				first = stdout.String()
			} else if stdout.String() != first {
				t.Errorf("supplysim %v printed another usage than %s -h", args, d.name)
			}
		}
	}
	var stdout, stderr bytes.Buffer
	Main([]string{"run", "-h"}, &stdout, &stderr)
	if !strings.Contains(stdout.String(), "-shard string") || !strings.Contains(stdout.String(), "-runs uint") {
		t.Errorf("run -h lists its flags wrongly:\n%s", stdout.String())
	}
}

// Flags may follow the positional arguments; a misspelt flag says where to
// look; a bare name is a built-in unless a regular file of that name is in
// the working folder (a folder named like a built-in is not).
func TestArguments_AsUsersTypeThem(t *testing.T) {
	tmp := t.TempDir()
	for _, c := range []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"check", tmp, "--baseline", "../../results/baselines/eu-auto.json"}, 2, "cannot compare: " + tmp + " is no results folder"},
		{[]string{"run", "--runz", "5"}, 2, "flag provided but not defined: -runz (supplysim run -h lists its flags)"},
		{[]string{"plot", "-h"}, 0, ""},
	} {
		var stdout, stderr bytes.Buffer
		if status := Main(c.args, &stdout, &stderr); status != c.status || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("supplysim %v: status %d, stderr %q; want %d and %q", c.args, status, stderr.String(), c.status, c.want)
		}
	}
	t.Chdir(tmp)
	os.Mkdir("chip-crisis", 0o755)
	var stdout, stderr bytes.Buffer
	if status := Main([]string{"validate", "chip-crisis"}, &stdout, &stderr); status != 0 || !strings.Contains(stdout.String(), "scenarios/chip-crisis.toml: ok") {
		t.Errorf("validate chip-crisis beside a folder of that name: status %d, %q %q", status, stdout.String(), stderr.String())
	}
}
