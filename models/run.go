package models

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/supplysim/supplysim/sim"
)

// The event kinds of a Run.
const (
	evDay      sim.Kind = iota + 1 // the daily cycle of the whole network
	evDone                         // a batch at node Target, of a lead time not in whole days, is finished (Arg: lotEvent)
	evShock                        // occurrence Target starts (Arg 1), changes or ends (Arg 0)
	evReport                       // the platform collects reports and projects runways
	evAlert                        // a platform alert reaches node Target (Arg: occurrence<<32 | input)
	evNotice                       // a bilateral notice of occurrence Arg crosses lane Target
	evExchange                     // bilateral partners exchange demand and capacity (Catena-X CX-0128)
)

// Run is the mutable state of one replication of a Network. It is reset by
// Replicate and reused, so steady-state replications allocate nothing. A Run
// is used by one goroutine at a time.
type Run struct {
	nw      *Network
	eng     sim.Engine
	streams *sim.Streams
	regime  Regime  // the regime's name
	kind    Regime  // its kind: Silo, Bilateral or Platform
	spec    Variant // the regime as resolved: its kind and sharing settings
	scale   float64 // multiplier on every order-up-to target: Network.TargetScale of the regime
	// planning: the regime plans centrally (a platform with
	// Sharing.CentralPlanning), so participants keep the echelon state of
	// their customers (see Run.echelon).
	planning bool
	demandR  []*rand.Rand // per plant, in Network.plants order
	shockR   *rand.Rand   // occurrences of the scenario's shocks
	partR    *rand.Rand   // who takes part in data sharing
	transit  []sim.Keyed  // per lane, keyed by the day of dispatch
	express  []sim.Keyed  // per lane: expedited transit, by day
	customs  []sim.Keyed  // per lane: customs delay, by day

	occ      []Occurrence // this replication's shocks, by onset
	scratch  []float64
	bookings []booking // flexible capacity booked this replication, in booking order
	alloc    []float64 // per lane out of a supplier: what it ships today (scratch)
	// plantDemand is today's demand by plant (Network.plants order), which
	// the bullwhip buckets read for every node (scratch).
	plantDemand []float64
	weights     []float64  // per lane out of a supplier (scratch)
	cursor      []int      // per lane out of a supplier (scratch)
	detected    []sim.Time // [o×nodes + n]: when node n detected occurrence o, or Never
	evident     []int32    // [o×nodes + n]: the input through which n first had its own evidence of o, or −1
	alerted     []bool     // [o×nodes + n]: a platform alert is on its way
	starved     []sim.Time // [o×plants + k]: first starved production at plant k traced to o
	shares      []bool     // per node: takes part in data sharing this replication
	seen        []bool     // per node: shares and its ERP cloud is up (sharing), kept by reset and effects
	down        []bool     // per cloud provider: out now
	bans        bool       // some lane is blocked now
	runway      []runway   // per node: the platform's last projection
	inRunway    []runway   // per input: the platform's last projection, which its allocation reads
	// trivial: every projection is that nothing falls short (noRunways).
	trivial  bool
	measured bool // today is after the warm-up: its node metrics count
	observer func(day int, nodes []NodeDay)
	days     []NodeDay

	nodes    []nodeState
	echelons []echelonState // per node
	// Production batches of lead time L whole days wait in a ring of L
	// slots a node instead of as events: the batch started on day d is in
	// slot d mod L of the node's ring (nodeState.slot) and finishes as day
	// d+L's cycle starts (Run.produce), which is where its event would have
	// fallen. Batches of longer lead times (over maxRingDays) stay events,
	// so that a lead time of years cannot allocate a ring of that many days
	// a node.
	batches []float64   // the rings, end to end
	rings   [][]float64 // rings[n]: node n's ring in batches, or nil for batch events
	// Shipments on their way wait in a ring of the days they are due in
	// (day d's in slot d mod len(due)), not as events, and are received
	// before the first event at or after their minute (see receive). The
	// ring doubles when a transit reaches beyond it.
	due    []daySlot
	blocks []block      // the pool the days' blocks come from
	free   int32        // the first free block of the pool, or −1
	dueDay int          // the first day not wholly received: the day of the last event
	inputs []inputState // flattened like nw.inputs
	// efc is, per input, central planning's forecast of the demand at the
	// node's echelon edge: apart from inputState, which the daily cycle
	// reads under every regime, so that a silo day does not bring it into
	// the cache.
	efc   []forecast
	lanes []laneState
	// Per lane, what a day's shipping does not read: central planning's
	// weights and orders (weighed), and the fields of bans, backups and
	// fair-share suppliers (rare).
	weighed []laneWeight
	rare    []laneRare
	queues  []laneQueue // per lane: FIFO suppliers' outstanding orders
	ledger  []Balance   // per part
	worth   valuation   // what the day's valuation of stock reads
	res     Result
}

