package results

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Headline is a finding in words and the summary.json numbers it quotes.
// Every number in Text is one of Quotes, so a reader can trace it (a test
// checks that each quote's text is its summary.json value as formatted).
type Headline struct {
	Text   string
	Quotes []Quote
}

// Quote is one number of a headline: where it is in summary.json (a path
// of keys joined by "/", e.g. "events/paired/platform-silo/ttd_days/p50")
// and how the headline writes it.
type Quote struct {
	Path string
	Text string
}

// MinCompared is the fewest paired events or replications a headline
// compares; with fewer it says there are too few to compare.
const MinCompared = 10

// headline builds a Headline from a format whose verbs are all %s, each
// filled by a quote or by plain words (a string argument).
func headline(format string, args ...any) Headline {
	h := Headline{}
	texts := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case Quote:
			h.Quotes = append(h.Quotes, v)
			texts[i] = v.Text
		default:
			texts[i] = v
		}
	}
	h.Text = fmt.Sprintf(format, texts...)
	return h
}

// Headlines are the findings of a batch, in order, each regime after the
// first compared with the first (the reference, usually silo) on the
// same events and replications: detection, warning, caught shortages,
// lost output and recovery; then the lost output of each regime from the
// third on against the one before it in the run list (with silo,
// platform-alerts, platform: what the platform's planning adds to its
// alerts). With one regime they describe it alone.
func Headlines(sf *SummaryFile, regimes []string) []Headline {
	if len(regimes) == 1 {
		return []Headline{CaughtHeadline(sf, regimes), lostAlone(sf, regimes[0])}
	}
	var out []Headline
	for a := 1; a < len(regimes); a++ {
		A, B := regimes[a], regimes[0]
		out = append(out, join(DetectHeadline(sf, A, B), "; ", caughtClause(sf, A, B)),
			WarningHeadline(sf, A, B), LostHeadline(sf, A, B), RecoverHeadline(sf, A, B))
	}
	for a := 2; a < len(regimes); a++ { // each regime against the one before it: a variant taken apart from its parent
		out = append(out, LostHeadline(sf, regimes[a], regimes[a-1]))
	}
	return out
}

// join concatenates headlines with sep between them.
func join(h Headline, sep string, more Headline) Headline {
	return Headline{Text: h.Text + sep + more.Text, Quotes: append(append([]Quote(nil), h.Quotes...), more.Quotes...)}
}

// caughtClause says which share of shortage events regimes a and b each
// caught before a line stopped, and when the paired difference of the
// shares is not clear (Newcombe's interval holds 0, or McNemar's exact
// test gives p ≥ 0.05), says so.
func caughtClause(sf *SummaryFile, a, b string) Headline {
	path := "events/paired/" + a + "-" + b + "/caught/"
	c := sf.Events.Paired[a+"-"+b].Caught
	n := count(path+"n", c.N)
	if c.N < MinCompared {
		return headline("too few shortages to compare how many were caught before a line stopped (%s)", n)
	}
	h := headline("%s catches %s of shortages before a line stops, %s %s (%s shortage events", a,
		share(path+"share_a", c.ShareA), b, share(path+"share_b", c.ShareB), n)
	lo, hi, p := float64(c.CI95[0]), float64(c.CI95[1]), float64(c.P)
	if math.IsNaN(lo) || lo <= 0 && hi >= 0 || !(p < 0.05) {
		test := headline("McNemar p = %s", num3(path+"mcnemar_p", p))
		if math.IsNaN(p) {
			test = headline("no shortage caught by one and not the other")
		}
		return join(join(h, "; ", headline("no clear difference: 95%% CI %s to %s percentage points, ",
			Quote{path + "ci95/0", fmtAmount(100*lo, "")}, Quote{path + "ci95/1", fmtAmount(100*hi, "")})), "", join(test, "", headline(")")))
	}
	return join(h, "", headline(")"))
}

