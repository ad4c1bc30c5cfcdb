// Package results turns replications into what a user keeps: per-run rows,
// summaries with confidence intervals, quantiles and paired differences
// between information regimes, detection compared event by event ([Events]:
// the same shocks at the same plants under every regime), and the files of
// a results folder (manifest.json, runs.csv, shocks.csv, summary.json,
// daily output quantiles), each written atomically; then the figures and
// the report, whose every finding is a [Headline] quoting summary.json.
//
// There is one quantile rule, [Sketch]'s: the order statistic of rank
// ⌈q n⌉, within 0.05%, never outside the observed range.
//
// Everything here folds results in the order it is given them; the batch
// runner (sim/montecarlo) hands them over in replication order, so every
// number is bit-identical for any worker count. Memory does not grow with
// the number of replications: rows stream to disk and the summaries are
// accumulators (Welford moments, log-linear histograms for quantiles).
package results
