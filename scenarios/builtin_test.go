package scenarios_test

import (
	"testing"

	"github.com/supplysim/supplysim/scenarios"
)

// Every built-in scenario parses, validates and builds.
func TestBuiltinsValid(t *testing.T) {
	list := scenarios.Builtins()
	if len(list) < 3 {
		t.Fatalf("%d built-in scenarios, want at least eu-auto and two textbook ones", len(list))
	}
	for _, b := range list {
		sc, err := scenarios.LoadBuiltin(b.Name)
		if err != nil {
			t.Errorf("%s: %v", b.Name, err)
			continue
		}
		if _, err := sc.Build(); err != nil {
			t.Errorf("%s: %v", b.Name, err)
		}
		if sc.File.Scenario.Name != b.Name {
			t.Errorf("%s: scenario.name is %q, want the file name", b.Name, sc.File.Scenario.Name)
		}
	}
}
