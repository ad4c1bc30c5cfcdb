package models

import (
	"math"
	"math/rand/v2"

	"github.com/supplysim/supplysim/sim"
)

// The event kinds of a Run.
const (
	evDay    sim.Kind = iota + 1 // the daily cycle of the whole network
	evArrive                     // a shipment (lot Target) reaches its customer
	evDone                       // a production batch (lot Target) is finished
)

// Run is the mutable state of one replication of a Network. It is reset by
// Replicate and reused, so steady-state replications allocate nothing. A Run
// is used by one goroutine at a time.
type Run struct {
	nw      *Network
	eng     sim.Engine
	streams *sim.Streams
	demandR []*rand.Rand // per plant, in Network.plants order
	transit []*rand.Rand // per lane

	nodes  []nodeState
	inputs []inputState // flattened like nw.inputs
	base   []int        // base[n]: index in inputs of node n's first input
	lanes  []laneState
	lots   []lot
	free   []int32
	ledger []Balance // per part
	res    Result
}

type nodeState struct {
	fg, wip   float64 // finished goods and work in process, units of output
	backlog   float64 // unfilled demand (plants) or net outstanding orders (suppliers)
	demand    float64 // today's demand: market demand or orders received
	exploded  float64 // plant demand exploded to this node, this bucket
	ordered   float64 // orders placed this bucket, in units of output per input
	short     float64 // plants: demand neither in stock nor in production at the end of today
	fgTarget  float64
	shock     float64 // AR(1) deviation of plant demand
	bucket    int     // days per bullwhip bucket: the longest review period of the inputs
	orders    welford // orders placed, measured days
	echelon   welford // exploded plant demand, measured days
	outputDay float64 // production started today
}

type inputState struct {
	onHand, onOrder float64
	fc              forecast
}

type laneState struct {
	backlog   float64 // ordered, not yet shipped (negative: credit from returns)
	inTransit float64
	shipped   float64  // dispatched since the warm-up
	area      float64  // ∫ inTransit dt since the warm-up, unit-minutes
	since     sim.Time // when inTransit last changed
}

// setTransit changes a lane's in-transit quantity by dq at time now, first
// adding the time-integral of the old quantity over the measured window.
func (ls *laneState) setTransit(dq float64, now, warmup sim.Time) {
	if from := max(ls.since, warmup); now > from {
		ls.area += float64(ls.inTransit * float64(now-from))
	}
	ls.inTransit += dq
	ls.since = now
}

// lot is a quantity on its way: a shipment on lane ref or a batch at node ref.
type lot struct {
	qty float64
	ref int32
}

// NewRun returns a Run of nw on eng with random streams from the master
// seed. nw must have been finished (Network.Finish). O(size of nw).
func NewRun(nw *Network, eng sim.Engine, seed uint64) *Run {
	if nw.order == nil && len(nw.Nodes) > 0 {
		panic("models: NewRun on a network that was not finished")
	}
	r := &Run{nw: nw, eng: eng, streams: sim.NewStreams(seed)}
	for _, p := range nw.plants {
		r.demandR = append(r.demandR, r.streams.Stream("demand/"+nw.Nodes[p].ID))
	}
	for _, ln := range nw.Lanes {
		r.transit = append(r.transit, r.streams.Stream("transit/"+ln.ID))
	}
	r.nodes = make([]nodeState, len(nw.Nodes))
	r.inputs = make([]inputState, len(nw.inputs))
	r.base = make([]int, len(nw.Nodes))
	for k := len(nw.inputs) - 1; k >= 0; k-- {
		r.base[nw.inputs[k].node] = k
		if pol := &nw.Nodes[nw.inputs[k].node].Inputs[nw.inputs[k].input].Policy; pol.Forecast == MovingAverage {
			r.inputs[k].fc.window = make([]float64, pol.Periods)
		}
	}
	r.lanes = make([]laneState, len(nw.Lanes))
	r.ledger = make([]Balance, len(nw.Parts))
	r.res.init(nw)
	return r
}

// Network returns the network r simulates.
func (r *Run) Network() *Network { return r.nw }

// Replicate runs replication rep from time 0 to the horizon and returns its
// result, which stays valid until the next call. Same seed and rep give the
// same result on any engine.
func (r *Run) Replicate(rep uint64) *Result {
	r.reset(rep)
	r.eng.Schedule(0, sim.Event{Kind: evDay})
	r.eng.Run(r, r.nw.Horizon)
	r.res.finish(r)
	return &r.res
}

// Handle runs one event; it is the sim.Handler of the Run.
func (r *Run) Handle(ev sim.Event) {
	r.res.Events++
	switch ev.Kind {
	case evDay:
		r.cycle(int(r.eng.Now() / sim.Day))
	case evArrive:
		r.arrive(ev.Target)
	case evDone:
		r.finishBatch(ev.Target)
	default:
		panic("models: unknown event kind")
	}
}

func (r *Run) reset(rep uint64) {
	r.eng.Reset()
	r.streams.SetReplication(rep)
	r.lots, r.free = r.lots[:0], r.free[:0]
	clear(r.ledger)
	clear(r.lanes)
	nw := r.nw
	for n := range nw.Nodes {
		nd, s := &nw.Nodes[n], &r.nodes[n]
		*s = nodeState{fgTarget: float64(nd.FGCoverDays * nw.MeanDemandPerDay(n)), bucket: 1}
		s.fg = initial(nd.InitialFG, s.fgTarget)
		r.ledger[nd.Part].Initial += s.fg
		mean, sd := nw.MeanDemandPerDay(n), nw.demandSD(n)
		for i := range nd.Inputs {
			in, st := &nd.Inputs[i], &r.inputs[r.base[n]+i]
			st.onOrder = 0
			s.bucket = max(s.bucket, in.Policy.ReviewDays)
			st.fc.reset(mean, sd)
			st.onHand = initial(in.Initial, in.Policy.target(&st.fc, s.fgTarget, in.PerUnit))
			r.ledger[in.Part].Initial += st.onHand
		}
	}
	r.res.reset()
}

func initial(given, dflt float64) float64 {
	if math.IsNaN(given) {
		return dflt
	}
	return given
}

// newLot stores a quantity in flight and returns its index.
func (r *Run) newLot(qty float64, ref int) int32 {
	if k := len(r.free); k > 0 {
		i := r.free[k-1]
		r.free = r.free[:k-1]
		r.lots[i] = lot{qty, int32(ref)}
		return i
	}
	r.lots = append(r.lots, lot{qty, int32(ref)})
	return int32(len(r.lots) - 1)
}

func (r *Run) takeLot(i int32) lot {
	l := r.lots[i]
	r.free = append(r.free, i)
	return l
}

// arrive puts a shipment into its customer's input stock.
func (r *Run) arrive(i int32) {
	lt := r.takeLot(i)
	ln := &r.nw.Lanes[lt.ref]
	r.lanes[lt.ref].setTransit(-lt.qty, r.eng.Now(), r.nw.Warmup)
	st := &r.inputs[r.base[ln.To]+ln.Input]
	st.onHand += lt.qty
	st.onOrder -= lt.qty
}

// finishBatch moves a production batch from work in process to finished goods.
func (r *Run) finishBatch(i int32) {
	lt := r.takeLot(i)
	s := &r.nodes[lt.ref]
	s.wip -= lt.qty
	s.fg += lt.qty
}
