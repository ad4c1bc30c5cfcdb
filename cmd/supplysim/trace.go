package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/results"
)

// traceCmd replays one replication of a batch exactly (same scenario, seed
// and replication give the same draws) and writes its daily time series
// and its shock and detection log, to look inside a surprising or failing
// replication.
func traceCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("trace")
	rep := fs.Uint64("replication", 0, "the replication to replay")
	seed := fs.Uint64("seed", 0, "master seed (default: the scenario's)")
	regimes := fs.String("regimes", "", "comma-separated regimes (default: the scenario's)")
	fs.StringVar(regimes, "regime", "", "one regime (same as --regimes)")
	out := fs.String("out", "", "folder for the trace (default results/out/trace-<scenario>-<replication>)")
	equalize := fs.String("equalize", "", "as for run: inventory, service or none (default: the scenario's)")
	from := fs.String("from", "", "replay a replication of the batch in this results folder: its scenario, seed, regimes and target multipliers")
	name, err := scenarioArg(fs, args)
	if err != nil {
		return err
	}
	var b *batch
	if *from != "" {
		m, err := results.ReadManifest(*from)
		if err != nil {
			return err
		}
		if b, err = batchOf(m, stderr); err != nil {
			return err
		}
		*seed = m.Seed
		if *regimes == "" { // the batch's regimes, unless some are asked for
			*regimes = strings.Join(m.Regimes, ",")
		}
	}
	if b == nil {
		sc, nw, err := load(name, stderr)
		if err != nil {
			return err
		}
		b = &batch{sc: sc, nw: nw, regimes: sc.Regimes(), engine: "native", workers: 2}
	}
	sc, nw := b.sc, b.nw
	gs, err := regimeList(*regimes, sc.Regimes(), nw)
	if err != nil {
		return err
	}
	if *seed == 0 {
		*seed = sc.Seed()
	}
	b.seed = *seed
	dir := *out
	if dir == "" {
		dir = filepath.Join("results", "out", fmt.Sprintf("trace-%s-%d", sc.File.Scenario.Name, *rep))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if b.footing == nil { // not --from: calibrate as a batch of the scenario's regimes would, whichever are traced
		for _, g := range gs {
			if !slices.Contains(b.regimes, g) {
				b.regimes = append(b.regimes, g)
			}
		}
		if err := b.calibrate(*equalize); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout, b.footing.Describe())
	t := &tracer{nw: nw, rep: *rep}
	eng, _ := newEngine("native")
	run := models.NewRun(nw, eng, *seed)
	run.Observe(t.day)
	for _, g := range gs {
		t.regime = g
		res := run.Replicate(*rep, g)
		t.log(res, run.NodeDetections(), run.Bookings())
	}
	for file, body := range map[string]*[]byte{"node-days.csv": &t.nodes, "shocks.csv": &t.shocks} {
		if err := results.WriteFileAtomic(filepath.Join(dir, file), *body); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "replication %d of %s (seed %d) under %s: %s; daily states in %s, shocks and detections in %s\n",
		*rep, sc.File.Scenario.Name, *seed, joinRegimes(gs), plural(t.struck, "shock"), filepath.Join(dir, "node-days.csv"), filepath.Join(dir, "shocks.csv"))
	return nil
}

// tracer collects a replay as CSV text.
type tracer struct {
	nw            *models.Network
	rep           uint64
	regime        models.Regime
	nodes, shocks []byte
	struck        int
	rules         []byte // per node: the ordering rule of the day before, for the switches
}

const (
	nodesHeader = "regime,day,node,capacity,demand,output,finished,in_process,backlog,input_ordered,input_on_hand,input_on_order,rule,planned_demand\n"
	traceHeader = "regime,event,shock,kind,target,node,days\n"
)

func (t *tracer) day(d int, nodes []models.NodeDay) {
	if len(t.nodes) == 0 {
		t.nodes = append(t.nodes, nodesHeader...)
		t.shocks = append(t.shocks, traceHeader...)
	}
	if d == 0 {
		t.rules = t.rules[:0]
	}
	for _, n := range nodes {
		nd := &t.nw.Nodes[n.Node]
		t.nodes = fmt.Appendf(t.nodes, "%s,%d,%s", t.regime, d, nd.ID)
		for _, x := range []float64{n.Capacity, n.Demand, n.Output, n.Finished, n.InProcess, n.Backlog, n.Ordered, n.OnHand, n.OnOrder} {
			t.nodes = append(t.nodes, ',')
			t.nodes = strconv.AppendFloat(t.nodes, x, 'g', -1, 64)
		}
		rule := ruleOf(n, len(nd.Inputs) > 0)
		t.nodes = append(append(append(t.nodes, ','), rule...), ',')
		t.nodes = strconv.AppendFloat(t.nodes, n.Planned, 'g', -1, 64)
		t.nodes = append(t.nodes, '\n')
		if len(t.rules) <= n.Node {
			t.rules = append(t.rules, rule[0])
		} else if t.rules[n.Node] != rule[0] {
			t.rules[n.Node] = rule[0]
			t.shocks = fmt.Appendf(t.shocks, "%s,%s-rule,,,,%s,%d\n", t.regime, rule, nd.ID, d)
		}
	}
}

// ruleOf names the rule a node ordered by: "echelon" under central
// planning with the platform and its ERP up, "local" otherwise, "-" for a
// node without inputs (it orders nothing).
func ruleOf(n models.NodeDay, orders bool) string {
	switch {
	case !orders:
		return "-"
	case n.Echelon:
		return "echelon"
	}
	return "local"
}

// log writes the replication's shocks (onset and end), every node's
// detections and every booking of flexible capacity (flex-booked: target
// is the supplier with the units a day and the days it runs, node the
// customer, days when it was booked), in time order per kind; day has
// written the switches of ordering rule (echelon-rule, local-rule: from
// that day on).
func (t *tracer) log(res *models.Result, detections []models.NodeDetection, bookings []models.Booking) {
	if len(t.shocks) == 0 {
		t.shocks = append(t.shocks, traceHeader...)
	}
	t.struck = len(res.Occurrences)
	id := func(o int) string {
		if s := res.Occurrences[o].Shock; s >= 0 {
			return t.nw.Shocks[s].ID
		}
		return "injected"
	}
	for o, oc := range res.Occurrences {
		t.shocks = fmt.Appendf(t.shocks, "%s,onset,%s,%s,%q,,%g\n", t.regime, id(o), oc.Kind, oc.Target, oc.Onset.Days())
		t.shocks = fmt.Appendf(t.shocks, "%s,end,%s,%s,%q,,%g\n", t.regime, id(o), oc.Kind, oc.Target, oc.End.Days())
	}
	for _, d := range detections {
		oc := res.Occurrences[d.Occurrence]
		t.shocks = fmt.Appendf(t.shocks, "%s,detected,%s,%s,%q,%s,%g\n", t.regime, id(d.Occurrence), oc.Kind, oc.Target,
			t.nw.Nodes[d.Node].ID, d.At.Days())
	}
	for _, b := range bookings {
		ln := &t.nw.Lanes[b.Lane]
		target := fmt.Sprintf("%s %g/day, days %g to %g", t.nw.Nodes[ln.From].ID, b.PerDay, b.From.Days(), b.Until.Days())
		t.shocks = fmt.Appendf(t.shocks, "%s,flex-booked,%s,%s,%q,%s,%g\n", t.regime, id(b.Occurrence), res.Occurrences[b.Occurrence].Kind,
			target, t.nw.Nodes[ln.To].ID, b.At.Days())
	}
}
