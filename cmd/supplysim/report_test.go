package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/results"
)

// runFolder runs a batch of the scenario into a temporary folder and
// returns the folder and what run printed.
func runFolder(t *testing.T, args ...string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if status := Main(append([]string{"run", "--workers", "2", "--out", dir}, args...), &stdout, &stderr); status != 0 {
		t.Fatalf("status %d: %s", status, stderr.String())
	}
	return dir, stdout.String()
}

// section returns the text of the HTML between start and the next end.
func section(t *testing.T, page, start, end string) string {
	t.Helper()
	i := strings.Index(page, start)
	if i < 0 {
		t.Fatalf("report has no %q", start)
	}
	j := strings.Index(page[i:], end)
	return page[i : i+j]
}

var (
	tags   = regexp.MustCompile(`<[^>]*>`)
	docs   = regexp.MustCompile(`<div class="doc">[^<]*</div>`)
	number = regexp.MustCompile(`-?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?(?:e[-+][0-9]+)?%?`)
)

// On eu-auto every headline of the report and of the terminal is a
// headline of summary.json with traceable quotes, and every number in the
// findings, the tables and the figures' titles is a value of summary.json.
func TestReport_NumbersTraceToSummary(t *testing.T) {
	dir, stdout := runFolder(t, "eu-auto", "--runs", "200")
	raw, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	sf, err := results.ReadSummary(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(string(b))
	findings := section(t, page, `<ul class="headline" id="findings">`, "</ul>")
	for _, h := range results.Headlines(sf, []string{"silo", "platform"}) {
		if err := results.TraceQuotes(tree, h); err != nil {
			t.Error(err)
		}
		if !strings.Contains(findings, "<li>"+h.Text+"</li>") || !strings.Contains(stdout, "- "+h.Text+"\n") {
			t.Errorf("headline %q is not in the report's findings or the terminal's", h.Text)
		}
	}
	quotable := map[string]bool{"95%": true} // the confidence level
	collect(tree, quotable)
	parts := []string{findings, section(t, page, `<table id="summary">`, "</table>"), section(t, page, `<p id="events-intro">`, "</p>"),
		section(t, page, `<table id="events">`, "</table>"), section(t, page, `<table id="event-pairs">`, "</table>"),
		section(t, page, `<table id="service">`, "</table>")}
	for _, fig := range strings.Split(page, `<figure id="`)[1:] {
		if !strings.HasPrefix(fig, "fan-") { // a fan chart's title names its plant and band, no finding
			parts = append(parts, section(t, fig, "<figcaption><b>", "</b>"))
		}
	}
	checked := 0
	for _, part := range parts {
		text := tags.ReplaceAllString(docs.ReplaceAllString(part, ""), " ")
		for _, tok := range number.FindAllString(text, -1) {
			checked++
			if !quotable[tok] && !quotable[strings.TrimSuffix(tok, "%")] {
				t.Errorf("%q in %q is no value of summary.json", tok, strings.TrimSpace(text)[:min(120, len(strings.TrimSpace(text)))])
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d numbers checked; the sections were not found", checked)
	}
}

// collect adds every rendering of every number in a decoded JSON tree.
func collect(v any, into map[string]bool) {
	switch node := v.(type) {
	case map[string]any:
		for _, x := range node {
			collect(x, into)
		}
	case []any:
		for _, x := range node {
			collect(x, into)
		}
	default:
		for _, s := range results.Renderings(node) {
			into[s] = true
		}
	}
}

// shocks.csv's outcomes reconcile with summary.json: per regime the
// reached events are the same number, their outcomes sum to it and match
// the summary's counts.
func TestShocksCSV_OutcomesReconcile(t *testing.T) {
	dir, _ := runFolder(t, "chip-crisis", "--runs", "40")
	f, err := os.Open(filepath.Join(dir, "shocks.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	counts := map[string]map[string]uint64{}
	reached := map[string]uint64{}
	for _, r := range rows[1:] {
		g, o := r[col["regime"]], r[col["outcome"]]
		if counts[g] == nil {
			counts[g] = map[string]uint64{}
		}
		counts[g][o]++
		if o != models.NotReached.String() {
			reached[g]++
		}
	}
	sf, err := results.ReadSummary(dir)
	if err != nil {
		t.Fatal(err)
	}
	if reached["silo"] == 0 || reached["silo"] != reached["platform"] || reached["silo"] != sf.Events.Reached {
		t.Errorf("reached events: silo %d, platform %d, summary %d; want equal and > 0", reached["silo"], reached["platform"], sf.Events.Reached)
	}
	for g, byOutcome := range counts {
		for _, o := range models.Outcomes {
			if got, want := byOutcome[o.String()], sf.Events.Regimes[g].Outcomes[o.String()]; got != want {
				t.Errorf("%s %s: %d rows in shocks.csv, %d in summary.json", g, o, got, want)
			}
		}
	}
}

// A shocks.csv changed after the batch is refused by plot (its events no
// longer agree with summary.json) and by merge (an outcome that disagrees
// with its times).
func TestShocksCSV_ChangesAreRefused(t *testing.T) {
	dir, _ := runFolder(t, "chip-crisis", "--runs", "20")
	path := filepath.Join(dir, "shocks.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	k := -1
	for i, l := range lines {
		if strings.Contains(l, ",detected_before_starved,") {
			k = i
			break
		}
	}
	if k < 0 {
		t.Fatal("no detected_before_starved row to change")
	}
	fields := strings.Split(lines[k], ",")
	onset, _ := strconv.ParseFloat(fields[7], 64)
	starved, _ := strconv.ParseFloat(fields[10], 64)
	changed := slices.Clone(lines)
	write := func() {
		changed[k] = strings.Join(fields, ",")
		if err := os.WriteFile(path, []byte(strings.Join(changed, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		rehash(t, dir) // past the hashes, to the checks of the contents
	}
	var stdout, stderr bytes.Buffer
	plot := func(want string) {
		t.Helper()
		stderr.Reset()
		if status := Main([]string{"plot", dir}, &stdout, &stderr); status == 0 || !strings.Contains(stderr.String(), want) {
			t.Errorf("plot of a changed shocks.csv: status %d, %q; want an error with %q", status, stderr.String(), want)
		}
	}
	fields[9] = fields[7] // detected at the onset: still before the line starved, but its ttd_days is stale
	write()
	plot("ttd_days")
	fields[11], fields[12] = "0", strconv.FormatFloat(starved-onset, 'g', -1, 64) // the row agrees with itself now
	write()
	plot("disagree with shocks.csv")
	fields[6] = "starved_undetected"
	write()
	stderr.Reset()
	if status := Main([]string{"merge", "--out", filepath.Join(t.TempDir(), "m"), dir}, &stdout, &stderr); status == 0 ||
		!strings.Contains(stderr.String(), "disagrees with the detection and starvation times") {
		t.Errorf("merge of an inconsistent shocks.csv: status %d, %s", status, stderr.String())
	}
	// Every row of one replication gone: the rest agree with themselves,
	// but not with runs.csv's shock count.
	rep := strings.Split(lines[k], ",")[0]
	var kept []string
	for _, l := range lines {
		if !strings.HasPrefix(l, rep+",") {
			kept = append(kept, l)
		}
	}
	if err := os.WriteFile(path, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if status := Main([]string{"merge", "--out", filepath.Join(t.TempDir(), "m"), dir}, &stdout, &stderr); status == 0 ||
		!strings.Contains(stderr.String(), "shocks.csv is not the file this folder's manifest records") {
		t.Errorf("merge of a shocks.csv changed behind the manifest's back: status %d, %s", status, stderr.String())
	}
	rehash(t, dir)
	stderr.Reset()
	if status := Main([]string{"merge", "--out", filepath.Join(t.TempDir(), "m"), dir}, &stdout, &stderr); status == 0 ||
		!strings.Contains(stderr.String(), "shock rows; runs.csv says") {
		t.Errorf("merge of a shocks.csv missing replication %s: status %d, %s", rep, status, stderr.String())
	}
}
