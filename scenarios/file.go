package scenarios

// The types in this file mirror a scenario file key for key; they are what
// the TOML decoder fills. Optional values are pointers or zero values whose
// default is stated on the field. Durations are strings parsed by
// sim.ParseDuration ("90m", "6h", "14d", "2w"). A distribution is written the
// same way everywhere (see Distribution): a bare number or duration string for
// a constant, or an inline table { dist = "…", … }.

// File is one scenario file.
type File struct {
	Scenario   Meta          `toml:"scenario"`
	Parts      []PartIn      `toml:"parts"`
	Nodes      []NodeIn      `toml:"nodes"`
	Lanes      []LaneIn      `toml:"lanes"`
	Shocks     []ShockIn     `toml:"shocks"`
	Regimes    RegimesIn     `toml:"regimes"`
	Mitigation *MitigationIn `toml:"mitigation"`
	Allocation *AllocationIn `toml:"allocation"`
	// Calibration lists published figures the scenario's lost output is
	// held against (a variant's own, not its base's).
	Calibration []CalibrationIn `toml:"calibration"`
}

// CalibrationIn is one [[calibration]] entry: a published count of
// vehicles lost that one regime's mean lost output over the measured
// period (warm-up to horizon) should reproduce. run prints the two side
// by side, with their ratio; summary.json holds them.
type CalibrationIn struct {
	What string `toml:"what"` // required: what the figure counts, one line
	// Regime stands for what happened; default the run list's first.
	Regime string `toml:"regime"`
	// Published is the figure, vehicles; or Low and High bound a range of
	// figures (sources that differ, or a projection's range).
	Published *float64 `toml:"published"`
	Low       *float64 `toml:"low"`
	High      *float64 `toml:"high"`
	// Tolerance: how far off, relative, still counts as reproducing it
	// (beyond a range's ends); default 0.25.
	Tolerance *float64 `toml:"tolerance"`
	Source    string   `toml:"source"` // required: who published it, when, where
}

// AllocationIn is the [allocation] table: how a supplier shares its stock
// among its customers when it cannot ship all it owes (after any booked
// flexible capacity). A node's allocation key overrides the rule.
type AllocationIn struct {
	// Rule is "proportional" (to what each customer has outstanding; the
	// default), "fifo" (oldest order first), "fair-share" (in proportion to
	// each customer's mean shipments over the window: inflated orders gain
	// nothing) or "platform" (while the platform is up and the supplier takes
	// part, no participating customer gets more than its other inputs let it
	// build with; otherwise proportional).
	Rule   string `toml:"rule"`
	Window string `toml:"window"` // fair-share's trailing window, default "28d", at least "1d"
}

// Meta is the [scenario] table.
type Meta struct {
	Name        string `toml:"name"`        // required; a built-in's name is its file name
	Description string `toml:"description"` // required; one line, shown by `supplysim scenarios`
	Horizon     string `toml:"horizon"`     // required duration, whole days
	Warmup      string `toml:"warmup"`      // duration, whole days, default "0d"; metrics ignore it
	Seed        int64  `toml:"seed"`        // master seed ≥ 1, default 1
	// HoldingRate is the annual cost of holding a unit as a fraction of its
	// value (default 0.25); a part's holding_cost overrides it.
	HoldingRate *float64 `toml:"holding_rate"`
	// FanPlants is how many plants, the largest by mean demand, have daily
	// series and fan charts of their own in a batch's results (default 12,
	// 1 to MaxFanPlants); the others are summed into one.
	FanPlants *int `toml:"fan_plants"`
	// Base names a scenario (a built-in by bare name, or a .toml file
	// relative to this one)
	// whose parts, nodes and lanes this one uses; it then has none of its
	// own. Horizon, warm-up, seed, holding rate, fan plants, [[shocks]], [regimes] and
	// [mitigation] not given here are the base's too. A variant of a network
	// is thus a short file of shocks and regimes.
	Base string `toml:"base"`
}

// PartIn is one [[parts]] entry.
type PartIn struct {
	ID       string  `toml:"id"`
	Value    float64 `toml:"value"`    // EUR per unit, ≥ 0
	Category string  `toml:"category"` // optional, e.g. "semiconductor"; used by trade rules
	// HoldingCost is EUR per unit per day; default value × holding_rate / 365.
	HoldingCost *float64 `toml:"holding_cost"`
}

