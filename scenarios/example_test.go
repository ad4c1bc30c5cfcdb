package scenarios_test

import (
	"fmt"

	"github.com/supplysim/supplysim/scenarios"
)

// Load reads a scenario (a file, or a built-in by name); Build checks it
// and returns the network, or every problem at once, each with its file,
// line and key.
func ExampleLoad() {
	for _, name := range []string{"eu-auto", "testdata/invalid/many-problems.toml"} {
		sc, err := scenarios.Load(name)
		if err != nil {
			fmt.Println(err)
			continue
		}
		nw, err := sc.Build()
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: %d nodes, %d lanes, %d days\n", sc.File.Scenario.Name, len(nw.Nodes), len(nw.Lanes), nw.Days())
	}
	// Output:
	// eu-auto: 33 nodes, 56 lanes, 365 days
	// testdata/invalid/many-problems.toml:5: scenario: horizon: duration "120 days": unknown unit "days" (want m, h, d or w)
	// testdata/invalid/many-problems.toml:46: node "tier1": capacity: want a positive number of units per day, at most 1e+09, got 0
	// testdata/invalid/many-problems.toml:48: node "tier1": bom.chip: the shares of its 2 lanes sum to 2, not 1
	// testdata/invalid/many-problems.toml:84: lane "fab-de→tier1": mode: want "road", "rail", "sea" or "air", got "barge"
	// testdata/invalid/many-problems.toml:85: lane "fab-de→tier1": share: want 0 < share ≤ 1, got 1.3
}
