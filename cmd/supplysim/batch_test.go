package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/results"
	"github.com/supplysim/supplysim/scenarios"
)

func testBatch(t testing.TB, name string, workers int) *batch {
	t.Helper()
	sc, err := scenarios.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	nw, err := sc.Build()
	if err != nil {
		t.Fatal(err)
	}
	b := &batch{sc: sc, nw: nw, regimes: sc.Regimes(), seed: sc.Seed(), engine: "native", workers: workers}
	if err := b.calibrate(""); err != nil {
		t.Fatal(err)
	}
	return b
}

// The files of a batch are byte-identical whatever the number of workers:
// per-run rows, shock records, per-node rows, summaries and daily
// quantiles, in CSV and Parquet.
func TestBatch_FilesIdenticalForAnyWorkers(t *testing.T) {
	read := func(workers int) map[string][]byte {
		dir := t.TempDir()
		b := testBatch(t, "chip-crisis", workers)
		f, err := b.create(dir, 0, 40, "1/1")
		if err != nil {
			t.Fatal(err)
		}
		if err := b.run(context.Background(), f, 0, 40); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, f := range dataFiles {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			files[f] = b
		}
		return files
	}
	one := read(1)
	for _, workers := range []int{2, 5} {
		for f, b := range read(workers) {
			if !bytes.Equal(b, one[f]) {
				t.Errorf("%s differs between 1 and %d workers", f, workers)
			}
		}
	}
	regimes := len(testBatch(t, "chip-crisis", 1).regimes)
	if n := bytes.Count(one["runs.csv"], []byte("\n")); n != 1+40*regimes {
		t.Errorf("runs.csv has %d lines, want a header and %d rows (40 replications × %d regimes)", n, 40*regimes, regimes)
	}
}

// An interrupted batch writes every replication finished before the
// interrupt, a prefix, and says in its manifest that it is incomplete.
func TestBatch_InterruptKeepsFinishedRuns(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	b := testBatch(t, "eu-auto", 2)
	calls := 0
	b.onEmit = func() {
		if calls++; calls == 25 {
			cancel()
		}
	}
	f, err := b.create(dir, 0, 100000, "1/1")
	if err != nil {
		t.Fatal(err)
	}
	err = b.run(ctx, f, 0, 100000)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	m, rerr := results.ReadManifest(dir)
	if rerr != nil {
		t.Fatal(rerr)
	}
	if m.Complete || m.Done < 25 || m.Done >= 100000 || m.Done != f.Manifest.Done {
		t.Fatalf("manifest complete %v, done %d; want incomplete with at least 25 done", m.Complete, m.Done)
	}
	runs, _ := os.ReadFile(filepath.Join(dir, "runs.csv"))
	g := uint64(len(b.regimes))
	if n := uint64(bytes.Count(runs, []byte("\n"))); n != 1+g*m.Done {
		t.Errorf("runs.csv has %d lines for %d finished replications, want %d", n, m.Done, 1+g*m.Done)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

// dataFiles are the files whose bytes a batch must reproduce exactly.
var dataFiles = []string{"runs.csv", "runs.parquet", "shocks.csv", "nodes.csv", "nodes.parquet", "summary.json", "daily.csv", "daily.sketch.json"}

func sameData(t *testing.T, want, got string) {
	t.Helper()
	for _, f := range dataFiles {
		a, err1 := os.ReadFile(filepath.Join(want, f))
		b, err2 := os.ReadFile(filepath.Join(got, f))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", f, err1, err2)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s of %s differs from the unsharded, uninterrupted batch", f, got)
		}
	}
}

func mainOK(t *testing.T, args ...string) { t.Helper(); mainOut(t, args...) }

// mainOut runs supplysim, which must succeed, and returns what it printed.
func mainOut(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if status := Main(args, &stdout, &stderr); status != 0 {
		t.Fatalf("supplysim %v: status %d: %s", args, status, stderr.String())
	}
	return stdout.String()
}

// rehash records the SHA-256 of dir's files in its manifest as they are
// now: a folder whose manifest matches files that are wrong anyway (a
// faulty writer), to test the checks behind the hashes.
func rehash(t *testing.T, dir string) {
	t.Helper()
	m, err := results.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name := range m.Files {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		m.Files[name] = fmt.Sprintf("%x", sha256.Sum256(raw))
	}
	if err := results.WriteJSON(filepath.Join(dir, "manifest.json"), m); err != nil {
		t.Fatal(err)
	}
}

