package models

import (
	"fmt"

	"github.com/supplysim/supplysim/sim"
)

// Regime names an information regime: what a node knows beyond its own
// stock (DESIGN §4). Every replication can run each regime on the same
// draws. The three kinds below are regimes of every network; a network's
// Variants add named regimes of one of these kinds with settings of their
// own (Network.Resolve).
type Regime string

// The kinds of information regime.
const (
	// Silo: a node sees its own stock, pipeline and incoming orders, and
	// learns of an upstream problem only when an input's stock falls well
	// below its normal low point (Sharing.Evidence) or its line starves.
	Silo Regime = "silo"
	// Bilateral: as silo, and a node that detects a shortage forwards a
	// notice to each direct customer, who receives it Sharing.HopDelay later
	// and forwards it in turn (Catena-X CX-0146, one hop at a time); and
	// every Sharing.Exchange partners exchange demand and capacity
	// (CX-0128), so that a bottleneck is known at both ends. Both partners
	// must take part.
	Bilateral Regime = "bilateral"
	// Platform: as silo, and participants publish their state every
	// Sharing.ReportInterval; the platform projects every node's runway
	// from reported capacity and stock against plant demand exploded through
	// the BOMs, and alerts participants whose projected input runway is
	// below Sharing.AlertDays, Sharing.Latency after the report. With
	// Sharing.CentralPlanning, participants order by the echelon rule
	// (Chen et al.'s centralised case). The platform is down while its
	// cloud is; a participant then orders by its local rule.
	Platform Regime = "platform"
)

// Regimes lists the three kinds in order.
var Regimes = []Regime{Silo, Bilateral, Platform}

// String returns the regime's name as written in scenarios and results.
func (g Regime) String() string { return string(g) }

// ParseRegime returns the kind named s ("silo", "bilateral", "platform");
// a network's variants are resolved by Network.Resolve.
func ParseRegime(s string) (Regime, error) {
	for _, g := range Regimes {
		if string(g) == s {
			return g, nil
		}
	}
	return "", fmt.Errorf("unknown regime %q; want silo, bilateral or platform", s)
}

// RegimeName checks that s can name a regime, a kind or a variant: 1 to
// 40 lower-case letters, digits, '-' or '_', starting with a letter. It
// does not say whether a network has it (Network.Resolve does).
func RegimeName(s string) (Regime, error) {
	ok := len(s) > 0 && len(s) <= 40 && s[0] >= 'a' && s[0] <= 'z'
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
	}
	if !ok {
		return "", fmt.Errorf("%q cannot name a regime (want 1 to 40 of a–z, 0–9, - and _, starting with a letter)", s)
	}
	return Regime(s), nil
}

// Variant is a named regime of a network: a kind with its own sharing
// settings, run on the same draws as every other regime so that the
// effect of one setting can be taken apart (e.g. the platform's alerts
// without its central planning).
type Variant struct {
	Name    Regime
	Kind    Regime  // Silo, Bilateral or Platform
	Sharing Sharing // the network's, with the variant's changes; its Cloud is always the network's
	// NoAlerts turns off the platform's alerts: participants still report
	// and, with CentralPlanning, plan from end-customer demand.
	NoAlerts bool
}

// Sharing configures detection and the regimes that share data.
type Sharing struct {
	// Evidence: a node detects a shortage of an input when the input on
	// hand and in transit falls below Evidence × its normal low point, the
	// order-up-to target less the finished-goods content and one review
	// period of forecast usage (every regime; this is the physical evidence
	// of late or short deliveries). A fraction, so that it scales with each
	// node's own buffers: stock in a normal order cycle never falls below
	// the low point, and 0 turns the check off.
	Evidence float64
	// Attribution is how long after a shock ends a detection is still traced
	// back to it (minutes); a detection traced to no shock is not recorded.
	Attribution sim.Time
	HopDelay    sim.Time // bilateral: processing delay per hop, minutes
	// Exchange is how often bilateral partners exchange demand and capacity
	// (Catena-X CX-0128: each customer its demand for the coming weeks, each
	// supplier its actual and maximum capacity), minutes; 0 for never. A
	// supplier whose customers' demand exceeds its actual capacity is a
	// bottleneck, which both partners detect at the exchange.
	Exchange sim.Time
	// Platform: report interval and latency (minutes), the alert threshold
	// on a node's projected input runway in days, the hosting provider, and
	// the probability that a node without its own setting takes part.
	ReportInterval sim.Time
	Latency        sim.Time
	AlertDays      float64
	Cloud          string
	Participation  float64
	// CentralPlanning makes participants order by the echelon rule of
	// Chen et al. (2000)'s centralised case while the platform and their
	// ERP are up: their inventory position counts the stock of the
	// participants downstream, down to end-customer backorders, against
	// the sum of those participants' targets, and they forecast the demand
	// at the edge of that echelon, end-customer demand exploded through
	// the BOMs along the lanes in use that day (see the package
	// documentation).
	CentralPlanning bool
}

// Mitigation is what a node does about an input once it detects a shortage
// of it, until the shock it traces back to ends plus Hold. With every
// action off, detection is recorded but changes nothing physical.
type Mitigation struct {
	// Expedite ships the input's lanes by their expedite mode (faster,
	// costlier per unit).
	Expedite bool
	// Backup qualifies the input's backup lanes, which take orders after
	// their qualification delay while a regular lane is blocked or its
	// supplier failing; orders are split over the lanes that can take them
	// by share.
	Backup bool
	// Resource moves orders away from failing suppliers (capacity cut below
	// their mean demand, or starved of inputs) to the input's other active
	// lanes, if it has any: what is still owed on them is withdrawn and
	// ordered again elsewhere. It also raises the input's target by
	// ExtraCoverDays of forecast usage.
	Resource       bool
	ExtraCoverDays float64
	// Flex books flexible capacity (Node.Flex) at the input's other
	// suppliers, those the shock's footprint does not reach, for the share
	// of the input's supply it does reach: first come, first served, so a
	// node that detects late finds it booked (see Run.book).
	Flex bool
	Hold sim.Time
}

func (m *Mitigation) any() bool { return m.Expedite || m.Backup || m.Resource || m.Flex }
