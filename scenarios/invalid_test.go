package scenarios_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/scenarios"
	"github.com/supplysim/supplysim/sim"
)

var update = flag.Bool("update", false, "rewrite the expected .err files of testdata/invalid")

// validate returns the problems of a scenario text as Parse and Validate
// report them, or "" when it is valid.
func validate(path string, src []byte) string {
	sc, err := scenarios.Parse(path, src)
	if sc != nil {
		err = sc.Validate()
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// The invalid variants' base is a copy of testdata/valid/small.toml (a base
// must lie in its scenario's folder tree): the two must not drift apart.
func TestInvalidBaseIsSmall(t *testing.T) {
	a, err1 := os.ReadFile("testdata/valid/small.toml")
	b, err2 := os.ReadFile("testdata/invalid/bases/small.toml")
	if err1 != nil || err2 != nil || string(a) != string(b) {
		t.Errorf("testdata/invalid/bases/small.toml differs from testdata/valid/small.toml (%v, %v)", err1, err2)
	}
}

// Every file in testdata/invalid fails with exactly the text of its .err
// file: the file name, line, key and message of every problem.
func TestInvalid(t *testing.T) {
	files, _ := filepath.Glob("testdata/invalid/*.toml")
	if len(files) < 20 {
		t.Fatalf("%d invalid cases, want at least 20", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".toml"), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := validate(file, src)
			errFile := strings.TrimSuffix(file, ".toml") + ".err"
			if *update {
				if err := os.WriteFile(errFile, []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(errFile)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got == "" {
				t.Fatalf("valid, want:\n%s", want)
			}
			if got != strings.TrimSuffix(string(want), "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// Every file in testdata/valid parses and validates.
func TestValid(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.toml")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if got := validate(file, src); got != "" {
			t.Errorf("%s:\n%s", file, got)
		}
	}
}

// FuzzParse feeds arbitrary text to the parser and validator: they must
// return (an error or a network) without panicking or hanging.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"*.toml", "testdata/*/*.toml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if info, err := os.Lstat(file); err != nil || !info.Mode().IsRegular() {
				continue // testdata/hostile has symlinks to devices
			}
			src, _ := os.ReadFile(file)
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sc, err := scenarios.Parse("fuzz.toml", src)
		if sc == nil {
			if err == nil {
				t.Fatal("no scenario and no error")
			}
			return
		}
		nw, err := sc.Build()
		if (nw == nil) == (err == nil) {
			t.Fatalf("Build returned network %v and error %v; want exactly one", nw != nil, err)
		}
		if nw == nil || nw.Days() > 400 || len(nw.Nodes) > 200 {
			return
		}
		// What Build accepts runs: a replication of every kind of regime.
		run := models.NewRun(nw, sim.NewQueue(), sc.Seed())
		for _, g := range models.Regimes {
			run.Replicate(0, g)
		}
	})
}
