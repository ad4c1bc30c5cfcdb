package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Chen, Drezner, Ryan & Simchi-Levi's single-stage bullwhip ratio,
// 1 + 2L/p + 2L²/p² = 2.5 for L = 2 and p = 4, read from nodes.csv alone
// after `supplysim run bullwhip`: the retailer's bullwhip column, averaged
// over 4 replications of 50,000 days, is within 2% of it (one
// replication's estimate has a standard error near 1%).
func TestNodesCSV_ReproducesChenSingleStage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bullwhip")
	mainOK(t, "run", "bullwhip", "--runs", "4", "--regimes", "silo", "--out", dir, "--quiet")
	rows := readCSV(t, filepath.Join(dir, "nodes.csv"))
	sum, n := 0.0, 0
	for _, r := range rows {
		if r["node"] != "retailer" {
			continue
		}
		x, err := strconv.ParseFloat(r["bullwhip"], 64)
		if err != nil || r["regime"] != "silo" || r["tier"] != "0" || r["role"] != "plant" {
			t.Fatalf("retailer row %v: %v", r, err)
		}
		sum, n = sum+x, n+1
	}
	const L, p = 2.0, 4.0
	want := 1 + 2*L/p + 2*L*L/(p*p)
	if got := sum / float64(n); n != 4 || math.Abs(got-want) > 0.02*want {
		t.Errorf("bullwhip ratio %.4f over %d rows, want %.4f within 2%%", got, n, want)
	} else {
		t.Logf("bullwhip ratio from nodes.csv %.4f (Chen et al. %.4f)", got, want)
	}
}

// readCSV reads a results CSV into rows keyed by its header.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil || len(records) == 0 {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, rec := range records[1:] {
		row := map[string]string{}
		for c, name := range records[0] {
			row[name] = rec[c]
		}
		out = append(out, row)
	}
	return out
}

// nodes.csv reconciles with runs.csv and summary.json: per replication and
// regime, the plants' units served on the day over their demand is the
// batch's fill rate; per node and regime, summary.json's means are the
// means of the node's rows, and the paired mean is the mean of the
// per-replication differences.
func TestNodesCSV_ReconcilesWithRunsAndSummary(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "chips")
	mainOK(t, "run", "chip-crisis", "--runs", "20", "--out", dir, "--quiet")
	num := func(s string) float64 {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return x
	}
	type key struct{ rep, regime string }
	served, asked := map[key]float64{}, map[key]float64{}
	perNode := map[[2]string][]float64{} // node, regime → fill rates by replication
	for _, r := range readCSV(t, filepath.Join(dir, "nodes.csv")) {
		if r["role"] == "plant" {
			k := key{r["replication"], r["regime"]}
			served[k], asked[k] = served[k]+num(r["on_time"]), asked[k]+num(r["demanded"])
		}
		perNode[[2]string{r["node"], r["regime"]}] = append(perNode[[2]string{r["node"], r["regime"]}], num(r["starved_days"]))
	}
	runs := readCSV(t, filepath.Join(dir, "runs.csv"))
	for _, r := range runs {
		k := key{r["replication"], r["regime"]}
		if got, want := served[k]/asked[k], num(r["fill_rate"]); math.Abs(got-want) > 1e-12 {
			t.Errorf("replication %s, %s: plants' on_time/demanded %v, runs.csv fill_rate %v", k.rep, k.regime, got, want)
		}
	}
	var sf struct {
		Nodes []struct {
			Node    string
			Metrics map[string]map[string]struct {
				N    int
				Mean float64
			}
			Paired map[string]map[string]struct {
				N    int
				Mean float64
			}
		}
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err := json.Unmarshal(raw, &sf); err != nil || len(sf.Nodes) == 0 {
		t.Fatalf("summary.json nodes: %v (%d nodes)", err, len(sf.Nodes))
	}
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	moved := 0
	for _, ns := range sf.Nodes {
		silo, platform := perNode[[2]string{ns.Node, "silo"}], perNode[[2]string{ns.Node, "platform"}]
		got := ns.Metrics["starved_days"]["silo"]
		if got.N != 20 || math.Abs(got.Mean-mean(silo)) > 1e-9*math.Max(1, mean(silo)) {
			t.Errorf("%s: summary.json starved_days under silo %+v, nodes.csv mean %v of %d", ns.Node, got, mean(silo), len(silo))
		}
		d := make([]float64, len(silo))
		for i := range silo {
			d[i] = platform[i] - silo[i]
		}
		if p := ns.Paired["starved_days"]["platform-silo"]; math.Abs(p.Mean-mean(d)) > 1e-9*math.Max(1, math.Abs(mean(d))) {
			t.Errorf("%s: paired starved_days platform-silo %+v, nodes.csv %v", ns.Node, p, mean(d))
		} else if p.Mean != 0 {
			moved++
		}
	}
	if moved == 0 {
		t.Error("no node's starved days differ between platform and silo: the paired check checked nothing")
	}
}

// A nodes.csv changed behind its manifest's back (the hashes resealed) is
// refused by merge with the file and line: a value written otherwise than
// supplysim writes it, or one that disagrees with summary.json.
func TestNodesCSV_MergeRefusesChangedRows(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "batch")
	mainOK(t, "run", "newsvendor", "--runs", "4", "--out", dir, "--quiet")
	raw, err := os.ReadFile(filepath.Join(dir, "nodes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(raw, []byte("\n"))
	for _, c := range []struct {
		name string
		edit func([]byte) []byte
		want string
	}{
		{"NaN for empty", func(l []byte) []byte { return bytes.Replace(l, []byte(",,"), []byte(",NaN,"), 1) }, "not written as supplysim writes it"},
		{"another number", func(l []byte) []byte {
			f := bytes.Split(l, []byte(","))
			f[len(f)-2] = []byte("7") // starved_days
			return bytes.Join(f, []byte(","))
		}, "its nodes disagree with nodes.csv"},
	} {
		changed := filepath.Join(tmp, "changed-"+c.name)
		if err := os.CopyFS(changed, os.DirFS(dir)); err != nil {
			t.Fatal(err)
		}
		edited := append([][]byte(nil), lines...)
		k := slices.IndexFunc(lines[1:], func(l []byte) bool { return !bytes.Equal(c.edit(l), l) }) + 1
		if k == 0 {
			t.Fatalf("%s: no row the edit changes", c.name)
		}
		edited[k] = c.edit(lines[k])
		if err := os.WriteFile(filepath.Join(changed, "nodes.csv"), bytes.Join(edited, []byte("\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		rehash(t, changed)
		var stdout, stderr bytes.Buffer
		if status := Main([]string{"merge", "--out", filepath.Join(tmp, "merged-"+c.name), changed}, &stdout, &stderr); status != 1 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%s: merge exit %d, %s; want 1 and %q", c.name, status, stderr.String(), c.want)
		}
	}
}
