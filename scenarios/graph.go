package scenarios

import (
	"fmt"
	"math"
	"strings"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// graph checks what only the whole network shows: every input supplied with
// shares summing to 1, no BOM cycle, every supplier feeding a plant. It also
// fills the planned lead times that default to the lanes' mean transit.
func (b *builder) graph() {
	plants := 0
	for n := range b.nw.Nodes {
		nd := &b.nw.Nodes[n]
		if nd.Role == models.Plant {
			plants++
		}
		for i := range nd.Inputs {
			b.supplied(n, i)
		}
	}
	if !b.cycles() {
		b.explosion()
	}
	if plants == 0 && len(b.nw.Nodes) > 0 {
		b.at("nodes", "no plant; a network needs at least one node with role = \"plant\"")
	} else {
		b.deadEnds()
	}
}

// supplied checks the lanes into one input and fills its planned lead time.
func (b *builder) supplied(n, i int) {
	in := &b.nw.Nodes[n].Inputs[i]
	if in.Part < 0 {
		return
	}
	path := fmt.Sprintf("nodes[%d].bom.%s", n, b.nw.Parts[in.Part].ID)
	share, lead, active := 0.0, 0.0, 0
	for _, l := range in.Lanes {
		if ln := &b.nw.Lanes[l]; !ln.Backup {
			share += ln.Share
			lead += float64(ln.Share*ln.Transit.Mean()) / float64(sim.Day)
			active++
		}
	}
	switch {
	case active == 0:
		b.at(path, "no lane supplies it (backup lanes do not count)")
	case math.Abs(share-1) > 1e-9:
		b.at(path, "the shares of its %s sum to %.4g, not 1", count(active, "lane"), share)
	}
	if in.Policy.Target == models.ZTarget && math.IsNaN(in.Policy.LeadTimeDays) {
		in.Policy.LeadTimeDays = lead
	}
}

// cycles reports a cycle in the part graph (part → the parts its makers
// consume), found by depth-first search, and says whether it found one.
// O(parts + BOM lines).
func (b *builder) cycles() bool {
	uses := make([][]int, len(b.nw.Parts))
	for _, nd := range b.nw.Nodes {
		for _, in := range nd.Inputs {
			if nd.Part >= 0 && in.Part >= 0 {
				uses[nd.Part] = append(uses[nd.Part], in.Part)
			}
		}
	}
	state := make([]uint8, len(uses)) // 0 new, 1 on the stack, 2 done
	var stack []int
	var visit func(p int) bool
	visit = func(p int) bool {
		state[p] = 1
		stack = append(stack, p)
		for _, q := range uses[p] {
			if state[q] == 1 {
				b.reportCycle(stack, q)
				return true
			}
			if state[q] == 0 && visit(q) {
				return true
			}
		}
		stack = stack[:len(stack)-1]
		state[p] = 2
		return false
	}
	for p := range uses {
		if state[p] == 0 && visit(p) {
			return true
		}
	}
	return false
}

// explosion bounds what the BOM multiplies (the part graph has no cycle):
// no part made more than MaxTiers supplier tiers from a plant, and no part of which a vehicle
// needs more than MaxQuantity units, over the product of the quantities
// along any chain. Both keep a replication's flows and costs finite.
func (b *builder) explosion() {
	type use struct {
		part int
		qty  float64
	}
	uses := make([][]use, len(b.nw.Parts))
	indeg := make([]int, len(b.nw.Parts))
	need := make([]float64, len(b.nw.Parts)) // units per unit of a part made at a plant
	tier := make([]int, len(b.nw.Parts))     // 1 at a plant's output, 2 at its tier-1 suppliers'
	for _, nd := range b.nw.Nodes {
		if nd.Part < 0 {
			continue
		}
		if nd.Role == models.Plant {
			need[nd.Part], tier[nd.Part] = 1, 1
		}
		for _, in := range nd.Inputs {
			if in.Part >= 0 {
				uses[nd.Part] = append(uses[nd.Part], use{in.Part, in.PerUnit})
				indeg[in.Part]++
			}
		}
	}
	var order []int // parts in topological order: users before what they use
	for p := range uses {
		if indeg[p] == 0 {
			order = append(order, p)
		}
	}
	for k := 0; k < len(order); k++ {
		p := order[k]
		for _, u := range uses[p] {
			need[u.part] = max(need[u.part], need[p]*u.qty)
			if tier[p] > 0 {
				tier[u.part] = max(tier[u.part], tier[p]+1)
			}
			if indeg[u.part]--; indeg[u.part] == 0 {
				order = append(order, u.part)
			}
		}
	}
	for _, p := range order {
		path := fmt.Sprintf("parts[%d]", p)
		switch {
		case tier[p]-1 > MaxTiers:
			b.at(path, "made %d tiers from a plant along the BOM; at most %d", tier[p]-1, MaxTiers)
			return
		case need[p] > MaxQuantity:
			b.at(path, "a vehicle needs %.3g units of it along the BOM (the product of the quantities); at most %g", need[p], MaxQuantity)
			return
		}
	}
}

func (b *builder) reportCycle(stack []int, start int) {
	var names []string
	for k := len(stack) - 1; k >= 0; k-- {
		names = append(names, b.nw.Parts[stack[k]].ID)
		if stack[k] == start {
			break
		}
	}
	// names runs backwards from the part that closes the cycle; print forwards.
	for i, j := 0, len(names)-1; i < j; i, j = i+1, j-1 {
		names[i], names[j] = names[j], names[i]
	}
	names = append(names, b.nw.Parts[start].ID)
	b.at(fmt.Sprintf("parts[%d]", start), "BOM cycle: %s (each needs the next)", strings.Join(names, " → "))
}

// deadEnds reports suppliers that no lane leaves: nothing they make reaches
// a plant. (A supplier whose lanes lead only to such a node is not reported
// again; fixing the dead end fixes it.)
func (b *builder) deadEnds() {
	out := make([]int, len(b.nw.Nodes))
	for _, ln := range b.nw.Lanes {
		out[ln.From]++
	}
	for n, nd := range b.nw.Nodes {
		if out[n] == 0 && nd.Role == models.Supplier && nd.ID != "" {
			b.at(fmt.Sprintf("nodes[%d]", n), "supplies no plant: no lane leaves it")
		}
	}
}

// count writes n things: "1 lane", "2 lanes".
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
