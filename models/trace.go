package models

import "github.com/supplysim/supplysim/sim"

// NodeDay is one node's state at the end of a day's cycle, for traces.
// Quantities are units of the node's output, except the input columns,
// which sum the node's inputs in their own units.
type NodeDay struct {
	Node      int
	Capacity  float64 // units per day now, after shocks
	Demand    float64 // market demand (plants) or orders received today
	Output    float64 // production started today
	Finished  float64 // finished goods on hand
	InProcess float64
	Backlog   float64 // demand not yet delivered
	Ordered   float64 // input units the ordering policy asked for today
	OnHand    float64 // input units on hand
	OnOrder   float64 // input units ordered, not yet received
	// Echelon: the node ordered by the echelon rule today (central
	// planning, platform and ERP up); otherwise by its local rule.
	Echelon bool
	// Planned is the daily demand the node's rule forecasts: the demand at
	// its echelon's edge under the echelon rule, Demand otherwise.
	Planned float64
}

// NodeDetection is when a node first knew of a shock's shortage.
type NodeDetection struct {
	Occurrence int // index into Result.Occurrences
	Node       int
	At         sim.Time
}

// Observe makes the Run call fn at the end of every day's cycle with every
// node's state (the slice is reused; copy what you keep); nil stops it. It
// is for traces: a batch leaves it nil, and the day loop pays one branch.
func (r *Run) Observe(fn func(day int, nodes []NodeDay)) { r.observer = fn }

func (r *Run) observe(d int) {
	r.days = r.days[:0]
	for n := range r.nodes {
		s, nd := &r.nodes[n], &r.nw.Nodes[n]
		day := NodeDay{Node: n, Capacity: s.capacity, Demand: s.demand, Output: s.outputDay, Finished: s.fg,
			InProcess: s.wip, Backlog: s.backlog, Ordered: s.placed, Echelon: s.central && len(nd.Inputs) > 0, Planned: s.demand}
		if day.Echelon {
			day.Planned = r.echelons[n].demand
		}
		for i := range nd.Inputs {
			day.OnHand += r.inputs[r.nw.base[n]+i].onHand
			day.OnOrder += r.inputs[r.nw.base[n]+i].onOrder
		}
		r.days = append(r.days, day)
	}
	r.observer(d, r.days)
}

// NodeDetections returns, after a replication, every node's detection of
// every shock, by occurrence then node. It allocates; it is for traces.
func (r *Run) NodeDetections() []NodeDetection {
	var out []NodeDetection
	for k, t := range r.detected {
		if t != Never {
			out = append(out, NodeDetection{Occurrence: k / len(r.nodes), Node: k % len(r.nodes), At: t})
		}
	}
	return out
}
