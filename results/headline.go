package results

import (
	"fmt"
	"math"
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
// lost output and recovery. With one regime they describe it alone.
func Headlines(sf *SummaryFile, regimes []string) []Headline {
	if len(regimes) == 1 {
		return []Headline{CaughtHeadline(sf, regimes), lostAlone(sf, regimes[0])}
	}
	var out []Headline
	for a := 1; a < len(regimes); a++ {
		A, B := regimes[a], regimes[0]
		out = append(out, join(DetectTitle(sf, A, B), "; ", caughtClause(sf, A, B)),
			WarningHeadline(sf, A, B), LostHeadline(sf, A, B), RecoverHeadline(sf, A, B))
	}
	return out
}

// join concatenates headlines with sep between them.
func join(h Headline, sep string, more Headline) Headline {
	return Headline{Text: h.Text + sep + more.Text, Quotes: append(append([]Quote(nil), h.Quotes...), more.Quotes...)}
}

// caughtClause says which share of shortage events regimes a and b each
// caught before a line stopped.
func caughtClause(sf *SummaryFile, a, b string) Headline {
	n := count("events/shortages", sf.Events.Shortages)
	if sf.Events.Shortages < MinCompared {
		return headline("too few shortages to compare how many were caught before a line stopped (%s)", n)
	}
	return headline("%s catches %s of shortages before a line stops, %s %s (%s shortage events)", a,
		share("events/regimes/"+a+"/caught/share", sf.Events.Regimes[a].Caught.Share), b,
		share("events/regimes/"+b+"/caught/share", sf.Events.Regimes[b].Caught.Share), n)
}

// DetectTitle compares the time to detect of regime a with b on the
// events both detected: the median of the paired differences.
func DetectTitle(sf *SummaryFile, a, b string) Headline {
	path := "events/paired/" + a + "-" + b + "/ttd_days"
	d := sf.Events.Paired[a+"-"+b].TTD
	return eventHeadline(d, path, "time to detect", a, b, "shocks",
		func(m Quote, earlier bool) Headline {
			return headline("%s detects shortages %s days %s than %s on the same shocks (median of %s paired events)",
				Capital(a), m, pick(earlier, "earlier", "later"), b, count(path+"/n", d.N))
		})
}

// WarningHeadline compares the warning time (detection to the starved
// line) of regime a with b on the shortages both detected and both felt.
func WarningHeadline(sf *SummaryFile, a, b string) Headline {
	path := "events/paired/" + a + "-" + b + "/warning_days"
	d := sf.Events.Paired[a+"-"+b].Warning
	return eventHeadline(d, path, "warning", a, b, "shortages",
		func(m Quote, less bool) Headline {
			return headline("%s gives %s days %s warning than %s on the same shortages (median of %s paired events)",
				Capital(a), m, pick(less, "less", "more"), b, count(path+"/n", d.N))
		})
}

// eventHeadline states a paired event difference by its median, or says
// that there are too few events or no clear difference (the median's
// interval holds 0). say gets |median| and whether the median is negative.
func eventHeadline(d EventDiff, path, what, a, b, events string, say func(Quote, bool) Headline) Headline {
	lo, hi := float64(d.P50CI95[0]), float64(d.P50CI95[1])
	switch {
	case d.N < MinCompared:
		return headline("%s, %s against %s: too few paired events to compare (%s)", capitalText(what), a, b, count(path+"/n", d.N))
	case math.IsNaN(lo) || lo <= 0 && hi >= 0:
		return headline("No clear difference in %s between %s and %s on the same %s: median %s days (95%% CI %s to %s, %s paired events)",
			what, a, b, events, num3(path+"/p50", float64(d.P50)), num3(path+"/p50_ci95/0", lo), num3(path+"/p50_ci95/1", hi), count(path+"/n", d.N))
	}
	return say(abs3(path+"/p50", float64(d.P50)), d.P50 < 0)
}

// LostHeadline compares lost output per replication, a − b: the mean of
// the paired differences and its interval.
func LostHeadline(sf *SummaryFile, a, b string) Headline {
	return runHeadline(sf, "lost_output", a, b, func(m, n, lo, hi Quote, less bool) Headline {
		return headline("%s loses %s %s vehicles per replication than %s (mean of %s paired replications, 95%% CI %s to %s)",
			Capital(a), m, pick(less, "fewer", "more"), b, n, lo, hi)
	})
}

// RecoverHeadline compares the time to recover, a − b, as LostHeadline.
func RecoverHeadline(sf *SummaryFile, a, b string) Headline {
	return runHeadline(sf, "ttr_days", a, b, func(m, n, lo, hi Quote, less bool) Headline {
		return headline("%s recovers %s days %s than %s (mean of %s paired replications, 95%% CI %s to %s)",
			Capital(a), m, pick(less, "sooner", "later"), b, n, lo, hi)
	})
}

// runHeadline states a run-level paired difference (lost_output or
// ttr_days) by its mean, or says that there are too few replications or
// no clear difference.
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
	return say(abs3(path+"/mean", float64(d.Mean)), n, num3(path+"/ci95/0", lo), num3(path+"/ci95/1", hi), d.Mean < 0)
}

// CaughtHeadline states, per regime, the share of shortage events (a line
// starved under some regime) it detected before the line stopped.
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

// FmtPercent writes a share as a percentage: 84%, 7.5%, 0.12%.
func FmtPercent(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmtAmount(100*x, "") + "%"
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
