package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The README's two tables of what the built-ins say are this version's
// numbers: each cell is what `supplysim run <scenario> --runs 200` writes
// to summary.json (and runs.csv, for "the same in every run"), rounded as
// the README rounds (days to a tenth, vehicles and shares to whole
// numbers, halves away from zero). A change that moves results fails here
// until the README says what the tool now says.
func TestREADME_BuiltinsTablesAreThisVersions(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("runs six built-ins at 200 replications (about 20 s)")
	}
	readme := readmeText(t)
	detect := readmeTable(t, readme, "| scenario | time to detect at the plants")
	apart := readmeTable(t, readme, "| scenario | platform-alerts − silo |")
	if len(detect) < 6 || len(apart) != len(detect) {
		t.Fatalf("found %d and %d rows in the README's tables, want 6 or more each, as many in both", len(detect), len(apart))
	}
	for k, row := range detect {
		name := strings.Fields(row[0])
		if len(name) == 0 || apart[k][0] != name[0] {
			t.Fatalf("row %d names %q in the first table and %q in the second", k+1, row[0], apart[k][0])
		}
		scenario := name[0]
		t.Run(scenario, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), scenario)
			mainOK(t, "run", scenario, "--runs", "200", "--out", dir, "--quiet")
			var sum readmeSummary
			raw, err := os.ReadFile(filepath.Join(dir, "summary.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &sum); err != nil {
				t.Fatal(err)
			}
			ev, ok := sum.Events.Paired["platform-silo"]
			if !ok {
				t.Fatalf("summary.json has no paired events platform-silo")
			}
			ttd, c := ev.TTD, ev.Caught
			want := []string{
				fmt.Sprintf("%s [%s, %s] (%s: %s/%s/%s)", readmeDays(ttd.P50), readmeDays(ttd.P50CI[0]), readmeDays(ttd.P50CI[1]),
					readmeThousands(ttd.N), readmeThousands(ttd.Negative), readmeThousands(ttd.Positive), readmeThousands(ttd.Zero)),
				fmt.Sprintf("%d%% / %d%% of %s", int(math.Round(100*c.ShareB)), int(math.Round(100*c.ShareA)), readmeThousands(c.N)),
				fmt.Sprintf("%s (%s)", readmeInterval(sum.Paired["lost_output"]["platform-silo"]), readmeVehicles(sum.Metrics["lost_output"]["silo"].Mean, false)),
			}
			readmeCells(t, "first table", row[1:], want)
			var apartWant []string
			for _, pair := range []string{"platform-alerts-silo", "platform-platform-alerts", "platform-silo"} {
				if readmeSame(t, dir, pair) {
					apartWant = append(apartWant, "0 (the same in every run, to rounding)")
				} else {
					apartWant = append(apartWant, readmeInterval(sum.Paired["lost_output"][pair]))
				}
			}
			readmeCells(t, "second table", apart[k][1:], apartWant)
		})
	}
}

// readmeSummary is what the README's tables quote of summary.json.
type readmeSummary struct {
	Metrics readmeMeans                        `json:"metrics"`
	Paired  map[string]map[string]readmePaired `json:"paired"`
	Events  struct {
		Paired map[string]struct {
			TTD struct {
				N, Negative, Zero, Positive int
				P50                         float64    `json:"p50"`
				P50CI                       [2]float64 `json:"p50_ci95"`
			} `json:"ttd_days"`
			Caught struct {
				N      int
				ShareA float64 `json:"share_a"`
				ShareB float64 `json:"share_b"`
			} `json:"caught"`
		} `json:"paired"`
	} `json:"events"`
}

// readmeMeans is summary.json's means, by metric then regime.
type readmeMeans map[string]map[string]struct {
	Mean float64 `json:"mean"`
}

type readmePaired struct {
	Mean float64    `json:"mean"`
	CI95 [2]float64 `json:"ci95"`
}

// readmeText is the README's text.
func readmeText(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// readmeCells compares a row's cells with what this version says.
func readmeCells(t *testing.T, table string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d cells %q, want %d", table, len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s, column %d: the README says %q, this version %q", table, i+2, got[i], want[i])
		}
	}
}

// readmeTable returns the cells of the rows of the Markdown table whose
// header line starts with header.
func readmeTable(t *testing.T, text, header string) [][]string {
	t.Helper()
	var rows [][]string
	in := false
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, header):
			in = true
		case in && strings.HasPrefix(line, "| ---"):
		case in && strings.HasPrefix(line, "|"):
			var cells []string
			for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
				cells = append(cells, strings.TrimSpace(c))
			}
			rows = append(rows, cells)
		case in:
			return rows
		}
	}
	if !in {
		t.Fatalf("the README has no table headed %q", header)
	}
	return rows
}

