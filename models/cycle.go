package models

import (
	"math"

	"github.com/supplysim/supplysim/sim"
)

// cycle runs day d for every node, customers before suppliers (see the
// package documentation for the steps), then records the day's metrics and
// schedules the next day. O(nodes + inputs + lanes).
func (r *Run) cycle(d int) {
	if len(r.bookings) > 0 {
		r.flexDay()
	}
	r.measured = d >= r.res.warmupDays
	for _, n := range r.nw.order {
		if r.nw.Nodes[n].Demand != nil {
			r.marketDemand(n, d)
		}
		r.produce(n)
		r.fulfil(n)
		r.order(n, d)
	}
	if len(r.occ) > 0 {
		r.evidence()
	}
	r.res.record(r, d)
	if r.observer != nil {
		r.observe(d)
	}
	r.res.closeDay(r, d)
	if d+1 < r.nw.Days() {
		r.eng.Schedule(sim.Day, sim.Event{Kind: evDay})
	}
}

// marketDemand draws plant n's demand for day d into its backlog.
func (r *Run) marketDemand(n, d int) {
	dem, s := r.nw.Nodes[n].Demand, &r.nodes[n]
	m := dem.Daily.Mean()
	s.shock = float64(dem.AR1*s.shock) + (dem.Daily.Sample(r.demandR[r.res.plantIndex[n]]) - m)
	season := 1.0
	if dem.Amplitude != 0 {
		season += float64(dem.Amplitude * math.Cos(2*math.Pi*(float64(d)-dem.Peak)/dem.PeriodDays))
	}
	s.demand = max(0, float64(float64(season*s.demandMul)*(m+s.shock)))
	s.backlog += s.demand
}

// produce finishes the batch in the node's ring due today, then starts as
// much as capacity, inputs and need allow, and notes whether inputs or a
// capacity cut held production below need.
func (r *Run) produce(n int) {
	nd, s := &r.nw.Nodes[n], &r.nodes[n]
	var slot *float64
	if ring := r.rings[n]; ring != nil {
		slot = &ring[s.slot]
		if s.slot++; int(s.slot) == len(ring) { // produce runs once a day, from day 0
			s.slot = 0
		}
		if q := *slot; q != 0 {
			r.finishBatch(n, q)
			*slot = 0
		}
	}
	need := s.backlog + s.fgTarget - s.fg - s.wip
	capacity := s.capacity + s.flex
	x := min(capacity, need)
	s.starved, s.limited = -1, s.capacity < nd.CapacityPerDay && capacity < need
	ins, states := nd.Inputs, r.inputs[r.nw.base[n]:][:len(nd.Inputs)] // (Go reloads fields in loops that store)
	for i := range ins {
		if avail := states[i].onHand / ins[i].PerUnit; avail < float64(x*(1-1e-12)) {
			x, s.starved, s.limited = avail, int32(i), true
		}
	}
	if !(x > 0) {
		return
	}
	ledger := r.ledger
	for i := range ins {
		st := &states[i]
		use := min(st.onHand, float64(x*ins[i].PerUnit))
		st.onHand -= use
		ledger[ins[i].Part].Consumed += use
	}
	ledger[nd.Part].Produced += x
	s.outputDay = x
	if x > s.capacity && r.eng.Now() >= r.nw.Warmup {
		r.res.FlexCost += float64((x - s.capacity) * nd.Flex.CostPerUnit)
	}
	if nd.LeadTime == 0 {
		s.fg += x
		return
	}
	s.wip += x
	if slot != nil {
		*slot = x
		return
	}
	r.eng.Schedule(nd.LeadTime, lotEvent(evDone, n, x))
}

// fulfil sells finished vehicles (plant) or ships to customers (supplier).
func (r *Run) fulfil(n int) {
	nd, s := &r.nw.Nodes[n], &r.nodes[n]
	if nd.Demand == nil {
		before := s.backlog
		r.ship(n)
		shipped := before - s.backlog
		older := max(0, before-s.demand) // owed from earlier days: shipped first
		r.asked(n, s.demand, min(s.demand, max(0, shipped-older)), shipped)
		return
	}
	sold := min(s.fg, s.backlog) // oldest demand first
	s.fg -= sold
	s.backlog -= sold
	r.ledger[nd.Part].Delivered += sold
	s.short = unstarted(s)
	r.asked(n, s.demand, s.demand-min(s.demand, s.short), sold)
	if nd.Demand.Lost { // demand that production has not taken up today goes elsewhere
		s.backlog -= s.short
	}
}