type nodeState struct {
	// Three cache lines, in the order the day's last pass over the nodes
	// (Result.closeDay) reads them: it reads the first two of every node,
	// the third when a bullwhip bucket closes.
	fg, wip   float64 // finished goods and work in process, units of output
	demand    float64 // today's demand: market demand or orders received
	exploded  float64 // plant demand exploded to this node, this bucket
	ordered   float64 // orders placed this bucket, in units of output per input
	outputDay float64 // production started today
	made      float64 // production started in the last daily cycle
	placed    float64 // input units ordered today

	capacity float64 // units per day now, after shocks
	bucket   int     // days per bullwhip bucket: the longest review period of the inputs; 0 without inputs
	starved  int32   // input that limited production today, or −1
	capRoot  int32   // the occurrence that cut capacity, or −1
	backlog  float64 // unfilled demand (plants) or net outstanding orders (suppliers)
	short    float64 // plants: demand neither in stock nor in production at the end of today
	fgTarget float64
	flex     float64 // flexible capacity booked and in force today, units per day
	shock    float64 // AR(1) deviation of plant demand

	demandMul float64 // plants: demand multiplier of active demand shocks
	slot      int32   // today's slot in the node's ring of batches: the day mod its length
	erpDown   bool    // the node's ERP cloud is out: it places no orders
	limited   bool    // production today was held below need by inputs or a capacity cut
	central   bool    // ordered by the echelon rule today (Run.echelon; for traces)
	orders    welford // orders placed, measured days
	echelon   welford // exploded plant demand, measured days
}

// echelonState is a node's echelon under central planning (Run.echelon),
// in units of its output, computed in its ordering step every day for
// participants. Kept apart from nodeState, in a table of 24 bytes a node
// that stays in the cache: a supplier's echelon reads it of every customer.
type echelonState struct {
	stock  float64 // finished, in process and visible downstream, less backorders
	target float64 // the order-up-to targets of the visible downstream inputs
	demand float64 // at the echelon's edge: end-customer demand and invisible customers' orders
}

// splitOf is how an order for an input splits over its lanes today (see
// Run.split). A quiet split is the one without shocks: the input is not
// mitigating and no lane is blocked, so exactly its regular lanes can take
// an order (usable).
type splitOf struct {
	avoid, mit, quiet bool
	total             float64
}

type inputState struct {
	// onHand and target first, beside each other: a supplier's echelon
	// reads just these of its customers' inputs.
	onHand  float64
	target  float64 // today's order-up-to target of the input alone, units of input
	onOrder float64
	nominal float64  // target at the mean forecast: what the platform assumes of a non-participant
	fc      forecast // of the orders the node receives (or its market demand)
	until   sim.Time // mitigating while now < until
	root    int      // the occurrence being mitigated
	// quiet: the input's lanes hold the weights of a quiet split (see
	// Run.split), which weigh need not write again.
	quiet bool
}

type laneState struct {
	// What a supplier's shipping reads and writes lane by lane (the scan
	// and dispatch), one cache line (64 bytes) a lane; the rest of a lane's
	// state is in laneWeight and laneRare:
	backlog   float64 // ordered, not yet shipped (negative: credit from returns)
	reserved  float64 // booked flexible capacity of the supplier in force today, units per day
	inTransit float64
	shipped   float64 // dispatched since the warm-up
	area      float64 // ∫ inTransit dt over the measured window, unit-minutes
	factor    float64 // transit multiplier of active lockdowns
	tariff    float64 // fraction of part value due per unit, active trade wars
	customs   int32   // occurrence whose customs delay applies, or −1
	backup    bool    // Lane.Backup, copied
	blocked   bool    // export ban
	fifo      bool    // its supplier allocates first in, first out (queues)
	_         [1]byte // to 64 bytes
}