// readmeSame reports whether every replication's lost output is the same
// under the two regimes of pair (named "a-b" as in summary.json), to
// within 1e-12 of it: where alerts change nothing (trade-war), a few
// replications still differ in their last bits.
func readmeSame(t *testing.T, dir, pair string) bool {
	t.Helper()
	lost := map[string]map[string]float64{} // regime → replication → lost output
	for _, r := range readCSV(t, filepath.Join(dir, "runs.csv")) {
		g := r["regime"]
		if lost[g] == nil {
			lost[g] = map[string]float64{}
		}
		v, err := strconv.ParseFloat(r["lost_output"], 64)
		if err != nil {
			t.Fatal(err)
		}
		lost[g][r["replication"]] = v
	}
	for a := range lost {
		b, ok := strings.CutPrefix(pair, a+"-")
		if !ok || lost[b] == nil {
			continue
		}
		for rep, v := range lost[a] {
			if w, ok := lost[b][rep]; !ok || math.Abs(w-v) > 1e-12*max(math.Abs(v), math.Abs(w), 1) {
				return false
			}
		}
		return true
	}
	t.Fatalf("runs.csv has no regimes of the pair %s", pair)
	return false
}

// readmeInterval is a paired difference in vehicles: the mean with its
// sign and the 95% interval.
func readmeInterval(p readmePaired) string {
	return fmt.Sprintf("%s [%s, %s]", readmeVehicles(p.Mean, true), readmeVehicles(p.CI95[0], false), readmeVehicles(p.CI95[1], false))
}

// readmeVehicles is x whole, with thousands separated, a minus sign and,
// if sign, a plus sign.
func readmeVehicles(x float64, sign bool) string {
	v := int(math.Round(x))
	s := readmeThousands(readmeAbs(v))
	switch {
	case v < 0:
		return "−" + s
	case sign && v > 0:
		return "+" + s
	}
	return s
}

// readmeDays is x to a tenth, without a trailing ".0".
func readmeDays(x float64) string {
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return strings.Replace(s, "-", "−", 1)
}

// readmeThousands is n with its thousands separated by commas.
func readmeThousands(n int) string {
	s := strconv.Itoa(readmeAbs(n))
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if n < 0 {
		s = "−" + s
	}
	return s
}

func readmeAbs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// The findings the README quotes for eu-auto at 1,000 replications are
// word for word what `supplysim run --runs 1000` prints now.
func TestREADME_QuotedFindingsAreThisVersions(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("runs eu-auto at 1,000 replications (about 13 s)")
	}
	text := readmeText(t)
	const intro = "for example (eu-auto, 1,000 replications):"
	at := strings.Index(text, intro)
	if at < 0 {
		t.Fatalf("the README no longer says %q", intro)
	}
	var quotes []string
	var quote []string
	for _, line := range strings.Split(text[at:], "\n")[1:] {
		if rest, ok := strings.CutPrefix(line, "> "); ok {
			quote = append(quote, rest)
			continue
		}
		if len(quote) > 0 {
			quotes = append(quotes, strings.Join(quote, " "))
			quote = nil
		}
		if strings.HasPrefix(line, "A finding") { // the paragraph after the quotes
			break
		}
	}
	if len(quotes) != 2 {
		t.Fatalf("found %d quoted findings after %q, want 2", len(quotes), intro)
	}
	out := mainOut(t, "run", "eu-auto", "--runs", "1000", "--out", filepath.Join(t.TempDir(), "eu-auto"), "--quiet")
	for _, q := range quotes {
		if !strings.Contains("\n"+out, "\n- "+q+"\n") {
			t.Errorf("run prints no finding that reads\n  %s\nit prints:\n%s", q, out)
		}
	}
}