// unstarted is a plant's demand that no finished or in-process vehicle
// covers: the newest demand, since vehicles go to the oldest first.
func unstarted(s *nodeState) float64 { return max(0, s.backlog-s.fg-s.wip) }

// ship sends finished goods to the lanes with outstanding orders: regular
// lanes first, then backup lanes with what is left (a supplier serves its
// regular customers before those it backs up). Within each group it ships
// in full when stock suffices; when not, booked flexible capacity first,
// then the rest by the node's Allocation.
func (r *Run) ship(n int) {
	r.shipTo(n, false)
	if r.nw.backs[n] {
		r.shipTo(n, true)
	}
	if r.nw.Nodes[n].Allocation == FairShare {
		w := r.nw.FairShareDays
		for _, l := range r.nw.out[n] {
			lr := &r.rare[l]
			lr.earned += (lr.today - lr.earned) / w
			lr.today = 0
		}
	}
}

func (r *Run) shipTo(n int, backup bool) {
	s, out, lanes := &r.nodes[n], r.nw.out[n], r.lanes
	owed, last, first := 0.0, -1, 0.0
	for _, l := range out {
		if ls := &lanes[l]; ls.backlog > 0 && ls.backup == backup {
			owed, last = owed+ls.backlog, l
			first += min(ls.backlog, ls.reserved)
		}
	}
	if owed <= 0 || s.fg <= 0 {
		return
	}
	if s.fg < owed && (first > 0 || r.nw.Nodes[n].Allocation != Proportional) {
		r.shipShort(n, backup, first)
		return
	}
	ratio := min(1, s.fg/owed)
	for _, l := range out {
		ls := &lanes[l]
		b := ls.backlog
		if b <= 0 || ls.backup != backup {
			continue
		}
		q := min(s.fg, float64(b*ratio))
		if l == last && ratio < 1 {
			q = s.fg // the remainder, so rounding strands nothing
		}
		r.dispatch(l, q)
	}
}

// shipShort ships a group's lanes when the stock does not cover what they
// are owed: the units reserved for booked flexible capacity first (in
// proportion, if even they exceed the stock), then the rest by the node's
// allocation rule; one shipment per lane.
func (r *Run) shipShort(n int, backup bool, first float64) {
	s, out := &r.nodes[n], r.nw.out[n]
	alloc := r.alloc[:0]
	f := 1.0
	if first > s.fg {
		f = s.fg / first
	}
	for _, l := range out {
		take := 0.0
		if ls := &r.lanes[l]; ls.backlog > 0 && ls.backup == backup {
			take = float64(min(ls.backlog, ls.reserved) * f)
		}
		alloc = append(alloc, take)
	}
	r.alloc = alloc
	if stock := s.fg - min(s.fg, first); stock > 0 {
		r.allocate(n, backup, stock, alloc)
	}
	for k, l := range out {
		if q := min(s.fg, alloc[k]); q > 0 {
			ls := &r.lanes[l]
			reserved := min(q, float64(min(ls.backlog, ls.reserved)*f))
			r.dispatch(l, q)
			if r.nw.Nodes[n].Allocation == FairShare {
				r.rare[l].today -= reserved // fair share counts what the rule gave, not the booking
			}
		}
	}
}

// dispatch puts q units on lane l. The transit time is drawn for the
// lane and day (so every regime sees the same draw), by the expedite mode
// while the customer is expediting, stretched by lockdowns, plus customs
// delay during a trade war; tariffs and expediting are costed.
func (r *Run) dispatch(l int, q float64) {
	nw, ln, ls, s := r.nw, &r.nw.Lanes[l], &r.lanes[l], &r.nodes[r.nw.Lanes[l].From]
	now := r.eng.Now()
	s.fg -= q
	s.backlog -= q
	ls.backlog -= q
	switch nw.Nodes[ln.From].Allocation {
	case FIFO:
		r.served(l, q)
	case FairShare:
		r.rare[l].today += q
	}
	measured := now >= nw.Warmup
	if measured {
		ls.shipped += q
	}
	day := uint64(now / sim.Day)
	var transit float64
	if r.expediting(l) {
		transit = ln.Expedite.Transit.Sample(r.express[l].At(day))
		if measured {
			r.res.ExpediteCost += float64(q * ln.Expedite.CostPerUnit)
		}
	} else {
		transit = ln.Transit.Sample(r.transit[l].At(day))
	}
	transit = float64(transit * ls.factor)
	if ls.customs >= 0 {
		transit += nw.Shocks[r.occ[ls.customs].Shock].CustomsDelay.Sample(r.customs[l].At(day))
	}
	if measured && ls.tariff > 0 {
		r.res.TariffCost += float64(float64(q*ls.tariff) * nw.Parts[ln.Part].Value)
	}
	at := now + sim.Time(math.Round(transit))
	ls.inTransit += q
	if span := min(at, nw.Horizon) - max(now, nw.Warmup); span > 0 { // its part of ∫ inTransit dt over the measured window
		ls.area += float64(q * float64(span))
	}
	r.post(l, q, at, now)
}

