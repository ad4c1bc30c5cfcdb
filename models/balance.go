package models

// Balance is the ledger of one part over a replication so far, in units.
// Units are conserved: Initial + Produced = OnHand + InProcess + InTransit +
// Consumed + Delivered, up to floating-point rounding.
type Balance struct {
	Initial   float64 // on hand at time 0 (inputs at customers, finished goods at makers)
	Produced  float64 // production started
	Consumed  float64 // used as a BOM input
	Delivered float64 // sold to the market (vehicles)
	OnHand    float64 // inputs and finished goods now, filled by Balances
	InProcess float64 // work in process now, filled by Balances
	InTransit float64 // on lanes now, filled by Balances
}

// Balances returns the ledger of every part (indexed like Network.Parts)
// at the current simulated time. It allocates; it is meant for tests and
// traces, not for the event loop. O(nodes + inputs + lanes).
func (r *Run) Balances() []Balance {
	out := append([]Balance(nil), r.ledger...)
	for n := range r.nw.Nodes {
		nd, s := &r.nw.Nodes[n], &r.nodes[n]
		out[nd.Part].OnHand += s.fg
		out[nd.Part].InProcess += s.wip
		for i := range nd.Inputs {
			out[nd.Inputs[i].Part].OnHand += r.inputs[r.nw.base[n]+i].onHand
		}
	}
	for _, l := range r.nw.listed {
		out[r.nw.Lanes[l].Part].InTransit += r.lanes[l].inTransit
	}
	return out
}

// Imbalance returns Initial + Produced − (OnHand + InProcess + InTransit +
// Consumed + Delivered): zero when units are conserved.
func (b Balance) Imbalance() float64 {
	return b.Initial + b.Produced - (b.OnHand + b.InProcess + b.InTransit + b.Consumed + b.Delivered)
}