// Three shards run apart and merged (given in any order) hold exactly the
// data of the batch run whole.
func TestMerge_ShardsEqualWholeBatch(t *testing.T) {
	tmp := t.TempDir()
	whole := filepath.Join(tmp, "whole")
	mainOK(t, "run", "chip-crisis", "--runs", "31", "--workers", "2", "--out", whole)
	var shards []string
	for i := 1; i <= 3; i++ {
		dir := filepath.Join(tmp, "shard"+string(rune('0'+i)))
		mainOK(t, "run", "chip-crisis", "--runs", "31", "--workers", "3", "--shard", string(rune('0'+i))+"/3", "--out", dir)
		shards = append(shards, dir)
	}
	merged := filepath.Join(tmp, "merged")
	mainOK(t, "merge", "--out", merged, shards[2], shards[0], shards[1])
	sameData(t, whole, merged)
	var stdout, stderr bytes.Buffer
	if Main([]string{"merge", "--out", filepath.Join(tmp, "gap"), shards[0], shards[2]}, &stdout, &stderr) != 1 ||
		!bytes.Contains(stderr.Bytes(), []byte("shards 2/3 are missing")) {
		t.Errorf("merging shards 1 and 3 without 2: %s; want an error naming the gap", stderr.String())
	}
	stderr.Reset()
	if Main([]string{"merge", "--out", filepath.Join(tmp, "end"), shards[0], shards[1]}, &stdout, &stderr) != 1 ||
		!bytes.Contains(stderr.Bytes(), []byte("shards 3/3 are missing")) {
		t.Errorf("merging shards 1 and 2 without the last: %s; want an error naming it", stderr.String())
	}
}

// interrupted runs a batch of eu-auto of runs replications into dir and
// interrupts it (as Ctrl-C does) after the first `after` are written.
func interrupted(t *testing.T, dir string, runs uint64, after int) {
	t.Helper()
	b := testBatch(t, "eu-auto", 2)
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	b.onEmit = func() {
		if calls++; calls == after {
			cancel()
		}
	}
	f, err := b.create(dir, 0, runs, "1/1")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.run(ctx, f, 0, runs); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted batch: err %v", err)
	}
}

// An interrupted batch, resumed, holds exactly the data of the batch run
// without interruption: no replication lost or duplicated.
func TestResume_EqualsUninterrupted(t *testing.T) {
	tmp := t.TempDir()
	whole := filepath.Join(tmp, "whole")
	mainOK(t, "run", "eu-auto", "--runs", "60", "--out", whole)
	cut := filepath.Join(tmp, "cut")
	interrupted(t, cut, 60, 17)
	mainOK(t, "run", "--resume", cut, "--workers", "3")
	m, err := results.ReadManifest(cut)
	if err != nil || !m.Complete || m.Done != 60 {
		t.Fatalf("resumed manifest %+v, %v; want complete with 60 done", m, err)
	}
	sameData(t, whole, cut)
}

// runs.parquet and nodes.parquet hold the rows of runs.csv and nodes.csv,
// typed, with null where the CSV is empty.
func TestBatch_ParquetMatchesCSV(t *testing.T) {
	dir := t.TempDir()
	mainOK(t, "run", "chip-crisis", "--runs", "12", "--out", dir)
	parquetMatches(t, dir, "runs", map[string]bool{"shocks": true})
	parquetMatches(t, dir, "nodes", map[string]bool{"tier": true, "starved_days": true, "cut_days": true})
}