// NodeIn is one [[nodes]] entry: a plant (OEM assembly, where market demand
// sits) or a supplier.
type NodeIn struct {
	ID     string `toml:"id"`
	Name   string `toml:"name"`   // optional display name
	Region string `toml:"region"` // required, e.g. "DE", "TW"
	Role   string `toml:"role"`   // "plant" or "supplier"
	Makes  string `toml:"makes"`  // part id of the output
	// Capacity is units per day (> 0) or the string "unlimited".
	Capacity any    `toml:"capacity"`
	LeadTime string `toml:"lead_time"` // production lead time, default "0d"
	// BOM maps input part id → units per unit of output (> 0). Raw-material
	// nodes have none.
	BOM map[string]float64 `toml:"bom"`
	// InitialStock maps part id (an input or the output) → units on hand at
	// time 0. An input defaults to its policy's target; the output to the
	// finished-goods target.
	InitialStock map[string]float64 `toml:"initial_stock"`
	// FGCover is the target for finished goods plus work in process, in days
	// of the node's mean demand; default "0d", i.e. build to order. Finished
	// stock is held only beyond what is in production, so a buffer of D
	// days of finished goods needs fg_cover = lead_time + D.
	FGCover  string              `toml:"fg_cover"`
	Policy   *PolicyIn           `toml:"policy"`   // default ordering policy for every input
	Policies map[string]PolicyIn `toml:"policies"` // per-input overrides, by part id
	Cloud    string              `toml:"cloud"`    // ERP cloud provider, e.g. "aws", "sovereign-eu"
	// SharesData says whether the node takes part in data sharing (platform
	// and bilateral); default: with probability regimes.platform.participation.
	SharesData *bool     `toml:"shares_data"`
	Demand     *DemandIn `toml:"demand"` // plants only, required there
	// Allocation overrides the [allocation] rule for this node's customers.
	Allocation string `toml:"allocation"`
	// Flex is capacity the node can run above capacity for a customer that
	// books it when it detects a shortage ([mitigation] flex = true).
	Flex *FlexIn `toml:"flex"`
}

// FlexIn is a node's flexible capacity, e.g.
//
//	flex = { per_day = 60, ramp_up = "14d", cost = 25, max_duration = "120d" }
//
// (the maximum capacity of Catena-X CX-0128 less the actual one). A booking
// runs from ramp_up after it is made for as long as the customer mitigates
// (the shock's end plus [mitigation] hold), or max_duration if shorter.
type FlexIn struct {
	PerDay      float64 `toml:"per_day"`      // units per day above capacity, > 0
	RampUp      string  `toml:"ramp_up"`      // from booking to the first day it runs, default "0d"
	Cost        float64 `toml:"cost"`         // EUR per unit made on it, ≥ 0
	MaxDuration string  `toml:"max_duration"` // longest a booking runs, default: as long as the mitigation
}

// PolicyIn is an order-up-to (base-stock) policy for one input. Exactly one
// of Cover, Z and Level sets the target:
//
//	cover: S = cover × forecast                         (days of cover)
//	z:     S = (L + R) × forecast + z × σ̂ × √(L + R)    (safety factor)
//	level: S = level                                    (fixed base stock)
//
// where L is the planned lead time, R the review period and σ̂ the forecast
// error's standard deviation per day; cover and z targets are in units of
// output, converted with the BOM quantity and raised by the node's fg_cover
// target. On review days the node orders S − inventory position, where the
// position counts the input on hand and on order plus the node's finished
// goods and work in process minus its backlog, in units of input (an
// echelon position). A level is compared with that whole position, so it
// must include the input content of any fg_cover buffer.
type PolicyIn struct {
	Review   string   `toml:"review"`    // review period, whole days, default "1d"
	Cover    string   `toml:"cover"`     // days of cover as a duration
	Z        *float64 `toml:"z"`         // safety factor
	Level    *float64 `toml:"level"`     // units
	LeadTime string   `toml:"lead_time"` // planned L for z; default: mean transit of the input's lanes by share
	// Forecast is "moving-average" (default, over Periods days, default 7)
	// or "exp-smoothing" (with Alpha in (0, 1], default 0.3).
	Forecast string   `toml:"forecast"`
	Periods  *int     `toml:"periods"`
	Alpha    *float64 `toml:"alpha"`
	// Returns allows negative orders (the textbook assumption); by default an
	// order below zero is placed as zero.
	Returns bool `toml:"returns"`
}