// DetectHeadline compares the time to detect of regime a with b on the
// events both detected (see eventHeadline).
func DetectHeadline(sf *SummaryFile, a, b string) Headline {
	return eventHeadline(sf.Events.Paired[a+"-"+b].TTD, "events/paired/"+a+"-"+b+"/ttd_days", a, b,
		eventWords{"time to detect", "shocks", "detects", "detect at the same time", [2]string{"earlier", "later"}, [2]string{"earlier", "later"}})
}

// WarningHeadline compares the warning time (detection to the starved
// line) of regime a with b on the shortages both detected and both felt.
func WarningHeadline(sf *SummaryFile, a, b string) Headline {
	return eventHeadline(sf.Events.Paired[a+"-"+b].Warning, "events/paired/"+a+"-"+b+"/warning_days", a, b,
		eventWords{"warning", "shortages", "gives", "give the same warning", [2]string{"less warning", "more warning"}, [2]string{"less", "more"}})
}

// eventWords are the words of an event headline: what is compared, the
// events, the verb, and the words for a negative and a positive
// difference, in a sentence and in a list of counts.
type eventWords struct {
	what, events, verb, same string
	phrase, short            [2]string // [negative, positive]
}

// eventHeadline states a paired event difference (a − b):
//   - with fewer than MinCompared events, that there are too few;
//   - when more than half the differences are 0, that the
//     regimes are the same on those, with the counts each way;
//   - when the median's 95% interval excludes 0, the median;
//   - when it holds 0 (ties at 0 make it wide) but the sign test finds one
//     direction more often (p < 0.05), the counts of each direction;
//   - otherwise, that there is no clear difference.
//
// Every form gives the counts of negative, positive and zero differences.
func eventHeadline(d EventDiff, path, a, b string, w eventWords) Headline {
	lo, hi := float64(d.P50CI95[0]), float64(d.P50CI95[1])
	n, neg, pos, zero := count(path+"/n", d.N), count(path+"/negative", d.Negative), count(path+"/positive", d.Positive), count(path+"/zero", d.Zero)
	median, mlo, mhi := num3(path+"/p50", float64(d.P50)), num3(path+"/p50_ci95/0", lo), num3(path+"/p50_ci95/1", hi)
	switch {
	case d.N < MinCompared:
		return headline("%s, %s against %s: too few paired events to compare (%s)", capitalText(w.what), a, b, n)
	case 2*d.Zero > d.N:
		return headline("%s and %s %s on %s of %s paired events (%s %s on %s, %s on %s; median %s days)",
			Capital(a), b, w.same, zero, n, a, w.short[0], neg, w.short[1], pos, median)
	case !math.IsNaN(lo) && (lo > 0 || hi < 0):
		return headline("%s %s %s days %s than %s on the same %s (median of %s paired events: %s on %s, %s on %s, the same on %s)",
			Capital(a), w.verb, abs3(path+"/p50", float64(d.P50)), w.phrase[b2i(d.P50 > 0)], b, w.events, n, w.short[0], neg, w.short[1], pos, zero)
	case float64(d.SignP) < 0.05:
		k, most, other := b2i(d.Positive > d.Negative), neg, pos
		if k == 1 {
			most, other = pos, neg
		}
		return headline("%s %s %s than %s on %s of %s paired events (%s on %s, the same on %s; median %s days, 95%% CI %s to %s)",
			Capital(a), w.verb, w.phrase[k], b, most, n, w.short[1-k], other, zero, median, mlo, mhi)
	}
	return headline("No clear difference in %s between %s and %s on the same %s: median %s days (95%% CI %s to %s, %s paired events: %s on %s, %s on %s, the same on %s)",
		w.what, a, b, w.events, median, mlo, mhi, n, w.short[0], neg, w.short[1], pos, zero)
}

// LostHeadline compares lost output per replication, a − b: the mean of
// the paired differences and its interval.
func LostHeadline(sf *SummaryFile, a, b string) Headline {
	return runHeadline(sf, "lost_output", a, b, func(m, n, lo, hi Quote, less bool) Headline {
		return headline("%s loses %s %s vehicles per replication than %s (mean of %s paired replications; 95%% CI %s to %s %s)",
			Capital(a), m, pick(less, "fewer", "more"), b, n, lo, hi, pick(less, "fewer", "more"))
	})
}