// parquetMatches checks name.parquet against name.csv: the CSV's columns in
// its order, replication and the integer columns INT64, texts BYTE_ARRAY,
// the rest DOUBLE, every column chunk compressed with zstd; row by row the
// same values.
func parquetMatches(t *testing.T, dir, name string, integer map[string]bool) {
	t.Helper()
	rows, err := results.ReadParquetRuns(filepath.Join(dir, name+".parquet"))
	if err != nil {
		t.Fatal(err)
	}
	csv, _ := os.ReadFile(filepath.Join(dir, name+".csv"))
	lines := bytes.Split(bytes.TrimSpace(csv), []byte("\n"))
	header := bytes.Split(lines[0], []byte(","))
	text := map[string]bool{"regime": true, "node": true, "role": true, "region": true}
	schema, err := results.ParquetSchema(filepath.Join(dir, name+".parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if len(schema) != len(header) {
		t.Fatalf("%s: %d parquet columns, %d CSV columns", name, len(schema), len(header))
	}
	for c, col := range schema {
		want, h := "DOUBLE", string(header[c])
		switch {
		case h == "replication" || integer[h]:
			want = "INT64"
		case text[h]:
			want = "BYTE_ARRAY"
		}
		if col.Name != h || col.Type != want || col.Codec != "ZSTD" {
			t.Errorf("%s.parquet column %d: %+v, want %s of type %s, compressed with ZSTD", name, c, col, h, want)
		}
	}
	if len(rows) != len(lines)-1 {
		t.Fatalf("%s: %d parquet rows, %d CSV rows", name, len(rows), len(lines)-1)
	}
	for i, line := range lines[1:] {
		for c, field := range bytes.Split(line, []byte(",")) {
			h := string(header[c])
			got, want := rows[i][h], any(nil)
			switch {
			case h == "replication":
				n, _ := strconv.ParseUint(string(field), 10, 64)
				want = n
			case text[h]:
				want = string(field)
			case integer[h]:
				n, _ := strconv.ParseInt(string(field), 10, 64)
				want = n
			case len(field) > 0:
				x, _ := strconv.ParseFloat(string(field), 64)
				want = x
			}
			if got != want {
				t.Fatalf("%s row %d, %s: parquet %v, CSV %q", name, i, h, got, field)
			}
		}
	}
}

// trace replays a replication exactly: its plant output is the one the
// batch's replication built, day for day.
func TestTrace_ReplaysTheReplication(t *testing.T) {
	dir := t.TempDir()
	mainOK(t, "trace", "chip-crisis", "--replication", "4", "--regimes", "platform", "--out", dir)
	b := testBatch(t, "chip-crisis", 1)
	eng, _ := newEngine("native")
	res := models.NewRun(b.nw, eng, b.seed).Replicate(4, models.Platform)
	sameOutput(t, filepath.Join(dir, "node-days.csv"), "platform", b.nw, res)
	shocks, _ := os.ReadFile(filepath.Join(dir, "shocks.csv"))
	if !strings.Contains(string(shocks), "platform,onset,foundry-slots") {
		t.Errorf("shocks.csv lacks the foundry-slots onset:\n%s", shocks)
	}
}

// Under central planning a participant orders by the echelon rule while
// the platform is up and by its local rule while the platform's cloud is
// out; the trace records each switch in shocks.csv, on the first daily
// cycle after the outage starts and after it ends, and the rule of every
// day in node-days.csv.
func TestTrace_RecordsTheRuleSwitches(t *testing.T) {
	dir := t.TempDir()
	mainOK(t, "trace", "cloud-cutoff", "--replication", "0", "--regimes", "platform", "--out", dir)
	shocks, err := os.ReadFile(filepath.Join(dir, "shocks.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var onset, end float64
	switches := map[string][]string{} // node: "local@day", "echelon@day"
	for _, line := range strings.Split(string(shocks), "\n")[1:] {
		f := strings.Split(line, ",")
		switch {
		case len(f) == 7 && f[3] == "cloud_outage" && f[4] == `"gcp"` && f[1] == "onset":
			onset, _ = strconv.ParseFloat(f[6], 64)
		case len(f) == 7 && f[3] == "cloud_outage" && f[4] == `"gcp"` && f[1] == "end":
			end, _ = strconv.ParseFloat(f[6], 64)
		case len(f) == 7 && strings.HasSuffix(f[1], "-rule"):
			switches[f[5]] = append(switches[f[5]], strings.TrimSuffix(f[1], "-rule")+"@"+f[6])
		}
	}
	if !(onset > 0 && end > onset) {
		t.Fatalf("no outage of the platform's cloud (gcp) in replication 0:\n%s", shocks)
	}
	want := []string{fmt.Sprintf("local@%g", math.Ceil(onset)), fmt.Sprintf("echelon@%g", math.Ceil(end))}
	if len(switches) == 0 {
		t.Fatalf("no switch of ordering rule recorded:\n%s", shocks)
	}
	for node, got := range switches {
		if !slices.Equal(got, want) {
			t.Errorf("%s switched %v, want %v (the platform's cloud out days %g to %g)", node, got, want, onset, end)
		}
	}
	nodes, err := os.ReadFile(filepath.Join(dir, "node-days.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(nodes)), "\n")[1:] {
		f := strings.Split(line, ",")
		if _, ok := switches[f[2]]; !ok {
			continue
		}
		day, _ := strconv.ParseFloat(f[1], 64)
		rule := "echelon"
		if day >= math.Ceil(onset) && day < math.Ceil(end) {
			rule = "local"
		}
		if f[12] != rule {
			t.Fatalf("node-days.csv day %g, %s: rule %q, want %q", day, f[2], f[12], rule)
		}
	}
}

// sameOutput checks that a trace's node-days.csv holds, under regime, the
// first plant's daily output of res, day for day after the warm-up.
func sameOutput(t *testing.T, path, regime string, nw *models.Network, res *models.Result) {
	t.Helper()
	plant, warmup := nw.Nodes[res.Plants[0].Node].ID, int(nw.Warmup.Days())
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, line := range strings.Split(string(raw), "\n")[1:] {
		f := strings.Split(line, ",")
		if len(f) < 6 || f[0] != regime || f[2] != plant {
			continue
		}
		day, _ := strconv.Atoi(f[1])
		out, _ := strconv.ParseFloat(f[5], 64)
		if day >= warmup {
			if want := res.Plants[0].Output[day-warmup]; out != want {
				t.Fatalf("day %d: trace output %v, replication built %v", day, out, want)
			}
			checked++
		}
	}
	if checked != len(res.Plants[0].Output) {
		t.Errorf("checked %d days, want %d", checked, len(res.Plants[0].Output))
	}
}

// BenchmarkBatch runs whole batches of eu-auto (1,000 replications × silo
// and platform, files written) on 1 and 2 workers: the speed-up and the
// throughput of `supplysim run`. A batch has about 0.3 s of serial set-up
// and closing (thousands of daily sketches), so small batches scale worse.
func BenchmarkBatch(b *testing.B) {
	const reps = 1000
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("eu-auto/workers=%d", workers), func(b *testing.B) {
			bt := testBatch(b, "eu-auto", workers)
			b.ReportAllocs()
			for b.Loop() {
				f, err := bt.create(b.TempDir(), 0, reps, "1/1")
				if err != nil {
					b.Fatal(err)
				}
				if err := bt.run(context.Background(), f, 0, reps); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(reps*b.N)/b.Elapsed().Seconds(), "replications/s")
		})
	}
}

// BenchmarkCalibration is the equal-footing calibration a batch of eu-auto
// runs before its first replication (inventory, 32 shock-free replications
// per step, 2 workers): compare with BenchmarkBatch's 1,000 replications.
func BenchmarkCalibration(b *testing.B) {
	bt := testBatch(b, "eu-auto", 2)
	b.ReportAllocs()
	for b.Loop() {
		if err := bt.calibrate("inventory"); err != nil {
			b.Fatal(err)
		}
	}
	evals := 0
	for _, r := range bt.footing.Regimes {
		evals += r.Evaluations
	}
	b.ReportMetric(float64(evals), "steps")
}

// Every run ends with plots and a self-contained report: each figure is
// inlined as SVG with its title, and nothing is fetched from elsewhere.
func TestRun_WritesPlotsAndReport(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if status := Main([]string{"run", "chip-crisis", "--runs", "40", "--out", dir}, &stdout, &stderr); status != 0 {
		t.Fatalf("status %d: %s", status, stderr.String())
	}
	page := filepath.Join(dir, "report.html")
	if !strings.Contains(stdout.String(), "report:  "+page) {
		t.Errorf("run did not say where the report is:\n%s", stdout.String())
	}
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	svgs, _ := filepath.Glob(filepath.Join(dir, "plots", "*.svg"))
	pngs, _ := filepath.Glob(filepath.Join(dir, "plots", "*.png"))
	if len(svgs) < 8 || len(pngs) != len(svgs) {
		t.Fatalf("%d SVG and %d PNG plots, want at least 8 of each", len(svgs), len(pngs))
	}
	if n := strings.Count(string(html), "<svg"); n != len(svgs) {
		t.Errorf("report inlines %d SVGs, want %d (one per plot)", n, len(svgs))
	}
	for _, bad := range []string{"<script", "<link", `src="`, `href="http`, "url(http"} {
		if strings.Contains(string(html), bad) {
			t.Errorf("report contains %q: it must be self-contained", bad)
		}
	}
	for _, want := range []string{"days earlier than silo on the same shocks", "How to read this", "paired platform-silo", "chip-crisis"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// plot regenerates them from the files alone.
	os.RemoveAll(filepath.Join(dir, "plots"))
	os.Remove(page)
	mainOK(t, "plot", dir)
	if _, err := os.Stat(page); err != nil {
		t.Errorf("plot did not rewrite the report: %v", err)
	}
}