// The figures the README's history section gives for eu-2020 and
// eu-chips-2021 are what `supplysim run <scenario> --runs 200` writes now:
// the loss against the record as run prints it, the regimes' paired
// differences and mean times to detect from summary.json, and the
// countries' demand not met from its nodes, rounded as the README rounds.
// The section's sensitivities (Italian capacity, the 2021 events taken
// out, the foundry at 99%) are runs of edited scenarios and not held here.
func TestREADME_HistoryFiguresAreThisVersions(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("runs eu-2020 and eu-chips-2021 at 200 replications (about 10 s)")
	}
	text := strings.Join(strings.Fields(readmeText(t)), " ") // as the prose reads, wherever its lines break
	says := func(t *testing.T, want string) {
		t.Helper()
		if !strings.Contains(text, want) {
			t.Errorf("the README does not say %q", want)
		}
	}
	t.Run("eu-2020", func(t *testing.T) {
		sum, out := readmeHistoryRun(t, "eu-2020")
		for _, want := range readmeCalibration(t, out) {
			says(t, want)
		}
		lost := sum.Paired["lost_output"]
		fewer := func(p readmePaired) (string, string, string) {
			return readmeThousands(int(math.Round(-p.Mean))), readmeThousands(int(math.Round(-p.CI95[1]))), readmeThousands(int(math.Round(-p.CI95[0])))
		}
		m, lo, hi := fewer(lost["platform-silo"])
		says(t, fmt.Sprintf("The platform loses %s fewer vehicles than silo per replication (95%% CI %s to %s fewer), about %d%% of the loss",
			m, lo, hi, int(math.Round(-100*lost["platform-silo"].Mean/sum.Metrics["lost_output"]["silo"].Mean))))
		m, lo, hi = fewer(lost["bilateral-silo"])
		says(t, fmt.Sprintf("bilateral notices as much (%s fewer, 95%% CI %s to %s)", m, lo, hi))
		ttd := func(g string) int { return int(math.Round(sum.Metrics["ttd_days"][g].Mean)) }
		says(t, fmt.Sprintf("the mean time to detect falls from %d days to %d under bilateral and %d under the platform", ttd("silo"), ttd("bilateral"), ttd("platform")))
		for _, c := range []struct{ node, country string }{
			{"plant-de", "Germany"}, {"plant-fr", "France"}, {"plant-uk", "the UK"}, {"plant-it", "Italy"}, {"plant-es", "Spain"},
		} {
			m, ok := sum.node(c.node)
			if !ok {
				t.Fatalf("summary.json has no node %s", c.node)
			}
			notMet := m["demanded"]["silo"].Mean - m["on_time"]["silo"].Mean
			says(t, fmt.Sprintf("%s %s", c.country, readmeThousands(1000*int(math.Round(notMet/1000)))))
		}
	})
	t.Run("eu-chips-2021", func(t *testing.T) {
		sum, _ := readmeHistoryRun(t, "eu-chips-2021")
		if len(sum.Calibration) != 1 {
			t.Fatalf("summary.json has %d calibration entries, want 1", len(sum.Calibration))
		}
		c := sum.Calibration[0]
		says(t, fmt.Sprintf("silo %.2f million vehicles lost (95%% CI %.2f to %.2f million)", c.Simulated/1e6, c.CI95[0]/1e6, c.CI95[1]/1e6))
		says(t, fmt.Sprintf("(ratio %.2f)", c.Ratio))
		sooner := func(g string) int {
			return int(math.Round(sum.Metrics["ttd_days"]["silo"].Mean - sum.Metrics["ttd_days"][g].Mean))
		}
		if !readmeSame(t, sum.dir, "bilateral-silo") {
			t.Errorf("bilateral no longer loses exactly as many vehicles as silo in every replication, as the README says")
		}
		says(t, fmt.Sprintf("Bilateral notices detect the shortage %d days sooner on average and lose exactly as many vehicles as silo", sooner("bilateral")))
		p := sum.Paired["lost_output"]["platform-silo"]
		says(t, fmt.Sprintf("The platform detects %d days sooner and loses %s more vehicles than silo (95%% CI %s to %s more)",
			sooner("platform"), readmeThousands(int(math.Round(p.Mean))), readmeThousands(int(math.Round(p.CI95[0]))), readmeThousands(int(math.Round(p.CI95[1])))))
	})
}

// readmeHistory is what the README's history section quotes of a run's
// summary.json, and the folder it is in.
type readmeHistory struct {
	readmeSummary
	Nodes []struct {
		Node    string      `json:"node"`
		Metrics readmeMeans `json:"metrics"`
	} `json:"nodes"`
	Calibration []struct {
		Simulated float64    `json:"simulated"`
		CI95      [2]float64 `json:"ci95"`
		Ratio     float64    `json:"ratio"`
	} `json:"calibration"`
	dir string
}

// node returns the metrics of the named node, by metric then regime.
func (h *readmeHistory) node(id string) (readmeMeans, bool) {
	for _, n := range h.Nodes {
		if n.Node == id {
			return n.Metrics, true
		}
	}
	return nil, false
}

// readmeHistoryRun runs a scenario at 200 replications and returns its
// summary and what run printed.
func readmeHistoryRun(t *testing.T, scenario string) (*readmeHistory, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), scenario)
	out := mainOut(t, "run", scenario, "--runs", "200", "--out", dir, "--quiet")
	raw, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	h := &readmeHistory{dir: dir}
	if err := json.Unmarshal(raw, h); err != nil {
		t.Fatal(err)
	}
	return h, out
}

// readmeCalibration is the loss against the record as run printed it, up
// to the published figure, and the ratio: "silo lost … replications)" and
// "ratio …, within ±…%".
func readmeCalibration(t *testing.T, out string) []string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if _, rest, ok := strings.Cut(line, ": silo lost "); ok {
			lost, _, _ := strings.Cut(rest, "; published")
			_, ratio, ok := strings.Cut(rest, "; ratio ")
			if ok {
				return []string{"silo lost " + lost, "ratio " + strings.TrimSuffix(ratio, ".")}
			}
		}
	}
	t.Fatalf("run printed no loss against the record:\n%s", out)
	return nil
}