// RecoverHeadline compares the time to recover, a − b, as LostHeadline.
func RecoverHeadline(sf *SummaryFile, a, b string) Headline {
	return runHeadline(sf, "ttr_days", a, b, func(m, n, lo, hi Quote, less bool) Headline {
		return headline("%s recovers %s days %s than %s (mean of %s paired replications; 95%% CI %s to %s days %s)",
			Capital(a), m, pick(less, "sooner", "later"), b, n, lo, hi, pick(less, "sooner", "later"))
	})
}

// runHeadline states a run-level paired difference (lost_output or
// ttr_days) by its mean, or says that there are too few replications or
// no clear difference. A clear difference is said in words ("fewer",
// "sooner"), so say gets magnitudes: the mean's, and the interval's bounds
// nearest 0 first.
func runHeadline(sf *SummaryFile, metric, a, b string, say func(m, n, lo, hi Quote, less bool) Headline) Headline {
	path := "paired/" + metric + "/" + a + "-" + b
	d := sf.Paired[metric][a+"-"+b]
	what, unit := "lost output", "vehicles"
	if metric == "ttr_days" {
		what, unit = "time to recover", "days"
	}
	lo, hi := float64(d.CI95[0]), float64(d.CI95[1])
	n := count(path+"/n", d.N)
	switch {
	case d.N < MinCompared:
		return headline("%s, %s against %s: too few paired replications to compare (%s)", capitalText(what), a, b, n)
	case math.IsNaN(lo) || lo <= 0 && hi >= 0:
		return headline("No clear difference in %s between %s and %s: mean paired difference %s %s (95%% CI %s to %s, %s replications)",
			what, a, b, num3(path+"/mean", float64(d.Mean)), unit, num3(path+"/ci95/0", lo), num3(path+"/ci95/1", hi), n)
	}
	if d.Mean < 0 {
		return say(abs3(path+"/mean", float64(d.Mean)), n, abs3(path+"/ci95/1", hi), abs3(path+"/ci95/0", lo), true)
	}
	return say(abs3(path+"/mean", float64(d.Mean)), n, num3(path+"/ci95/0", lo), num3(path+"/ci95/1", hi), false)
}

// CaughtHeadline states, per regime, the share of shortage events (a line
// starved under some regime of the batch) it detected before the line
// stopped; the paired headlines use each pair's own shortages instead.
func CaughtHeadline(sf *SummaryFile, regimes []string) Headline {
	n := count("events/shortages", sf.Events.Shortages)
	if sf.Events.Shortages < MinCompared {
		return headline("Too few shortages to compare how many were caught before a line stopped (%s)", n)
	}
	format, args := "%s catches %s of shortages before a line stops", []any{Capital(regimes[len(regimes)-1])}
	args = append(args, share("events/regimes/"+regimes[len(regimes)-1]+"/caught/share", sf.Events.Regimes[regimes[len(regimes)-1]].Caught.Share))
	for g := len(regimes) - 2; g >= 0; g-- {
		format += ", %s %s"
		args = append(args, regimes[g], share("events/regimes/"+regimes[g]+"/caught/share", sf.Events.Regimes[regimes[g]].Caught.Share))
	}
	return headline(format+" (%s shortage events)", append(args, n)...)
}

func lostAlone(sf *SummaryFile, g string) Headline {
	path := "metrics/lost_output/" + g
	st := sf.Metrics["lost_output"][g]
	return headline("%s loses %s vehicles per replication (mean; median %s; %s replications)",
		Capital(g), num3(path+"/mean", float64(st.Mean)), num3(path+"/p50", float64(st.P50)), count(path+"/n", st.N))
}

// MediansTitle names each regime's median of a metric, without claiming a
// difference: the medians are of the regimes' own replications.
func MediansTitle(sf *SummaryFile, regimes []string, what, metric, unit string) Headline {
	format, args := what+", median "+unit+":", []any{}
	for i, g := range regimes {
		format += pick(i == 0, " %s %s", ", %s %s")
		args = append(args, g, num3("metrics/"+metric+"/"+g+"/p50", float64(sf.Metrics[metric][g].P50)))
	}
	return headline(format, args...)
}