// laneWeight is a lane under central planning: the share of its
// customer's orders for the input that it takes today (0 when it takes
// none), and the orders placed on it, less cancellations, since its
// supplier last planned; other regimes leave them at zero. Its supplier's
// echelon reads them lane by lane, with the lane's customer beside them
// (Network.cust, copied), one table where it read two.
type laneWeight struct {
	weight, unread float64
	laneCustomer
}

// laneRare is what only export bans, backup lanes and fair-share
// suppliers read of a lane.
type laneRare struct {
	root    int      // the ban's occurrence
	readyAt sim.Time // backup lane: qualified from then, or Never
	earned  float64  // fair-share suppliers: mean daily shipments over the trailing window
	today   float64  // fair-share suppliers: shipped today by the allocation rule
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
	// Every lane's transit stream first, in lane order (the order the day
	// ships on them once SortLanes has renumbered them), so that their
	// seeds lie side by side; the rarely drawn expedite and customs streams
	// after them. A keyed stream's draws depend on its name alone, not on
	// when it was made.
	for _, ln := range nw.Lanes {
		r.transit = append(r.transit, r.streams.Keyed("transit/"+ln.ID))
	}
	for _, ln := range nw.Lanes {
		r.express = append(r.express, r.streams.Keyed("expedite/"+ln.ID))
	}
	for _, ln := range nw.Lanes {
		r.customs = append(r.customs, r.streams.Keyed("customs/"+ln.ID))
	}
	r.shockR, r.partR = r.streams.Stream("shocks"), r.streams.Stream("participation")
	r.shares, r.seen = make([]bool, len(nw.Nodes)), make([]bool, len(nw.Nodes))
	r.down = make([]bool, len(nw.clouds))
	r.runway = make([]runway, len(nw.Nodes))
	r.inRunway = make([]runway, len(nw.inputs))
	r.nodes = make([]nodeState, len(nw.Nodes))
	r.echelons = make([]echelonState, len(nw.Nodes))
	r.inputs = make([]inputState, len(nw.inputs))
	r.efc = make([]forecast, len(nw.inputs))
	r.windows()
	at := make([]int, len(nw.Nodes)+1) // at[n]: where node n's ring starts in batches
	for n, nd := range nw.Nodes {
		at[n+1] = at[n]
		if lead := nd.LeadTime; lead > 0 && lead%sim.Day == 0 && lead <= maxRingDays*sim.Day {
			at[n+1] += int(lead / sim.Day)
		}
	}
	r.batches, r.rings = make([]float64, at[len(nw.Nodes)]), make([][]float64, len(nw.Nodes))
	for n := range nw.Nodes {
		if at[n+1] > at[n] {
			r.rings[n] = r.batches[at[n]:at[n+1]:at[n+1]]
		}
	}
	r.lanes = make([]laneState, len(nw.Lanes))
	r.plantDemand = make([]float64, len(nw.plants))
	r.weighed, r.rare = make([]laneWeight, len(nw.Lanes)), make([]laneRare, len(nw.Lanes))
	for l := range r.weighed {
		r.weighed[l].laneCustomer = nw.cust[l] // the lane's customer, for good
	}
	r.queues = make([]laneQueue, len(nw.Lanes))
	r.ledger = make([]Balance, len(nw.Parts))
	r.worth = nw.valuation()
	r.res.init(nw)
	return r
}

// windows lays out the moving averages' windows in two slabs, one of the
// forecasts and one of the echelon forecasts. The windows of the c inputs
// of one period interleave: slot j of the input of rank k among them (in
// the order the daily cycle reads the inputs) is at j×c + k of the group's
// rows. No two windows share a slot, whatever their phase; and as every
// forecast the day updates moves on by one slot a day from slot 0 (the
// echelon forecasts of nodes that do not take part are never updated), a
// day's forecasts of one period read one row in order. An input whose
// forecasts are another's (Network.fcOf) has no window.
func (r *Run) windows() {
	nw := r.nw
	type group struct{ base, count int }
	groups := map[int]*group{}
	var rank []int // per input in the cycle's order: its place in its group
	for _, n := range nw.order {
		for i, in := range nw.Nodes[n].Inputs {
			if k := nw.base[n] + i; in.Policy.Forecast != MovingAverage || int(nw.fcOf[k]) != k {
				continue
			}
			g := groups[in.Policy.Periods]
			if g == nil {
				g = &group{}
				groups[in.Policy.Periods] = g
			}
			rank = append(rank, g.count)
			g.count++
		}
	}
	size := 0
	for _, p := range slices.Sorted(maps.Keys(groups)) {
		groups[p].base, size = size, size+p*groups[p].count
	}
	fcs, efcs := make([]float64, size), make([]float64, size)
	next := 0
	for _, n := range nw.order {
		for i, in := range nw.Nodes[n].Inputs {
			if k := nw.base[n] + i; in.Policy.Forecast != MovingAverage || int(nw.fcOf[k]) != k {
				continue
			}
			p, g, st := in.Policy.Periods, groups[in.Policy.Periods], &r.inputs[nw.base[n]+i]
			at, end := g.base+rank[next], g.base+rank[next]+(p-1)*g.count+1
			st.fc = forecast{window: fcs[at:end:end], stride: g.count, periods: p}
			r.efc[nw.base[n]+i] = forecast{window: efcs[at:end:end], stride: g.count, periods: p}
			next++
		}
	}
}