// DemandIn is the [nodes.demand] table of a plant: vehicles per day.
//
//	d_t = max(0, s_t × (m + e_t)),  e_t = ar1 × e_{t-1} + (X_t − m)
//	s_t = 1 + amplitude × cos(2π (t − peak) / period)
//
// where X_t is drawn from Daily, m is its mean and t is in days.
type DemandIn struct {
	Daily       any       `toml:"daily"` // a distribution of vehicles per day
	AR1         float64   `toml:"ar1"`   // in (−1, 1), default 0
	Seasonality *SeasonIn `toml:"seasonality"`
	Unmet       string    `toml:"unmet"`        // "backlog" (default) or "lost"
	BacklogCost float64   `toml:"backlog_cost"` // EUR per vehicle per day of backlog, ≥ 0
}

// SeasonIn is a cosine seasonality of the demand mean.
type SeasonIn struct {
	Amplitude float64 `toml:"amplitude"` // in [0, 1)
	Period    string  `toml:"period"`    // duration, e.g. "365d"
	Peak      string  `toml:"peak"`      // day of the peak within the period, default "0d"
}

// LaneIn is one [[lanes]] entry: supplier → customer for one part.
type LaneIn struct {
	From    string `toml:"from"`
	To      string `toml:"to"`
	Part    string `toml:"part"`    // optional; must be what From makes
	Transit any    `toml:"transit"` // a distribution of durations, required
	Mode    string `toml:"mode"`    // "road", "rail", "sea" or "air"
	// Share is the fraction of the customer's orders for this part that go to
	// this lane (multi-sourcing). The shares of a customer's non-backup lanes
	// for a part sum to 1; default 1.
	Share *float64 `toml:"share"`
	// Backup lanes carry nothing until activated after Qualification (by
	// mitigation on detection); their share applies once active.
	Backup        bool        `toml:"backup"`
	Qualification string      `toml:"qualification"` // default "0d"
	Expedite      *ExpediteIn `toml:"expedite"`
}

// ExpediteIn is the faster, costlier mode a lane can switch to.
type ExpediteIn struct {
	Mode    string  `toml:"mode"`    // usually "air"
	Transit any     `toml:"transit"` // a distribution of durations
	Cost    float64 `toml:"cost"`    // extra EUR per unit shipped, ≥ 0
}

// ShockIn is one [[shocks]] entry. Which keys apply depends on type; the
// others must be absent.
type ShockIn struct {
	ID          string   `toml:"id"`
	Type        string   `toml:"type"`        // lockdown, trade_war, cloud_outage, node_outage, demand_shock
	Probability *float64 `toml:"probability"` // of striking a replication, default 1
	Start       any      `toml:"start"`       // distribution of durations from time 0, required
	Duration    any      `toml:"duration"`    // distribution of durations, required

	// lockdown
	Regions        []string `toml:"regions"`
	CapacityFactor *float64 `toml:"capacity_factor"` // in [0, 1); lockdown default 0.5, node_outage 0
	TransitFactor  *float64 `toml:"transit_factor"`  // ≥ 1, on lanes touching the regions; default 1
	Waves          []WaveIn `toml:"waves"`

	// node_outage
	Nodes []string `toml:"nodes"`

	// trade_war
	BlocA        []string `toml:"bloc_a"`
	BlocB        []string `toml:"bloc_b"`
	Tariff       float64  `toml:"tariff"`        // fraction of part value per crossing unit, ≥ 0
	CustomsDelay any      `toml:"customs_delay"` // distribution of durations, default none
	Ban          []string `toml:"ban"`           // part categories whose export is banned
	BanFrom      string   `toml:"ban_from"`      // "a" (default), "b" or "both": whose exports
	CutClouds    []string `toml:"cut_clouds"`    // providers cut off for the duration

	// cloud_outage
	Provider string `toml:"provider"`

	// demand_shock
	Plants        []string `toml:"plants"`         // default every plant
	Factor        *float64 `toml:"factor"`         // demand multiplier during the duration, ≥ 0
	ReboundFactor *float64 `toml:"rebound_factor"` // afterwards, default 1
	Rebound       any      `toml:"rebound"`        // distribution of durations, default "0d"
}

