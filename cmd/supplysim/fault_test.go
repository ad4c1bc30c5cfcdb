package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/supplysim/supplysim/results"
)

// smallScenario is a 120-day network of one plant, quick to run.
const smallScenario = "../../scenarios/testdata/valid/small.toml"

// A results folder has one writer at a time: while another process holds
// it, run, merge, --resume and plot refuse it and name that process; two
// runs started together on one folder end with exactly one batch in it.
func TestFolder_OneWriterAtATime(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	lock, err := results.LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("being written by another supplysim (process %d)", os.Getpid())
	for _, args := range [][]string{
		{"run", smallScenario, "--runs", "3", "--out", dir},
		{"plot", dir},
	} {
		var stdout, stderr bytes.Buffer
		if status := Main(args, &stdout, &stderr); status == 0 || !strings.Contains(stderr.String(), want) {
			t.Errorf("supplysim %v while the folder is held: status %d, %q; want an error with %q", args, status, stderr.String(), want)
		}
	}
	lock.Unlock()

	dir = filepath.Join(t.TempDir(), "together")
	var wg sync.WaitGroup
	status, errs := make([]int, 2), make([]string, 2)
	for k := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var stdout, stderr bytes.Buffer
			status[k] = Main([]string{"run", "chip-crisis", "--runs", "20", "--seed", fmt.Sprint(k + 1), "--out", dir, "--quiet", "--equalize", "none"}, &stdout, &stderr)
			errs[k] = stderr.String()
		}()
	}
	wg.Wait()
	if (status[0] == 0) == (status[1] == 0) {
		t.Fatalf("two runs on one folder: statuses %v (%q), want exactly one to succeed", status, errs)
	}
	loser := errs[0] + errs[1]
	if !strings.Contains(loser, "being written by another supplysim") && !strings.Contains(loser, "already holds") {
		t.Errorf("the run that did not proceed said %q", loser)
	}
	m, err := results.OpenManifest(dir)
	if err != nil || !m.Complete {
		t.Fatalf("the folder after two runs: %v, %+v", err, m)
	}
}

// Every command that reads a results folder checks its files against the
// manifest's SHA-256 and names the one that differs.
func TestFolder_ChangedFilesAreRefused(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "batch")
	mainOK(t, "run", "chip-crisis", "--runs", "10", "--out", dir, "--equalize", "none")
	mainOK(t, "baseline", dir, filepath.Join(tmp, "b.json"))
	path := filepath.Join(dir, "summary.json")
	raw, _ := os.ReadFile(path)
	if err := os.WriteFile(path, append(raw, ' '), 0o644); err != nil {
		t.Fatal(err)
	}
	want := "summary.json is not the file this folder's manifest records"
	for _, args := range [][]string{
		{"plot", dir},
		{"merge", "--out", filepath.Join(tmp, "merged"), dir},
		{"check", "--baseline", filepath.Join(tmp, "b.json"), dir},
		{"baseline", dir, filepath.Join(tmp, "b2.json")},
	} {
		var stdout, stderr bytes.Buffer
		if status := Main(args, &stdout, &stderr); status == 0 || !strings.Contains(stderr.String(), want) {
			t.Errorf("supplysim %v of a changed summary.json: status %d, %q", args, status, stderr.String())
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(tmp, "merged", ".*.*")); len(leftovers) > 0 {
		t.Errorf("a refused merge left %v", leftovers)
	}
}