// Network returns the network r simulates.
func (r *Run) Network() *Network { return r.nw }

// Replicate runs replication rep under regime g from time 0 to the
// horizon, with the network's shocks drawn from the replication's "shocks"
// stream, and returns its result, which stays valid until the next call.
// Same seed and rep give the same result on any engine, and the same
// shocks, demand and transit draws under every regime.
func (r *Run) Replicate(rep uint64, g Regime) *Result {
	r.reset(rep, g, r.nw.TargetScale(g))
	r.occ = r.draw(r.occ[:0])
	return r.simulate()
}

// ReplicateWith is Replicate with the given occurrences instead of the
// network's shocks (none for a nil slice), as the stress test uses it.
func (r *Run) ReplicateWith(rep uint64, g Regime, occ []Occurrence) *Result {
	r.reset(rep, g, r.nw.TargetScale(g))
	return r.replicateWith(occ)
}

// ShockFree runs replication rep under regime g without shocks and with
// every order-up-to target multiplied by k instead of the network's
// TargetScale: one evaluation of an equal-footing calibration.
func (r *Run) ShockFree(rep uint64, g Regime, k float64) *Result {
	if !(k > 0) || math.IsInf(k, 0) {
		panic("models: target scale must be positive and finite")
	}
	r.reset(rep, g, k)
	return r.replicateWith(nil)
}

func (r *Run) replicateWith(occ []Occurrence) *Result {
	r.occ = append(r.occ[:0], occ...)
	slices.SortStableFunc(r.occ, func(a, b Occurrence) int { return int(a.Onset - b.Onset) })
	return r.simulate()
}

func (r *Run) simulate() *Result {
	r.schedule()
	r.eng.Schedule(0, sim.Event{Kind: evDay})
	r.eng.Run(r, r.nw.Horizon)
	if r.nw.Horizon > 0 {
		r.receive(r.nw.Horizon - 1) // what arrives after the last event
	}
	r.res.finish(r)
	return &r.res
}

// Handle runs one event; it is the sim.Handler of the Run.
func (r *Run) Handle(ev sim.Event) {
	r.res.Events++
	now := r.eng.Now()
	r.receive(now)
	switch ev.Kind {
	case evDay:
		r.cycle(int(now / sim.Day))
	case evDone:
		r.finishBatch(int(ev.Target), lotQty(ev))
	case evShock:
		r.shockEvent(int(ev.Target), ev.Arg == 1)
	case evReport:
		r.report()
	case evAlert:
		r.detect(int(ev.Target), int(ev.Arg&0xffffffff), int(ev.Arg>>32))
	case evNotice:
		ln := &r.nw.Lanes[ev.Target]
		r.detect(ln.To, ln.Input, int(ev.Arg))
	case evExchange:
		r.exchange()
	default:
		panic("models: unknown event kind")
	}
}

