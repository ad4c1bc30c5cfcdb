package scenarios

// The types in this file mirror a scenario file key for key; they are what
// the TOML decoder fills. Optional values are pointers or zero values whose
// default is stated on the field. Durations are strings parsed by
// sim.ParseDuration ("90m", "6h", "14d", "2w"). A distribution is written the
// same way everywhere (see Distribution): a bare number or duration string for
// a constant, or an inline table { dist = "…", … }.

// File is one scenario file.
type File struct {
	Scenario Meta     `toml:"scenario"`
	Parts    []PartIn `toml:"parts"`
	Nodes    []NodeIn `toml:"nodes"`
	Lanes    []LaneIn `toml:"lanes"`
}

// Meta is the [scenario] table.
type Meta struct {
	Name        string `toml:"name"`        // required; a built-in's name is its file name
	Description string `toml:"description"` // required; one line, shown by `supplysim scenarios`
	Horizon     string `toml:"horizon"`     // required duration, whole days
	Warmup      string `toml:"warmup"`      // duration, whole days, default "0d"; metrics ignore it
	Seed        uint64 `toml:"seed"`        // master seed, default 1
	// HoldingRate is the annual cost of holding a unit as a fraction of its
	// value (default 0.25); a part's holding_cost overrides it.
	HoldingRate *float64 `toml:"holding_rate"`
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
	// SharesData says whether the node publishes on the platform; default true.
	SharesData *bool     `toml:"shares_data"`
	Demand     *DemandIn `toml:"demand"` // plants only, required there
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
	Periods  int      `toml:"periods"`
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