// An interrupted batch whose files were changed is not resumed; one that a
// killed process left with temporary files is resumed, and they go.
func TestResume_VerifiesAndCleansUp(t *testing.T) {
	tmp := t.TempDir()
	folder := func(name string) string {
		dir := filepath.Join(tmp, name)
		interrupted(t, dir, 30, 7)
		return dir
	}
	changed := folder("changed")
	sketch := filepath.Join(changed, "daily.sketch.json")
	raw, _ := os.ReadFile(sketch)
	os.WriteFile(sketch, bytes.Replace(raw, []byte("1"), []byte("2"), 1), 0o644)
	var stdout, stderr bytes.Buffer
	if status := Main([]string{"run", "--resume", changed}, &stdout, &stderr); status == 0 ||
		!strings.Contains(stderr.String(), "daily.sketch.json is not the file this folder's manifest records") {
		t.Errorf("resume of a changed sketch: status %d, %q", status, stderr.String())
	}
	if leftovers, _ := filepath.Glob(filepath.Join(changed, ".*.*")); len(leftovers) > 0 {
		t.Errorf("a refused resume left %v", leftovers)
	}

	killed := folder("killed")
	stale := filepath.Join(killed, ".runs.csv.4711")
	os.WriteFile(stale, []byte("half a file"), 0o600)
	mainOK(t, "run", "--resume", killed)
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the stale temporary file is still there: %v", err)
	}
	if m, err := results.OpenManifest(killed); err != nil || !m.Complete {
		t.Errorf("resumed: %v, %+v", err, m)
	}
}

// run --out on a folder with results refuses without --force; --force
// replaces the results (stale plots included) but never removes files
// that are not supplysim's.
func TestRun_ForceReplacesResultsOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mainOK(t, "run", smallScenario, "--runs", "3", "--out", dir)
	stalePlot := filepath.Join(dir, "plots", "stale-chart.svg")
	os.WriteFile(stalePlot, []byte("<svg/>"), 0o644)
	mainOK(t, "run", smallScenario, "--runs", "4", "--out", dir, "--force")
	if _, err := os.Stat(stalePlot); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--force kept a stale plot: %v", err)
	}
	if m, err := results.OpenManifest(dir); err != nil || m.Runs != 4 {
		t.Errorf("after --force: %v, %+v", err, m)
	}
	drawing := filepath.Join(dir, "plots", "my-drawing.txt")
	os.WriteFile(drawing, []byte("mine"), 0o644)
	var so, se bytes.Buffer
	if status := Main([]string{"run", smallScenario, "--runs", "3", "--out", dir, "--force"}, &so, &se); status == 0 ||
		!strings.Contains(se.String(), "not supplysim results (plots/my-drawing.txt)") {
		t.Errorf("--force over a plots folder with someone's file: status %d, %q", status, se.String())
	}
	if _, err := os.Stat(drawing); err != nil {
		t.Errorf("the user's file in plots/ is gone: %v", err)
	}
	os.Remove(drawing)
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("mine"), 0o644)
	var stdout, stderr bytes.Buffer
	if status := Main([]string{"run", smallScenario, "--runs", "3", "--out", dir, "--force"}, &stdout, &stderr); status == 0 ||
		!strings.Contains(stderr.String(), "not supplysim results (notes.txt)") {
		t.Errorf("--force over a folder with someone's notes: status %d, %q", status, stderr.String())
	}
	if _, err := os.Stat(notes); err != nil {
		t.Errorf("the user's file is gone: %v", err)
	}
}

