package scenarios

import (
	"fmt"
	"math"
	"sort"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

func (b *builder) nodesIn() {
	if len(b.f.Nodes) == 0 {
		b.at("nodes", "no nodes")
	}
	for i := range b.f.Nodes {
		b.id(fmt.Sprintf("nodes[%d]", i), b.f.Nodes[i].ID, b.nodes, i, "node")
	}
	for i := range b.f.Nodes {
		b.nw.Nodes = append(b.nw.Nodes, b.node(fmt.Sprintf("nodes[%d]", i), &b.f.Nodes[i]))
	}
}

func (b *builder) node(path string, in *NodeIn) models.Node {
	nd := models.Node{ID: in.ID, Region: in.Region, Cloud: in.Cloud, Participation: participation(in.SharesData),
		InitialFG: math.NaN(), Part: -1}
	if in.Region == "" {
		b.at(path+".region", `missing; want a region code like "DE" or "TW"`)
	}
	switch in.Role {
	case "plant":
		nd.Role = models.Plant
	case "supplier":
		nd.Role = models.Supplier
	default:
		b.at(path+".role", `want "plant" or "supplier", got %q`, in.Role)
	}
	nd.Part = b.partRef(path+".makes", in.Makes)
	nd.CapacityPerDay = b.capacity(path+".capacity", in.Capacity)
	nd.LeadTime = b.duration(path+".lead_time", in.LeadTime, 0)
	nd.FGCoverDays = b.duration(path+".fg_cover", in.FGCover, 0).Days()
	nd.Inputs = b.bom(path, in)
	if v, ok := in.InitialStock[in.Makes]; ok && in.Makes != "" {
		nd.InitialFG = v
	}
	b.stocks(path, in)
	nd.Flex = b.flex(path+".flex", in.Flex)
	switch {
	case nd.Role == models.Plant && in.Demand == nil:
		b.at(path, "a plant needs a [nodes.demand] table")
	case nd.Role == models.Plant:
		nd.Demand = b.demand(path+".demand", in.Demand)
	case in.Demand != nil:
		b.at(path+".demand", "only plants have market demand; this node is a %s", in.Role)
	}
	return nd
}

// allocationIn sets every node's allocation rule: its own allocation key,
// else the [allocation] rule, else proportional; and fair share's window.
func (b *builder) allocationIn() {
	rule, window, path := models.Proportional, "", "allocation.rule"
	if a := b.f.Allocation; a != nil {
		if a.Rule != "" {
			rule = b.allocation(path, a.Rule)
		}
		window = a.Window
	}
	days := b.duration("allocation.window", window, 28*sim.Day)
	if days < sim.Day {
		b.at("allocation.window", "want at least 1d, got %q", window)
	}
	b.nw.FairShareDays = days.Days()
	for i := range b.nw.Nodes {
		b.nw.Nodes[i].Allocation = rule
		if in := &b.f.Nodes[i]; in.Allocation != "" {
			b.nw.Nodes[i].Allocation = b.allocation(fmt.Sprintf("nodes[%d].allocation", i), in.Allocation)
		}
	}
}

func (b *builder) allocation(path, s string) models.Allocation {
	a, err := models.ParseAllocation(s)
	if err != nil {
		b.at(path, "%v", err)
	}
	return a
}

// flex reads a node's flexible capacity; none without a table.
func (b *builder) flex(path string, in *FlexIn) models.Flex {
	if in == nil {
		return models.Flex{}
	}
	f := models.Flex{PerDay: in.PerDay, CostPerUnit: in.Cost, RampUp: b.duration(path+".ramp_up", in.RampUp, 0),
		MaxDuration: b.duration(path+".max_duration", in.MaxDuration, 0)}
	if !(in.PerDay > 0 && in.PerDay <= MaxQuantity) {
		b.at(path+".per_day", "want units per day > 0 and at most %g, got %v", MaxQuantity, in.PerDay)
	}
	if !bounded(in.Cost) {
		b.at(path+".cost", "want EUR per unit from 0 to %g, got %v", MaxQuantity, in.Cost)
	}
	return f
}

// partRef resolves a part id, reporting a missing or unknown one.
func (b *builder) partRef(path, id string) int {
	if id == "" {
		b.at(path, "missing; want a part id")
		return -1
	}
	p, ok := b.parts[id]
	if !ok {
		b.at(path, "unknown part %q", id)
		return -1
	}
	return p
}

func (b *builder) capacity(path string, v any) float64 {
	switch v := v.(type) {
	case nil:
		b.at(path, `missing; want units per day or "unlimited"`)
	case string:
		if v == "unlimited" {
			return math.Inf(1)
		}
		b.at(path, `want units per day or "unlimited", got %q`, v)
	case int64:
		return b.positive(path, float64(v), "units per day")
	case float64:
		return b.positive(path, v, "units per day")
	default:
		b.at(path, `want units per day or "unlimited", got %v`, quoteAny(v))
	}
	return 1
}

func (b *builder) positive(path string, x float64, unit string) float64 {
	if !(x > 0 && x <= MaxQuantity) {
		b.at(path, "want a positive number of %s, at most %g, got %v", unit, MaxQuantity, x)
		return 1
	}
	return x
}

// bom converts the bill of materials with each input's policy, in part-id
// order so that the network does not depend on map order.
func (b *builder) bom(path string, in *NodeIn) []models.Input {
	ids := sortedKeys(in.BOM)
	var inputs []models.Input
	for _, id := range ids {
		key := path + ".bom." + id
		part := b.partRef(key, id)
		if id == in.Makes {
			b.at(key, "a node cannot consume the part it makes")
		}
		qty := b.positive(key, in.BOM[id], "units per unit of output")
		pol, polPath := in.Policy, path+".policy"
		if o, ok := in.Policies[id]; ok {
			pol, polPath = &o, path+".policies."+id
		}
		input := models.Input{Part: part, PerUnit: qty, Initial: math.NaN()}
		if pol == nil {
			b.at(key, "no ordering policy; give the node a policy or policies.%s", id)
		} else {
			input.Policy = b.policy(polPath, pol)
		}
		if v, ok := in.InitialStock[id]; ok {
			input.Initial = v
		}
		inputs = append(inputs, input)
	}
	for _, id := range sortedKeys(in.Policies) {
		if _, ok := in.BOM[id]; !ok {
			b.at(path+".policies."+id, "%q is not in the node's bom", id)
		}
	}
	return inputs
}

func (b *builder) stocks(path string, in *NodeIn) {
	for _, id := range sortedKeys(in.InitialStock) {
		key := path + ".initial_stock." + id
		if _, ok := in.BOM[id]; !ok && id != in.Makes {
			b.at(key, "%q is neither the node's output nor in its bom", id)
		}
		if v := in.InitialStock[id]; !bounded(v) {
			b.at(key, "want units from 0 to %g, got %v", MaxQuantity, v)
		}
	}
}

func (b *builder) policy(path string, in *PolicyIn) models.Policy {
	pol := models.Policy{Periods: 7, Alpha: 0.3}
	review := b.days(path+".review", in.Review, sim.Day, false)
	if review < sim.Day {
		b.at(path+".review", "must be at least 1d")
		review = sim.Day
	}
	pol.ReviewDays = int(review / sim.Day)
	b.target(path, in, &pol)
	switch in.Forecast {
	case "", "moving-average":
		pol.Forecast = models.MovingAverage
		if in.Alpha != nil {
			b.at(path+".alpha", "alpha belongs to exp-smoothing; the moving average takes periods")
		}
		if in.Periods != nil {
			pol.Periods = *in.Periods
		}
		if pol.Periods < 1 || pol.Periods > 3650 {
			b.at(path+".periods", "want 1 to 3650 days, got %d", pol.Periods)
			pol.Periods = 1
		}
	case "exp-smoothing":
		pol.Forecast = models.ExpSmoothing
		if in.Periods != nil {
			b.at(path+".periods", "periods belongs to moving-average; exp-smoothing takes alpha")
		}
		if in.Alpha != nil {
			pol.Alpha = *in.Alpha
		}
		if !(pol.Alpha > 0 && pol.Alpha <= 1) {
			b.at(path+".alpha", "want 0 < alpha ≤ 1, got %v", pol.Alpha)
		}
	default:
		b.at(path+".forecast", `want "moving-average" or "exp-smoothing", got %q`, in.Forecast)
	}
	pol.Returns = in.Returns
	return pol
}

// target reads the one of cover, z and level that sets S.
func (b *builder) target(path string, in *PolicyIn, pol *models.Policy) {
	n := 0
	if in.Cover != "" {
		n++
		pol.Target, pol.CoverDays = models.CoverTarget, b.duration(path+".cover", in.Cover, 0).Days()
	}
	if in.Z != nil {
		n++
		pol.Target, pol.Z = models.ZTarget, *in.Z
		if math.IsNaN(pol.Z) || math.Abs(pol.Z) > 10 {
			b.at(path+".z", "want a safety factor between -10 and 10, got %v", pol.Z)
		}
		pol.LeadTimeDays = math.NaN() // filled from the lanes unless given
		if in.LeadTime != "" {
			pol.LeadTimeDays = b.duration(path+".lead_time", in.LeadTime, 0).Days()
		}
	} else if in.LeadTime != "" {
		b.at(path+".lead_time", "the planned lead time is only used with z")
	}
	if in.Level != nil {
		n++
		pol.Target, pol.Level = models.LevelTarget, *in.Level
		if !bounded(pol.Level) {
			b.at(path+".level", "want units from 0 to %g, got %v", MaxQuantity, pol.Level)
		}
	}
	if n != 1 {
		b.at(path, "give exactly one of cover (days of cover), z (safety factor) or level (units); got %d", n)
	}
}

func (b *builder) demand(path string, in *DemandIn) *models.Demand {
	d := &models.Demand{AR1: in.AR1, BacklogCostPerDay: in.BacklogCost, PeriodDays: 1}
	d.Daily, _ = b.dist(path+".daily", in.Daily, false)
	if !(in.AR1 > -1 && in.AR1 < 1) {
		b.at(path+".ar1", "want -1 < ar1 < 1 (stationary), got %v", in.AR1)
	}
	if s := in.Seasonality; s != nil {
		d.Amplitude = s.Amplitude
		if !(s.Amplitude >= 0 && s.Amplitude < 1) {
			b.at(path+".seasonality.amplitude", "want 0 ≤ amplitude < 1, got %v", s.Amplitude)
		}
		if d.PeriodDays = b.days(path+".seasonality.period", s.Period, 0, true).Days(); d.PeriodDays == 0 {
			d.PeriodDays = 1
		}
		d.Peak = b.duration(path+".seasonality.peak", s.Peak, 0).Days()
	}
	switch in.Unmet {
	case "", "backlog":
	case "lost":
		d.Lost = true
	default:
		b.at(path+".unmet", `want "backlog" or "lost", got %q`, in.Unmet)
	}
	if !bounded(in.BacklogCost) {
		b.at(path+".backlog_cost", "want EUR per vehicle per day from 0 to %g, got %v", MaxQuantity, in.BacklogCost)
	}
	return d
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// participation maps shares_data to a node's participation: always, never,
// or the network's fraction when unset.
func participation(shares *bool) float64 {
	switch {
	case shares == nil:
		return math.NaN()
	case *shares:
		return 1
	}
	return 0
}
