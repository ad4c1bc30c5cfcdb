// Package models implements the supply-network domain of supplysim: parts,
// nodes with bills of materials and ordering policies, lanes with sampled
// transit times, plant demand, production, allocation and the metrics a
// replication records.
//
// A [Network] is an immutable description, built once (usually by package
// scenarios) and shared by every replication. A [Run] holds the mutable
// state of one replication on one [sim.Engine]; it is reset and reused, so a
// batch allocates once per worker, not once per replication.
//
// # The day
//
// Time is in minutes, but decisions are daily. Shipments arrive and
// production batches complete at the minute they are due; at every day
// boundary the whole network runs its cycle, customers before suppliers,
// after every arrival and completion due at that instant. (A batch whose
// lead time is whole days is due at a day boundary and finishes as its
// node's cycle starts; it waits in a ring of the node's days rather than
// on the event queue. A platform report at the same instant sees it still
// in process; the report counts finished and in-process goods together.)
//
// Shipments are not events either: they wait in a ring of the days they
// are due in, and before every event (a day's cycle, a report, a shock, an
// alert) the Run receives every shipment due by that event's minute, the
// same minute included. Shipments received together go into stock by the
// day they were due, and within a day in the order they were shipped. A shipment's share of its lane's time-average
// in transit is counted when it is shipped: its quantity times the part of
// its journey inside the measured window.
//
//  1. demand: a plant draws the day's market demand into its backlog; a
//     supplier's backlog already holds the orders its customers placed;
//  2. production: start min(capacity, inputs on hand / BOM, backlog +
//     finished-goods target − finished goods − work in process), consuming
//     the inputs; the output is finished after the production lead time;
//  3. fulfilment: a plant sells from finished vehicles, oldest demand first;
//     a supplier ships to its lanes' backlogs, proportionally when short;
//  4. ordering: on review days, for every input, order S − inventory
//     position, split over the input's lanes by share.
//
// The inventory position of an input counts the node's finished goods and
// work in process as their input content (an echelon position):
//
//	position = on hand + on order + BOM × (finished + in process − backlog)
//
// so it falls by exactly BOM × demand every day, whatever production does;
// that is what makes the single-stage bullwhip formula of Chen et al. (2000)
// hold (ExampleRun_bullwhip runs it; TestBullwhipSingleStage checks three
// cases).
//
// That is the local rule. Under central planning (a platform regime with
// Sharing.CentralPlanning) a participant whose ERP and platform are up
// orders by the echelon rule instead: its position adds the stock of the
// participants it supplies, what it owes and has in transit to them, their
// input stock and, recursively, their own echelon stock, each customer
// weighted by the share of its orders the lane takes that day; its target
// adds their targets the same way; and it forecasts the demand at the edge
// of that echelon: end-customer demand exploded along the lanes in use,
// plus the orders of customers outside it. On a serial chain this is the
// echelon inventory position of Chen et al.'s centralised case, and stage
// k's orders vary as 1 + 2ΣL/p + 2(ΣL)²/p² times demand
// (TestBullwhipMultiStage). Each input keeps both forecasts, so a node that
// falls back to its local rule while the platform is down carries on from
// a forecast of the orders it has been receiving.
//
// # Shocks, regimes and detection
//
// A [Shock] strikes a replication as one or more [Occurrence]s, drawn from
// the replication's "shocks" stream; their effects (capacity cuts, slower or
// blocked lanes, tariffs, customs delays, clouds down, demand multipliers)
// are recomputed at every onset and end. [Run.Replicate] runs one
// replication under one [Regime]; every regime of a replication meets the
// same shocks, demand and transit draws (transit times are drawn per lane and
// day from keyed streams, so shipping on other days shifts nothing).
//
// A node detects a shortage at the first of: the onset of a shock that hits
// it, an input on hand and in transit below [Sharing].Evidence of its normal
// low point or a starved line (every regime), a notice from a direct supplier
// (bilateral), an alert from the platform's runway projection (platform).
// Each detection is traced to the earliest shock in force whose footprint
// reaches the node and starts the configured [Mitigation]. The per-shock,
// per-plant record is [Result].Detections, each with its [Outcome] (an
// event, for paired comparisons, when the shock reaches the plant);
// [Run.Stress] is the stress test.
package models