// order updates node n's forecasts with today's demand and, on review
// days, orders every input up to its target; a node whose ERP cloud is
// down orders nothing. A node orders by its local rule (its own inventory
// position against a forecast of the orders it receives) or, planning
// centrally, by the echelon rule (see echelon).
func (r *Run) order(n, d int) {
	nd, s := &r.nw.Nodes[n], &r.nodes[n]
	local := s.fg + s.wip - s.backlog
	weighs := r.planning && r.shares[n]
	now := r.eng.Now()
	if weighs {
		r.echelon(n) // from n's customers' lanes, which n's own weighing leaves alone
	}
	s.central = r.central(n)
	for i := range nd.Inputs {
		in, k := &nd.Inputs[i], r.nw.base[n]+i
		st, own := &r.inputs[k], int(r.nw.fcOf[k])
		if r.measured { // the input's stock at the day's end: only its node's production and arrivals move it
			r.res.held.onHand[k] += st.onHand
		}
		if own == k { // the first of n's inputs forecast this way: the others' forecasts are its
			st.fc.observe(&in.Policy, s.demand)
			if weighs {
				r.efc[k].observe(&in.Policy, r.echelons[n].demand)
			}
		}
		fc := &r.inputs[own].fc
		if weighs && s.central {
			fc = &r.efc[own]
		}
		review := (in.Policy.ReviewDays == 1 || d%in.Policy.ReviewDays == 0) && !s.erpDown // daily reviews skip the division
		if !review && !weighs {
			continue // the target is needed to order, or daily by the echelons of a participant's suppliers
		}
		// How an order for the input splits over its lanes today; nothing
		// below changes what the split reads (withdrawing cancels orders,
		// it does not block lanes or change suppliers).
		sp := r.split(in, k, st.until > now)
		if weighs {
			r.weigh(in, k, sp)
		}
		st.target = in.Policy.target(fc, s.fgTarget, in.PerUnit, r.scale)
		mitigating := r.nw.Mitigation.Resource && sp.mit
		if mitigating {
			st.target += float64(float64(r.nw.Mitigation.ExtraCoverDays*fc.mean) * in.PerUnit)
		}
		if !review {
			continue
		}
		if mitigating {
			r.withdraw(in)
		}
		target, position := st.target, st.onHand+st.onOrder+float64(in.PerUnit*local)
		if s.central {
			e := &r.echelons[n]
			target += float64(in.PerUnit * e.target)
			position = st.onHand + st.onOrder + float64(in.PerUnit*e.stock)
		}
		q := target - position
		if q < 0 && !in.Policy.Returns {
			q = 0
		}
		r.place(in, k, q, sp)
		s.placed += q
		s.ordered += q / in.PerUnit / float64(len(nd.Inputs))
	}
}

// central reports whether node n orders by the echelon rule today: the
// regime plans centrally, n takes part, its ERP and the platform are up.
// Otherwise it falls back to its local rule.
func (r *Run) central(n int) bool {
	return r.planning && r.sharing(n) && !(r.nw.platform >= 0 && r.down[r.nw.platform])
}

// echelon computes node n's echelon state from its customers' (who have
// planned earlier today; customers come first) for Chen et al. (2000)'s
// centralised case. A customer is visible when it shares its data today;
// a lane to it counts with the share of the customer's orders it takes
// today (weigh), so the echelon follows the lanes actually in use. In
// units of n's output:
//
//	eStock  = fg + wip − backlog + Σ visible lanes [owed + in transit
//	          + w × (customer's stock of the input + BOM × its eStock)]
//	eTarget = Σ visible lanes w × (customer's target for the input + BOM × its eTarget)
//	eDemand = market demand (plants) + Σ visible lanes w × BOM × customer's eDemand
//	          + Σ other lanes, orders placed on them since n last planned
//
// A node ordering by the echelon rule orders its own target plus eTarget
// (as input content) less its input position plus eStock. On a serial chain
// of participants eStock is the sum of the local inventory positions down
// to the end customer and falls by exactly eDemand a day, so a stage orders
// its echelon target's change plus end-customer demand: the order variance
// of Chen et al.'s centralised case. Where a customer buys one input from
// several suppliers its stock is shared among them by w, an allocation
// rather than an identity. O(lanes out of n).
func (r *Run) echelon(n int) {
	nw, s := r.nw, &r.nodes[n]
	stock, target, demand := s.fg+s.wip-s.backlog, 0.0, 0.0
	if nw.Nodes[n].Demand != nil {
		demand = s.demand
	}
	for _, l := range nw.out[n] {
		lw := &r.weighed[l]
		if lw.weight > 0 && r.seen[lw.node] {
			ls, st, pu, ce := &r.lanes[l], &r.inputs[lw.input], lw.perUnit, &r.echelons[lw.node]
			stock += ls.backlog + ls.inTransit + float64(lw.weight*(st.onHand+float64(pu*ce.stock)))
			target += float64(lw.weight * (st.target + float64(pu*ce.target)))
			demand += float64(float64(lw.weight*pu) * ce.demand)
		} else {
			demand += lw.unread
		}
		lw.unread = 0
	}
	r.echelons[n] = echelonState{stock, target, demand}
}

