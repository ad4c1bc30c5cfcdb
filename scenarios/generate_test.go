package scenarios_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/scenarios"
)

// synthetic builds a generated network.
func synthetic(t testing.TB, s scenarios.Synthetic) (*scenarios.Scenario, *models.Network) {
	t.Helper()
	text, err := scenarios.Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Parse("generated.toml", text)
	if err != nil {
		t.Fatalf("%+v: %v", s, err)
	}
	nw, err := sc.Build()
	if err != nil {
		t.Fatalf("%+v: %v", s, err)
	}
	return sc, nw
}

// Generated networks are valid scenarios of exactly the nodes and tiers
// asked for, every node reaching a plant, with one to three makers per
// part and every input of a node on lanes from its part's makers; the
// same request gives the same bytes and another seed another network.
func TestGenerate_ValidLayeredNetworks(t *testing.T) {
	for _, s := range []scenarios.Synthetic{
		{Nodes: 2, Tiers: 2, Seed: 1}, {Nodes: 5, Tiers: 5, Seed: 2}, {Nodes: 30, Tiers: 5, Seed: 1}, {Nodes: 31, Tiers: 3, Seed: 9},
		{Nodes: 300, Tiers: 5, Seed: 4}, {Nodes: 1000, Tiers: 8, Seed: 5, Days: 3650}, {Nodes: 3000, Tiers: 5, Seed: 1},
	} {
		sc, nw := synthetic(t, s)
		if len(nw.Nodes) != s.Nodes || nw.Tiers() != s.Tiers {
			t.Errorf("%+v: %d nodes in %d tiers", s, len(nw.Nodes), nw.Tiers())
		}
		days := s.Days
		if days == 0 {
			days = 365
		}
		if nw.Days() != days || sc.Seed() != s.Seed {
			t.Errorf("%+v: %d days, seed %d", s, nw.Days(), sc.Seed())
		}
		makers := map[string]int{}
		for n, nd := range nw.Nodes {
			if nw.Tier(n) < 0 {
				t.Errorf("%+v: node %s reaches no plant", s, nd.ID)
			}
			makers[nw.Parts[nd.Part].ID]++
		}
		for part, m := range makers {
			if part != "vehicle" && (m < 1 || m > 3) {
				t.Errorf("%+v: %s has %d makers, want 1 to 3", s, part, m)
			}
		}
		a, _ := scenarios.Generate(s)
		b, _ := scenarios.Generate(s)
		s.Seed++
		c, _ := scenarios.Generate(s)
		if !bytes.Equal(a, b) || bytes.Equal(a, c) && s.Nodes > s.Tiers {
			t.Errorf("%+v: the same request gave other bytes, or another seed the same", s)
		}
	}
	// fan-in and fan-out at size: inputs per assembling node and lanes per
	// input as the generator draws them
	_, nw := synthetic(t, scenarios.Synthetic{Nodes: 3000, Tiers: 5, Seed: 1})
	inputs, lanes, assemblers := 0, 0, 0
	for _, nd := range nw.Nodes {
		if len(nd.Inputs) > 0 {
			assemblers++
			inputs += len(nd.Inputs)
		}
	}
	lanes = len(nw.Lanes)
	if per := float64(inputs) / float64(assemblers); per < 1.5 || per > 3.5 {
		t.Errorf("%.2f inputs per assembling node, want 1.5 to 3.5", per)
	}
	if per := float64(lanes) / float64(inputs); per < 1.3 || per > 3 {
		t.Errorf("%.2f lanes per input, want 1.3 to 3", per)
	}
}

// A request out of range is an error naming what is wrong.
func TestGenerate_Refused(t *testing.T) {
	for _, c := range []struct {
		s    scenarios.Synthetic
		want string
	}{
		{scenarios.Synthetic{Nodes: 4, Tiers: 5, Seed: 1}, "nodes: want 5"},
		{scenarios.Synthetic{Nodes: 20001, Tiers: 5, Seed: 1}, "to 20000"},
		{scenarios.Synthetic{Nodes: 10, Tiers: 1, Seed: 1}, "tiers: want 2 to 12"},
		{scenarios.Synthetic{Nodes: 10, Tiers: 5}, "seed"},
		{scenarios.Synthetic{Nodes: 10, Tiers: 5, Seed: 1, Days: -1}, "days"},
	} {
		if _, err := scenarios.Generate(c.s); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.s, err, c.want)
		}
	}
}
