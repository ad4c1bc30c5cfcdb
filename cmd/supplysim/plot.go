package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/supplysim/supplysim/results"
)

// plotCmd draws the plots and the report of a results folder from its files alone.
func plotCmd(args []string, stdout, stderr io.Writer) error {
	args, err := parse(newFlags("plot"), args)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return fmt.Errorf("%w: plot DIR", errUsage)
	}
	if info, err := os.Stat(args[0]); err != nil || !info.IsDir() {
		return fmt.Errorf("%s is no results folder", args[0])
	}
	lock, err := results.LockDir(args[0]) // plots are written there
	if err != nil {
		return err
	}
	defer lock.Unlock()
	m, err := results.ReadManifest(args[0])
	if err != nil {
		return err
	}
	if m.Version != toolVersion {
		return fmt.Errorf("%s was written by supplysim %s, this is %s; plot it with that version", args[0], m.Version, toolVersion)
	}
	report, err := writeReport(args[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "plots in %s, report: %s\n", filepath.Join(args[0], "plots"), report)
	return nil
}

// writeReport draws the plots of a results folder and writes its report.
func writeReport(dir string) (string, error) {
	l, err := results.Load(dir)
	if err != nil {
		return "", err
	}
	figs, err := results.WritePlots(l)
	if err != nil {
		return "", err
	}
	return results.WriteReport(l, figs)
}
