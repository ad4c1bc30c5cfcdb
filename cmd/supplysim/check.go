package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/supplysim/supplysim/results"
)

// errDrift marks a check that found drift: exit status 1. Anything else
// that goes wrong in check is unusable input: exit status 2.
var errDrift = errors.New("results drifted from the baseline")

// errCannotCompare marks a baseline or folder check cannot read; like a
// usage error it exits with status 2, so that CI tells it from drift.
var errCannotCompare = errors.New("cannot compare")

// checkCmd compares a results folder with a baseline file and fails on drift.
func checkCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check")
	file := fs.String("baseline", "", "baseline file (results/baselines/<scenario>.json)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *file == "" || len(pos) != 1 {
		return fmt.Errorf("%w: check --baseline FILE DIR", errUsage)
	}
	b, err := results.ReadBaseline(*file)
	if err != nil {
		return fmt.Errorf("%w: %v", errCannotCompare, err)
	}
	c, err := results.Compare(b, pos[0])
	if err != nil {
		return fmt.Errorf("%w: %v", errCannotCompare, err)
	}
	fmt.Fprintf(stdout, "%s\n\n%-18s %-10s %14s %14s  %s\n", c.Message, "metric", "regime", "baseline", "now", "verdict")
	for _, v := range c.Verdicts {
		verdict := "ok"
		if v.Drift {
			verdict = "DRIFT"
		}
		if c.Exact {
			verdict = map[bool]string{true: "(runs differ)", false: "same"}[c.Drift]
		}
		fmt.Fprintf(stdout, "%-18s %-10s %14.6g %14.6g  %s (%s)\n", v.Metric, v.Regime, v.Baseline.Mean, v.Now.Mean, verdict, v.Why)
	}
	if c.Drift {
		fmt.Fprintf(stdout, "\nDRIFT. If the change is meant to change results, raise toolVersion in cmd/supplysim/version.go and run `make baseline`.\n")
		return errDrift
	}
	fmt.Fprintf(stdout, "\nno drift\n")
	return nil
}

// baselineCmd writes the baseline of a complete results folder.
func baselineCmd(args []string, stdout, stderr io.Writer) error {
	args, err := parse(newFlags("baseline"), args)
	if err != nil {
		return err
	}
	if len(args) != 2 {
		return fmt.Errorf("%w: baseline DIR FILE", errUsage)
	}
	b, err := results.NewBaseline(args[0])
	if err != nil {
		return err
	}
	// Times and worker count change from run to run but not the results:
	// leave them out, so a regenerated baseline differs only where results do.
	b.Manifest.Started, b.Manifest.Finished, b.Manifest.Workers, b.Manifest.Revision = time.Time{}, time.Time{}, 0, ""
	if err := os.MkdirAll(filepath.Dir(args[1]), 0o755); err != nil {
		return err
	}
	if err := results.WriteJSON(args[1], b); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "baseline of %s (%d replications of %s) written to %s\n", args[0], b.Manifest.Runs, b.Manifest.Scenario, args[1])
	return nil
}
