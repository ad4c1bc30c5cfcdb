package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/supplysim/supplysim/results"
)

// TestMain lets a test run supplysim as a process of its own (to kill it):
// with SUPPLYSIM_TEST_MAIN set, the test binary is supplysim with those
// arguments (separated by \x1f); with SUPPLYSIM_TEST_CLI=1, it is supplysim
// with its own command line (as a generated script calls it).
func TestMain(m *testing.M) {
	if os.Getenv("SUPPLYSIM_TEST_CLI") == "1" { // the test binary as supplysim, called by scripts with its arguments
		os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	if args := os.Getenv("SUPPLYSIM_TEST_MAIN"); args != "" {
		for env, resource := range map[string]int{"SUPPLYSIM_TEST_MEMORY": syscall.RLIMIT_DATA, "SUPPLYSIM_TEST_FILE_SIZE": syscall.RLIMIT_FSIZE} {
			if limit := os.Getenv(env); limit != "" { // bytes
				if err := setLimit(resource, limit); err != nil {
					fmt.Fprintln(os.Stderr, "test: setting", env, err)
					os.Exit(3)
				}
			}
		}
		if os.Getenv("SUPPLYSIM_TEST_SLOW_CLOSE") != "" { // widen the windows between Close's renames
			results.CloseStep = func() { time.Sleep(40 * time.Millisecond) }
		}
		os.Exit(Main(strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// A batch killed with SIGKILL at random points, again and again, resumed
// each time (or started again if it was killed before it had committed
// anything), ends byte-identical to the batch run without interruption.
// Every other process closes slowly (40 ms between the steps of Close), so
// that kills land between its renames too.
func TestKill_ResumesToIdenticalBytes(t *testing.T) {
	if raceEnabled {
		t.Skip("a killed process tells the race detector nothing; this runs without it")
	}
	kills := 50
	if testing.Short() {
		kills = 5
	}
	tmp := t.TempDir()
	whole := filepath.Join(tmp, "whole")
	mainOK(t, "run", "chip-crisis", "--runs", "120", "--out", whole, "--quiet", "--equalize", "none")
	dir := filepath.Join(tmp, "killed")
	fresh := []string{"run", "chip-crisis", "--runs", "120", "--out", dir, "--quiet", "--checkpoint", "0s", "--force", "--equalize", "none"}
	resume := []string{"run", "--resume", dir, "--quiet", "--checkpoint", "0s"}
	rng := rand.New(rand.NewPCG(7, 11))
	killed, cycles, phases := 0, 0, map[string]int{}
	for round := 0; killed < kills && round < 20*kills; round++ {
		args := resume
		if _, err := results.ReadInterrupted(dir); err != nil {
			args = fresh // killed before anything was committed, or not started
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "SUPPLYSIM_TEST_MAIN="+strings.Join(args, "\x1f"))
		if round%2 == 1 {
			cmd.Env = append(cmd.Env, "SUPPLYSIM_TEST_SLOW_CLOSE=1")
		}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("supplysim %v: %v\n%s", args, err, out.String())
			}
		case <-time.After(time.Duration(100+rng.IntN(1400)) * time.Millisecond):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			killed++
			phases[phase(dir)]++
		}
		if m, err := results.OpenManifest(dir); err == nil && m.Complete { // a batch through: same bytes, then again
			sameData(t, whole, dir)
			cycles++
			os.RemoveAll(dir)
		}
	}
	if killed < kills {
		t.Fatalf("only %d kills landed", killed)
	}
	t.Logf("%d kills over %d batches run to the end, by what the folder held afterwards: %v", killed, cycles, phases)
}

// phase says what a killed batch's folder holds.
func phase(dir string) string {
	switch m, err := results.ReadManifest(dir); {
	case err == nil && m.Complete:
		return "complete"
	case err == nil:
		if _, err := os.Stat(filepath.Join(dir, "checkpoint.json")); err == nil {
			return "manifest and checkpoint"
		}
		return "manifest"
	}
	_, ck := os.Stat(filepath.Join(dir, "checkpoint.json"))
	_, summary := os.Stat(filepath.Join(dir, "summary.json"))
	switch {
	case ck == nil && summary == nil: // these batches close only at the end
		return "checkpoint, inside close"
	case ck == nil:
		return "checkpoint"
	}
	return "nothing committed"
}

// SIGHUP (a closed terminal), like SIGTERM and Ctrl-C, stops a batch
// starting replications and closes its folder with what it finished.
func TestSignal_HangUpClosesTheFolder(t *testing.T) {
	if raceEnabled {
		t.Skip("runs a process of its own; without the race detector")
	}
	dir := filepath.Join(t.TempDir(), "hup")
	args := []string{"run", "chip-crisis", "--runs", "100000", "--out", dir, "--quiet", "--equalize", "none"}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SUPPLYSIM_TEST_MAIN="+strings.Join(args, "\x1f"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, "checkpoint.json")); err == nil {
			break // replications are being committed
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no checkpoint after 30 s:\n%s", out.String())
		}
	}
	cmd.Process.Signal(syscall.SIGHUP)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 || !strings.Contains(out.String(), "stopped by a signal; the replications finished before it are kept") {
		t.Errorf("after SIGHUP: exit status %d, output\n%s\nwant 130 and what was kept", code, out.String())
	}
	m, err := results.OpenManifest(dir)
	if err != nil || m.Complete || m.Done == 0 {
		t.Fatalf("after SIGHUP: %v, %+v\n%s", err, m, out.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "checkpoint.json")); err == nil {
		t.Error("the checkpoint is still there after a clean close")
	}
}