// reset starts replication rep under regime g with every order-up-to
// target multiplied by k.
func (r *Run) reset(rep uint64, g Regime, k float64) {
	r.eng.Reset()
	r.streams.SetReplication(rep)
	var ok bool
	if r.spec, ok = r.nw.Resolve(g); !ok {
		panic("models: unknown regime " + string(g))
	}
	r.regime, r.kind, r.scale = g, r.spec.Kind, float64(k*r.nw.coverScale())
	r.planning = r.kind == Platform && r.spec.Sharing.CentralPlanning
	r.bookings = r.bookings[:0]
	clear(r.ledger)
	nw := r.nw
	for l := range r.lanes {
		r.lanes[l] = laneState{backup: nw.Lanes[l].Backup, fifo: nw.Nodes[nw.Lanes[l].From].Allocation == FIFO, factor: 1, customs: -1}
		r.weighed[l].weight, r.weighed[l].unread = 0, 0
		r.rare[l] = laneRare{root: -1, readyAt: Never, earned: nw.laneFlow[l]}
		r.queues[l].orders, r.queues[l].head = r.queues[l].orders[:0], 0
	}
	for n := range nw.Nodes {
		nd, s := &nw.Nodes[n], &r.nodes[n]
		*s = nodeState{fgTarget: float64(r.scale * float64(nd.FGCoverDays*nw.MeanDemandPerDay(n))),
			capacity: nd.CapacityPerDay, capRoot: -1, demandMul: 1, starved: -1}
		s.fg = initial(nd.InitialFG, s.fgTarget)
		r.ledger[nd.Part].Initial += s.fg
		mean, sd := nw.MeanDemandPerDay(n), nw.demandSD(n)
		for i := range nd.Inputs {
			k := r.nw.base[n] + i
			in, st, own := &nd.Inputs[i], &r.inputs[k], &r.inputs[r.nw.fcOf[k]]
			st.onOrder, st.until, st.root, st.quiet = 0, 0, -1, false
			s.bucket = max(s.bucket, in.Policy.ReviewDays)
			if own == st {
				st.fc.reset(mean, sd)
				if r.planning {
					r.efc[k].reset(mean, sd)
				}
			}
			st.nominal = in.Policy.target(&own.fc, s.fgTarget, in.PerUnit, r.scale)
			st.onHand, st.target = initial(in.Initial, st.nominal), st.nominal
			r.ledger[in.Part].Initial += st.onHand
		}
		p := initial(nd.Participation, r.spec.Sharing.Participation)
		r.shares[n] = r.partR.Float64() < p // drawn for every node, so each keeps its draw
		r.seen[n] = r.shares[n]             // its ERP is up: no shock yet
	}
	clear(r.down)
	clear(r.echelons)
	r.bans = false
	r.noRunways() // no projection yet: reports may not run at all (no shocks)
	clear(r.batches)
	if r.due == nil {
		r.free = -1
		r.growDue(16)
	}
	for k := range r.due {
		r.freeBlocks(r.due[k].head)
		r.due[k] = emptyDay
	}
	r.dueDay = 0
	r.res.reset()
}

func initial(given, dflt float64) float64 {
	if math.IsNaN(given) {
		return dflt
	}
	return given
}

// maxRingDays is the longest lead time, in days, whose batches wait in a
// ring (see Run.batches).
const maxRingDays = 366

// lotEvent is the event of a batch at node ref, due to finish: the
// quantity travels in the event's argument, so a batch needs no table of
// its own and its handler touches nothing but its node.
func lotEvent(k sim.Kind, ref int, qty float64) sim.Event {
	return sim.Event{Kind: k, Target: int32(ref), Arg: int64(math.Float64bits(qty))}
}

// lotQty is the quantity of a lot event.
func lotQty(ev sim.Event) float64 { return math.Float64frombits(uint64(ev.Arg)) }

// shipment is a quantity on its way down a lane, due at a minute.
type shipment struct {
	at   sim.Time
	lane int32
	qty  float64
}

// blockLen is the number of shipments in a block of the ring of days.
const blockLen = 32

// block holds shipments of one day of the ring, in the order they were
// posted; a day's blocks form a list, all full but its last. Blocks come
// from one pool (Run.blocks) and go back to its free list as their day is
// received, so the ring holds about as much as is on its way, whatever the
// number of days it spans, and stops allocating once the pool has grown.
type block struct {
	n    int32 // shipments held
	next int32 // the day's next block (or the next free one), or −1
	s    [blockLen]shipment
}

// daySlot is one day of the ring: its list of blocks and the earliest
// minute a shipment in it is due.
type daySlot struct {
	head, tail int32 // first and last block, or −1
	first      sim.Time
}

var emptyDay = daySlot{head: -1, tail: -1, first: sim.Forever}