// weigh records, on every lane of input in (flattened index k), the share
// of its node's orders for the input that the lane takes today (as place
// splits them by sp), for its supplier's echelon. A quiet split's weights
// are the same every day: written once, they stay until another split.
func (r *Run) weigh(in *Input, k int, sp splitOf) {
	st := &r.inputs[k]
	if sp.quiet && st.quiet {
		return
	}
	st.quiet = sp.quiet
	for _, l := range in.Lanes {
		w := 0.0
		if sp.total > 0 && r.usable(l, sp.avoid, sp.mit) {
			w = r.nw.share[l] / sp.total
		}
		r.weighed[l].weight = w
	}
}

// place splits an order of q units of input in (flattened index k) over
// the lanes that can take it by sp, in proportion to their shares. While
// mitigating by re-sourcing, failing suppliers are skipped if any other
// lane can take the order. An order no lane can take is not placed.
func (r *Run) place(in *Input, k int, q float64, sp splitOf) {
	st := &r.inputs[k]
	avoid, mit, total := sp.avoid, sp.mit, sp.total
	if total == 0 {
		return
	}
	if q > 0 && len(r.bookings) > 0 { // booked flexible capacity takes its rate first
		for _, l := range in.Lanes {
			if rv := r.lanes[l].reserved; rv > 0 && q > 0 && r.usable(l, avoid, mit) {
				ql := min(q, float64(rv*float64(in.Policy.ReviewDays)))
				r.put(l, st, ql)
				q -= ql
			}
		}
	}
	for _, l := range in.Lanes {
		if r.usable(l, avoid, mit) {
			r.put(l, st, float64(q*r.nw.share[l])/total)
		}
	}
}

// put orders q units on lane l for its customer's input st.
func (r *Run) put(l int, st *inputState, q float64) {
	ls := &r.lanes[l]
	ls.backlog += q
	if r.planning { // only central planning's echelons read it
		r.weighed[l].unread += q
	}
	if ls.fifo {
		r.queued(l, q)
	}
	sup := &r.nodes[r.nw.from[l]]
	sup.backlog += q
	sup.demand += q
	st.onOrder += q
}

// split says how an order for input in (flattened index k), mitigating
// now or not (mit: r.mitigating(k), which the caller has at hand), is
// split now: whether failing suppliers are avoided, and the total share of
// the lanes that can take it (0: none can). A quiet input (see splitOf)
// splits over its regular lanes.
func (r *Run) split(in *Input, k int, mit bool) splitOf {
	if !r.bans && !mit {
		return splitOf{quiet: true, total: r.nw.regular[k]}
	}
	avoid := mit && r.nw.Mitigation.Resource
	total := r.shareOf(in, avoid, mit)
	if total == 0 && avoid {
		avoid = false
		total = r.shareOf(in, avoid, mit)
	}
	return splitOf{avoid: avoid, mit: mit, total: total}
}

// withdraw cancels what is still owed on lanes from failing suppliers,
// once another lane can take the order, so that the next order re-sources it.
func (r *Run) withdraw(in *Input) {
	if r.shareOf(in, true, true) == 0 {
		return
	}
	for _, l := range in.Lanes {
		if !r.usable(l, true, true) && r.lanes[l].backlog > 0 {
			r.cancel(l)
		}
	}
}

// shareOf sums the shares of the lanes of in that can take an order.
func (r *Run) shareOf(in *Input, avoid, mit bool) float64 {
	total := 0.0
	for _, l := range in.Lanes {
		if r.usable(l, avoid, mit) {
			total += r.nw.share[l]
		}
	}
	return total
}