// Contents are checked behind the hashes too (a manifest rewritten to
// match, as a faulty writer would leave it): a changed number, a
// replication's rows replaced by another's, a row deleted, or a sketch
// whose counts do not pair with its keys is an error naming the file,
// never a panic and never merged.
func TestFolder_WrongContentsAreRefused(t *testing.T) {
	tmp := t.TempDir()
	good := filepath.Join(tmp, "good")
	mainOK(t, "run", "chip-crisis", "--runs", "10", "--out", good, "--equalize", "none")
	runs, _ := os.ReadFile(filepath.Join(good, "runs.csv"))
	lines := strings.SplitAfter(string(runs), "\n")
	for _, c := range []struct {
		name, file string
		change     func(b []byte) []byte
		cmd        string // merge or plot
		want       string
	}{
		{"a number changed", "runs.csv", func(b []byte) []byte {
			f := strings.Split(lines[1], ",")
			f[4] = "123456" // lost_output of replication 0, silo
			return []byte(strings.Replace(string(b), lines[1], strings.Join(f, ","), 1))
		}, "merge", "its metrics disagree with runs.csv"},
		{"rows of another replication", "runs.csv", func(b []byte) []byte {
			return []byte(strings.Replace(string(b), strings.Join(lines[4:7], ""), strings.Join(lines[7:10], ""), 1))
		}, "merge", "runs.csv:7: replication 2, want 1"},
		{"a row deleted", "runs.csv", func(b []byte) []byte { return []byte(strings.Replace(string(b), lines[5], "", 1)) },
			"plot", "runs.csv:6: replication 1 under platform, want replication 1 under platform-alerts"},
		{"a sketch with a count too many", "daily.sketch.json", func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"c":[`), []byte(`"c":[0,`), 1)
		}, "merge", "keys but"},
	} {
		dir := filepath.Join(tmp, strings.ReplaceAll(c.name, " ", "-"))
		if err := os.CopyFS(dir, os.DirFS(good)); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, c.file)
		raw, _ := os.ReadFile(path)
		os.WriteFile(path, c.change(raw), 0o644)
		rehash(t, dir)
		args := []string{"plot", dir}
		if c.cmd == "merge" {
			args = []string{"merge", "--out", dir + "-merged", dir}
		}
		var stdout, stderr bytes.Buffer
		if status := Main(args, &stdout, &stderr); status == 0 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%s: supplysim %s: status %d, %q; want an error with %q", c.name, c.cmd, status, stderr.String(), c.want)
		}
	}
}

// A baseline that compares nothing is refused (exit 2), not passed.
func TestCheck_BaselineThatComparesNothing(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "batch")
	mainOK(t, "run", smallScenario, "--runs", "5", "--out", dir)
	mainOK(t, "baseline", dir, filepath.Join(tmp, "b.json"))
	raw, _ := os.ReadFile(filepath.Join(tmp, "b.json"))
	for name, c := range map[string]struct{ old, new, want string }{
		"no regimes":  {`"regimes": [`, `"regimes": [], "was": [`, "compares nothing"},
		"a null mean": {`"mean": `, `"mean": null, "was": `, "has no mean"},
		"no hash":     {`"runs_sha256": "`, `"runs_sha256": "x`, "is no SHA-256"},
	} {
		path := filepath.Join(tmp, strings.ReplaceAll(name, " ", "-")+".json")
		os.WriteFile(path, bytes.Replace(raw, []byte(c.old), []byte(c.new), 1), 0o644)
		var stdout, stderr bytes.Buffer
		if status := Main([]string{"check", "--baseline", path, dir}, &stdout, &stderr); status != 2 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%s: status %d, %q; want 2 and %q", name, status, stderr.String(), c.want)
		}
	}
}

// Flags are read strictly: a shard with trailing junk, more shards than
// pairs of replications, workers beyond reason; and shard ranges are exact
// near 2^64.
func TestRun_FlagsAreStrict(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", smallScenario, "--shard", "1/2junk"}, "--shard: want i/n"},
		{[]string{"run", smallScenario, "--shard", "0/2"}, "--shard: want i/n"},
		{[]string{"run", smallScenario, "--runs", "2", "--shard", "1/3"}, "at most 1 shards"},
		{[]string{"run", smallScenario, "--workers", "100000"}, "--workers: want 1 to"},
		{[]string{"run", smallScenario, "--workers", "0"}, "--workers: want 1 to"},
		{[]string{"run", smallScenario, "--checkpoint", "-1s"}, "--checkpoint: want a duration ≥ 0"},
		{[]string{"run", smallScenario, "--regimes", "silo,silo"}, "listed twice"},
	} {
		var stdout, stderr bytes.Buffer
		if status := Main(c.args, &stdout, &stderr); status != 2 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("supplysim %v: status %d, %q; want 2 and %q", c.args, status, stderr.String(), c.want)
		}
	}
	const runs = 1<<64 - 1
	first, last := shardRange(3, 3, runs)
	if _, mid := shardRange(2, 3, runs); first != mid || last != runs || first != runs/3*2 {
		t.Errorf("shard 3/3 of 2^64−1: %d … %d, want %d … %d", first, last, uint64(runs/3*2), uint64(runs))
	}
}

// --shard and --regimes take any text without panicking, and what they
// accept is well-formed.
func FuzzShardFlag(f *testing.F) {
	for _, s := range []string{"1/1", "2/4", "1/2junk", "0/0", "18446744073709551615/18446744073709551615", "-1/3"} {
		f.Add(s, uint64(1000))
	}
	f.Fuzz(func(t *testing.T, s string, runs uint64) {
		i, n, err := parseShard(s)
		if err != nil {
			return
		}
		if a, b, _ := strings.Cut(s, "/"); i < 1 || i > n || strings.TrimLeft(a, "0") != fmt.Sprint(i) || strings.TrimLeft(b, "0") != fmt.Sprint(n) {
			t.Fatalf("%q read as %d/%d", s, i, n)
		}
		first, last := shardRange(i, n, runs)
		if first > last || last > runs || i == n && last != runs {
			t.Fatalf("shard %d/%d of %d: %d … %d", i, n, runs, first, last)
		}
	})
}

func FuzzRegimesFlag(f *testing.F) {
	b := testBatch(f, "cloud-cutoff", 1)
	for _, s := range []string{"silo", "silo,platform", "platform-alerts, silo", "silo,silo", ",", "telepathy"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		gs, err := regimeList(s, nil, b.nw)
		if err != nil {
			return
		}
		for k, g := range gs {
			if _, ok := b.nw.Resolve(g); !ok || slices.Contains(gs[:k], g) {
				t.Fatalf("%q gave %v", s, gs)
			}
		}
	})
}

// The estimate before a large batch is near what a batch writes: its size
// per replication within a factor of 1.5 of a real batch's files.
func TestRun_EstimateOfALargeBatch(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "batch")
	mainOK(t, "run", "chip-crisis", "--runs", "100", "--out", dir, "--equalize", "none", "--quiet")
	real := int64(0)
	for _, name := range []string{"runs.csv", "shocks.csv", "runs.parquet", "nodes.csv", "nodes.parquet"} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		real += info.Size()
	}
	b := testBatch(t, "chip-crisis", 2)
	took, bytes := b.estimate(0, 1_000_000)
	perRep := float64(bytes) / 1e6
	if ratio := perRep / (float64(real) / 100); !(took > 0 && ratio > 1/1.5 && ratio < 1.5) {
		t.Errorf("estimate %v and %.0f bytes a replication; the batch wrote %.0f (ratio %.2f)", took, perRep, float64(real)/100, ratio)
	}
}

// A disk that fills up: a write past RLIMIT_FSIZE fails (EFBIG; the Go
// runtime ignores SIGXFSZ) as a write to a full disk does (ENOSPC), at
// whichever file crosses the limit first. A batch that committed nothing
// says so and leaves the folder empty, so that the next run needs no
// --force; one that committed replications says how many and keeps them,
// and its resume, with space again, ends byte-identical to a batch that
// never failed. Neither leaves a temporary file.
func TestRun_DiskFull(t *testing.T) {
	if raceEnabled {
		t.Skip("runs processes of its own; without the race detector")
	}
	tmp := t.TempDir()
	whole := filepath.Join(tmp, "whole")
	args := []string{"run", "chip-crisis", "--runs", "60", "--quiet", "--equalize", "none", "--checkpoint", "0s"}
	mainOK(t, append(args, "--out", whole)...)
	full := func(dir string, limit int) (string, string) {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "SUPPLYSIM_TEST_MAIN="+strings.Join(append(args, "--out", dir), "\x1f"),
			"SUPPLYSIM_TEST_FILE_SIZE="+strconv.Itoa(limit))
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 1 {
			t.Fatalf("with files limited to %d bytes: %v, want exit status 1\n%s%s", limit, err, stdout.String(), stderr.String())
		}
		if !strings.Contains(stderr.String(), "file too large") {
			t.Errorf("stderr does not name the failed write:\n%s", stderr.String())
		}
		if tmps, _ := filepath.Glob(filepath.Join(dir, ".*.*")); len(tmps) > 0 {
			t.Errorf("temporary files left: %v", tmps)
		}
		return stdout.String(), stderr.String()
	}

	// Full before the first checkpoint.
	empty := filepath.Join(tmp, "empty")
	if stdout, _ := full(empty, 64<<10); !strings.Contains(stdout, "nothing of this run was saved to "+empty) {
		t.Errorf("stdout:\n%s\nwant it to say nothing was saved", stdout)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 1 || entries[0].Name() != ".lock" {
		t.Errorf("%s holds %v, want only its lock file", empty, entries)
	}
	mainOK(t, append(args, "--out", empty)...) // no --force needed
	sameData(t, whole, empty)

	// Full after some checkpoints.
	some := filepath.Join(tmp, "some")
	stdout, _ := full(some, 512<<10)
	var kept, of int
	if i := strings.Index(stdout, "it keeps the "); i < 0 {
		t.Fatalf("stdout:\n%s\nwant it to say what was kept", stdout)
	} else if _, err := fmt.Sscanf(stdout[i:], "it keeps the %d of %d replications committed", &kept, &of); err != nil || kept == 0 || kept >= of {
		t.Fatalf("stdout:\n%s\nwant some of the 60 replications kept (%v)", stdout, err)
	}
	if !strings.Contains(stdout, "supplysim run --resume "+some) {
		t.Errorf("stdout:\n%s\nwant the command that resumes it", stdout)
	}
	// The checkpoint is sealed: a digit changed in its daily sketches
	// (which no data file repeats) is refused.
	tampered := filepath.Join(tmp, "tampered")
	if err := os.CopyFS(tampered, os.DirFS(some)); err != nil {
		t.Fatal(err)
	}
	ck, _ := os.ReadFile(filepath.Join(tampered, "checkpoint.json"))
	i := bytes.Index(ck, []byte(`"daily":`))
	for i >= 0 && (ck[i] < '0' || ck[i] > '9') {
		i++
	}
	ck[i] = '0' + (ck[i]-'0'+1)%10
	os.WriteFile(filepath.Join(tampered, "checkpoint.json"), ck, 0o644)
	var o, e bytes.Buffer
	if status := Main([]string{"run", "--resume", tampered, "--quiet"}, &o, &e); status == 0 || !strings.Contains(e.String(), "checkpoint.json has been changed") {
		t.Errorf("resume of a changed checkpoint: status %d, %q; want it refused", status, e.String())
	}
	mainOK(t, "run", "--resume", some, "--quiet")
	sameData(t, whole, some)
}

// A folder without a manifest is named for what it is: one being
// written, one killed before it committed anything (run it again with
// --force; --resume has nothing to go on), or no results folder at all.
func TestFolder_WithoutManifestSaysWhy(t *testing.T) {
	tmp := t.TempDir()
	killed := filepath.Join(tmp, "killed")
	os.MkdirAll(killed, 0o755)
	for _, name := range []string{"runs.csv", "shocks.csv"} { // what a batch killed in its first seconds leaves
		os.WriteFile(filepath.Join(killed, name), []byte("replication,regime\n"), 0o644)
	}
	writing := filepath.Join(tmp, "writing")
	pid := 0
	if !raceEnabled { // a batch being written, by a process of its own
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "SUPPLYSIM_TEST_MAIN="+strings.Join([]string{"run", "chip-crisis", "--runs", "100000",
			"--out", writing, "--quiet", "--equalize", "none", "--checkpoint", "1h"}, "\x1f"))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() { cmd.Process.Kill(); cmd.Wait() }()
		pid = cmd.Process.Pid
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if b, _ := os.ReadFile(filepath.Join(writing, ".lock")); strings.TrimSpace(string(b)) == strconv.Itoa(pid) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the batch took no lock within 30 s")
			}
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"plot", killed}, "killed before it committed anything: run it again, with --force"},
		{[]string{"run", "--resume", killed}, "nothing to resume: " + killed + " holds a batch that was killed before it committed anything"},
		{[]string{"run", smallScenario, "--runs", "2", "--out", killed}, "killed before it committed anything (runs.csv, shocks.csv): replace them with --force"},
		{[]string{"merge", "--out", filepath.Join(tmp, "m"), writing}, fmt.Sprintf("is being written by supplysim (process %d) and has no manifest yet", pid)},
		{[]string{"plot", writing}, fmt.Sprintf("is being written by another supplysim (process %d)", pid)},
		{[]string{"check", "--baseline", "../../results/baselines/eu-auto.json", tmp}, "cannot compare: " + tmp + " is no results folder: it has no manifest.json"},
	} {
		if pid == 0 && slices.Contains(c.args, writing) {
			continue
		}
		var stdout, stderr bytes.Buffer
		if status := Main(c.args, &stdout, &stderr); status == 0 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("supplysim %v: status %d, %q; want an error with %q", c.args, status, stderr.String(), c.want)
		}
	}
	mainOK(t, "run", smallScenario, "--runs", "2", "--out", killed, "--force", "--quiet", "--equalize", "none")
}

// --shard env reads a Slurm array task's or a Kubernetes Indexed Job's
// shard from the scheduler's environment, and refuses an environment that
// is not one or does not add up.
func TestShardFromEnv(t *testing.T) {
	for _, c := range []struct {
		env   map[string]string
		tasks uint64
		i, n  uint64
		want  string
	}{
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "4"}, i: 3, n: 4},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "9", "SLURM_ARRAY_TASK_COUNT": "10"}, i: 1, n: 10},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "9", "SLURM_ARRAY_TASK_STEP": "2"}, i: 4, n: 5},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "6", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "9", "SLURM_ARRAY_TASK_STEP": "2"}, want: "task 6 is not in the array 1-9:2"},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "7", "SLURM_ARRAY_TASK_COUNT": "3"}, want: "an array with gaps"},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "3"}, want: "without SLURM_ARRAY_TASK_MIN"},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "4"}, want: `SLURM_ARRAY_TASK_ID="x" is not a whole number`},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "4"}, tasks: 8, want: "--tasks 8, but the Slurm array has 4 tasks"},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "0"}, tasks: 4, i: 1, n: 4},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "3"}, tasks: 4, i: 4, n: 4},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "4"}, tasks: 4, want: "is not below --tasks 4"},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "1"}, want: "needs --tasks N"},
		{env: map[string]string{}, want: "neither SLURM_ARRAY_TASK_ID"},
	} {
		i, n, err := shardFromEnv(func(k string) string { return c.env[k] }, c.tasks)
		switch {
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%v --tasks %d: %v; want an error with %q", c.env, c.tasks, err, c.want)
		case c.want == "" && (err != nil || i != c.i || n != c.n):
			t.Errorf("%v --tasks %d: shard %d/%d, %v; want %d/%d", c.env, c.tasks, i, n, err, c.i, c.n)
		}
	}
	// Through run: a Slurm task's shard is the one --shard names.
	dir := t.TempDir()
	t.Setenv("SLURM_ARRAY_TASK_ID", "2")
	t.Setenv("SLURM_ARRAY_TASK_MIN", "1")
	t.Setenv("SLURM_ARRAY_TASK_MAX", "2")
	mainOK(t, "run", "newsvendor", "--runs", "4", "--shard", "env", "--out", dir, "--quiet")
	if m, err := results.ReadManifest(dir); err != nil || m.Shard != "2/2" || m.First != 2 {
		t.Errorf("run --shard env as task 2 of 1-2: %+v, %v; want shard 2/2 from replication 2", m, err)
	}
}