// post puts a shipment of qty on lane l, due at the minute at (not before
// now), into the ring of days (see Run.due); one due at or after the
// horizon never arrives, as its event would never have run.
func (r *Run) post(l int, qty float64, at, now sim.Time) {
	if !(at >= now) {
		panic(fmt.Sprintf("models: a shipment on lane %s due at %d, before now (%d)", r.nw.Lanes[l].ID, at, now))
	}
	if at >= r.nw.Horizon {
		return
	}
	day := int(at / sim.Day)
	if day-r.dueDay >= len(r.due) {
		r.growDue(day - r.dueDay + 1)
	}
	d := &r.due[day&(len(r.due)-1)]
	if d.tail < 0 || r.blocks[d.tail].n == blockLen {
		b := r.newBlock()
		if d.tail < 0 {
			d.head = b
		} else {
			r.blocks[d.tail].next = b
		}
		d.tail = b
	}
	b := &r.blocks[d.tail]
	b.s[b.n] = shipment{at: at, lane: int32(l), qty: qty}
	b.n++
	d.first = min(d.first, at)
}

// newBlock takes an empty block from the pool's free list, growing the
// pool if none is free.
func (r *Run) newBlock() int32 {
	if b := r.free; b >= 0 {
		r.free = r.blocks[b].next
		r.blocks[b].n, r.blocks[b].next = 0, -1
		return b
	}
	r.blocks = append(r.blocks, block{next: -1})
	return int32(len(r.blocks) - 1)
}

// freeBlocks returns the list of blocks from b on to the pool.
func (r *Run) freeBlocks(b int32) {
	if b < 0 {
		return
	}
	last := b
	for r.blocks[last].next >= 0 {
		last = r.blocks[last].next
	}
	r.blocks[last].next, r.free = r.free, b
}

// growDue makes the ring of days at least n days long (a power of two),
// each pending day in its new slot.
func (r *Run) growDue(n int) {
	size := max(16, 2*len(r.due))
	for size < n {
		size *= 2
	}
	ring := make([]daySlot, size)
	for k := range ring {
		ring[k] = emptyDay
	}
	for d := r.dueDay; d < r.dueDay+len(r.due); d++ {
		ring[d&(size-1)] = r.due[d&(len(r.due)-1)]
	}
	r.due = ring
}

// receive takes in every shipment due by time t: those of the days before
// t's, then those of t's own day due by t, each group in the order they
// were posted. Handle calls it before every event, so a shipment is in its
// customer's stock before anything at or after its minute happens (a
// report, a shock, the next day's cycle).
func (r *Run) receive(t sim.Time) {
	day := int(t / sim.Day)
	for ; r.dueDay < day; r.dueDay++ {
		d := &r.due[r.dueDay&(len(r.due)-1)]
		for b := d.head; b >= 0; b = r.blocks[b].next {
			bl := &r.blocks[b]
			for i := range bl.n {
				r.arrive(int(bl.s[i].lane), bl.s[i].qty)
			}
		}
		r.freeBlocks(d.head)
		*d = emptyDay
	}
	d := &r.due[day&(len(r.due)-1)]
	if d.first > t {
		return
	}
	// Receive what is due by t and move the rest, in order, to the front
	// of the day's list (w, i: where the next one left goes).
	w, i, first := d.head, int32(0), sim.Forever
	for b := d.head; b >= 0; b = r.blocks[b].next {
		bl := &r.blocks[b]
		for j := range bl.n {
			sh := bl.s[j]
			if sh.at <= t {
				r.arrive(int(sh.lane), sh.qty)
				continue
			}
			if i == blockLen {
				w, i = r.blocks[w].next, 0
			}
			r.blocks[w].s[i] = sh
			i++
			first = min(first, sh.at)
		}
	}
	if first == sim.Forever { // nothing left
		r.freeBlocks(d.head)
		*d = emptyDay
		return
	}
	rest := r.blocks[w].next
	r.blocks[w].n, r.blocks[w].next = i, -1
	r.freeBlocks(rest)
	d.tail, d.first = w, first
}

// arrive puts a shipment of qty on lane l into its customer's input stock.
func (r *Run) arrive(l int, qty float64) {
	r.lanes[l].inTransit -= qty
	st := &r.inputs[r.nw.into[l]]
	st.onHand += qty
	st.onOrder -= qty
}

// finishBatch moves a production batch of qty at node n from work in
// process to finished goods.
func (r *Run) finishBatch(n int, qty float64) {
	s := &r.nodes[n]
	s.wip -= qty
	s.fg += qty
}