// WaveIn is a later wave of a lockdown.
type WaveIn struct {
	Regions        []string `toml:"regions"`
	Delay          any      `toml:"delay"`           // distribution of durations after the first onset
	CapacityFactor *float64 `toml:"capacity_factor"` // default the shock's
}

// RegimesIn is the [regimes] table: which regimes a batch compares and how
// detection and sharing work.
type RegimesIn struct {
	// Run lists the regimes, default ["silo", "platform"].
	Run []string `toml:"run"`
	// Evidence: a node detects a shortage (in every regime) when an input
	// on hand and in transit falls below this fraction of its normal low
	// point: the order-up-to target less the finished-goods content and one
	// review period of usage. In [0, 1], default 0.5; 0 turns it off.
	Evidence *float64 `toml:"evidence"`
	// Attribution: how long after a shock ends a detection is still traced
	// to it; default "90d".
	Attribution string `toml:"attribution"`
	// Equalize: what the regimes are held equal on before a batch, by one
	// multiplier per regime on every order-up-to target, calibrated on
	// shock-free replications against the first regime of the run list:
	// "inventory" (mean network inventory value; the default), "service"
	// (plant fill rate) or "none".
	Equalize string `toml:"equalize"`
	// CalibrationRuns: shock-free replications per calibration step, in
	// [2, 10000]; default 32.
	CalibrationRuns *int         `toml:"calibration_runs"`
	Bilateral       *BilateralIn `toml:"bilateral"`
	Platform        *PlatformIn  `toml:"platform"`
	// Variants are named regimes of one of the three kinds with some of
	// its settings changed, run on the same draws as the others; the run
	// list may name them.
	Variants []VariantIn `toml:"variants"`
}

// VariantIn is one [[regimes.variants]] entry: a named regime of kind Of
// ("silo", "bilateral" or "platform"), with the settings it changes (the
// rest are the scenario's).
type VariantIn struct {
	Name            string   `toml:"name"`
	Of              string   `toml:"of"`
	Evidence        *float64 `toml:"evidence"`
	HopDelay        string   `toml:"hop_delay"`
	Exchange        string   `toml:"exchange"`
	ReportInterval  string   `toml:"report_interval"`
	Latency         string   `toml:"latency"`
	AlertCover      string   `toml:"alert_cover"`
	Participation   *float64 `toml:"participation"`
	CentralPlanning *bool    `toml:"central_planning"`
	// Alerts: the platform alerts participants (default true); false
	// leaves only its central planning.
	Alerts *bool `toml:"alerts"`
}

// BilateralIn configures notices between direct partners.
type BilateralIn struct {
	HopDelay string `toml:"hop_delay"` // processing delay per hop (Catena-X CX-0146 notices), default "1d"
	// Exchange is how often partners exchange demand for the coming weeks and
	// actual and maximum capacity (CX-0128), default "7d"; "0d" for never. A
	// supplier whose customers' demand exceeds its actual capacity is a
	// bottleneck, detected by both partners at the exchange.
	Exchange string `toml:"exchange"`
}

// PlatformIn configures the central data-sharing platform.
type PlatformIn struct {
	ReportInterval string `toml:"report_interval"` // default "1d"
	Latency        string `toml:"latency"`         // default "0m"
	// AlertCover: alert a participant whose projected input runway is
	// shorter; default "14d".
	AlertCover string `toml:"alert_cover"`
	Cloud      string `toml:"cloud"` // hosting provider; default none (never down)
	// Participation is the probability that a node without shares_data
	// takes part in a replication, in [0, 1]; default 1.
	Participation   *float64 `toml:"participation"`
	CentralPlanning *bool    `toml:"central_planning"` // plan from end-customer demand, default true
}

// MitigationIn is the [mitigation] table: what a node does about an input
// once it detects a shortage. Without it, detection changes nothing physical.
type MitigationIn struct {
	Expedite   bool   `toml:"expedite"`    // ship by the lanes' expedite modes
	Backup     bool   `toml:"backup"`      // activate backup lanes after qualification
	Resource   bool   `toml:"resource"`    // move orders off suppliers the shock reaches
	ExtraCover string `toml:"extra_cover"` // with resource: raise the target by this cover, default "0d"
	// Flex books the flexible capacity of the input's other suppliers (their
	// flex tables) for the share of the input the shock reaches, first come,
	// first served.
	Flex bool   `toml:"flex"`
	Hold string `toml:"hold"` // keep mitigating this long after the shock ends, default "14d"
}