// OutcomesTitle states the share of shortage events each regime caught.
func OutcomesTitle(sf *SummaryFile, regimes []string) Headline {
	format, args := "Shortages caught before a line stopped:", []any{}
	for i, g := range regimes {
		format += pick(i == 0, " %s %s", ", %s %s")
		args = append(args, g, share("events/regimes/"+g+"/caught/share", sf.Events.Regimes[g].Caught.Share))
	}
	return headline(format+" (of %s shortage events)", append(args, count("events/shortages", sf.Events.Shortages))...)
}

func num3(path string, x float64) Quote    { return Quote{path, fmtAmount(x, "")} }
func abs3(path string, x float64) Quote    { return Quote{path, fmtAmount(math.Abs(x), "")} }
func count(path string, n uint64) Quote    { return Quote{path, fmt.Sprint(n)} }
func share(path string, x jsonFloat) Quote { return Quote{path, FmtPercent(float64(x))} }

// FmtPercent writes a share as a percentage: 84%, 7.5%, 0.12%; a share
// short of 1 (or above 0) never reads 100% (0%): 99.96%.
func FmtPercent(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	s := fmtAmount(100*x, "")
	for digits := 4; (s == "100" && x < 1 || s == "0" && x > 0) && digits < 17; digits++ {
		s = strconv.FormatFloat(100*x, 'g', digits, 64)
	}
	return s + "%"
}

func pick(c bool, yes, no string) string {
	if c {
		return yes
	}
	return no
}

func capitalText(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// Capital is a regime's name with a capital, to start a sentence.
func Capital(g string) string { return capitalText(g) }

// TraceQuotes checks a headline against summary.json (decoded into
// summary with encoding/json): every quote's text is the value at its path
// as headlines format it, it appears in the text, and no number of the
// text is left unquoted (but the confidence level, "95%").
func TraceQuotes(summary any, h Headline) error {
	rest := h.Text
	for _, q := range h.Quotes {
		v, err := lookup(summary, q.Path)
		if err != nil {
			return fmt.Errorf("%q: %w", h.Text, err)
		}
		if !slices.Contains(Renderings(v), q.Text) {
			return fmt.Errorf("%q quotes %s as %q, but summary.json has %v", h.Text, q.Path, q.Text, v)
		}
		i := strings.Index(rest, q.Text)
		if i < 0 {
			return fmt.Errorf("%q does not show its quote %q of %s", h.Text, q.Text, q.Path)
		}
		rest = rest[:i] + "…" + rest[i+len(q.Text):]
	}
	if rest = strings.ReplaceAll(rest, "95%", ""); strings.ContainsAny(rest, "0123456789") {
		return fmt.Errorf("%q has a number that quotes nothing in summary.json (left: %q)", h.Text, rest)
	}
	return nil
}

// lookup follows a "/"-separated path of object keys and array indices.
func lookup(tree any, path string) (any, error) {
	v := tree
	for _, key := range strings.Split(path, "/") {
		switch node := v.(type) {
		case map[string]any:
			next, ok := node[key]
			if !ok {
				return nil, fmt.Errorf("summary.json has no %s (at %q)", path, key)
			}
			v = next
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(node) {
				return nil, fmt.Errorf("summary.json has no %s (at index %q)", path, key)
			}
			v = node[i]
		default:
			return nil, fmt.Errorf("summary.json has no %s (%q is not an object)", path, key)
		}
	}
	return v, nil
}

// Renderings are the ways the headlines, titles and report tables may write
// a summary.json value v (as decoded by encoding/json): as a number, its
// magnitude, a percentage, percentage points, or a count.
func Renderings(v any) []string {
	x, ok := v.(float64)
	if !ok {
		return []string{"—"}
	}
	out := []string{fmtAmount(x, ""), fmtAmount(math.Abs(x), ""), FmtPercent(x), fmtAmount(100*x, "")}
	if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
		out = append(out, strconv.FormatInt(int64(x), 10))
	}
	return out
}
