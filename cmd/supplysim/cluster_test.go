package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The Slurm scripts run as Slurm would run them (each array task with its
// SLURM_ARRAY_* environment, then the merge) give a merged folder whose
// data is byte-identical to one run; --submit hands the array to sbatch
// and the merge after it (afterok), here to a stand-in sbatch that logs
// what it was given.
func TestSlurm_ScriptsMergeToOneRun(t *testing.T) {
	tmp := t.TempDir()
	one := filepath.Join(tmp, "one")
	mainOK(t, "run", "chip-crisis", "--runs", "24", "--out", one, "--quiet")
	batch := filepath.Join(tmp, "batch")
	mainOK(t, "slurm", "chip-crisis", "--runs", "24", "--tasks", "3", "--out", batch, "--binary", os.Args[0], "--cpus-per-task", "1")
	for _, script := range []string{"array.sbatch", "merge.sbatch"} {
		text, err := os.ReadFile(filepath.Join(batch, script))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(text), "#!/bin/bash\n#SBATCH --job-name=supplysim-chip-crisis") {
			t.Errorf("%s:\n%s", script, text)
		}
	}
	array, _ := os.ReadFile(filepath.Join(batch, "array.sbatch"))
	if !bytes.Contains(array, []byte("#SBATCH --array=1-3\n")) {
		t.Errorf("array.sbatch has no --array=1-3:\n%s", array)
	}
	run := func(script string, env ...string) {
		t.Helper()
		cmd := exec.Command("bash", filepath.Join(batch, script))
		cmd.Env = append(append(os.Environ(), "SUPPLYSIM_TEST_CLI=1"), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s %v: %v\n%s", script, env, err, out)
		}
	}
	for _, task := range []string{"3", "1", "2"} {
		run("array.sbatch", "SLURM_ARRAY_TASK_ID="+task, "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_MAX=3", "SLURM_ARRAY_TASK_COUNT=3")
	}
	run("array.sbatch", "SLURM_ARRAY_TASK_ID=2", "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_MAX=3") // requeued: the same bytes again
	run("merge.sbatch")
	sameData(t, one, filepath.Join(batch, "merged"))

	bin := filepath.Join(tmp, "bin")
	os.MkdirAll(bin, 0o755)
	log := filepath.Join(tmp, "sbatch.log")
	fake := "#!/bin/sh\necho \"$@\" >> " + log + "\ncase \"$*\" in *afterok*) echo 102;; *) echo '101;cluster';; esac\n"
	if err := os.WriteFile(filepath.Join(bin, "sbatch"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	var stdout, stderr bytes.Buffer
	if Main([]string{"slurm", "chip-crisis", "--runs", "24", "--tasks", "3", "--out", filepath.Join(tmp, "b2"), "--submit"}, &stdout, &stderr) != 0 {
		t.Fatalf("slurm --submit: %s", stderr.String())
	}
	calls, _ := os.ReadFile(log)
	lines := strings.Split(strings.TrimSpace(string(calls)), "\n")
	if len(lines) != 2 || !strings.HasSuffix(lines[0], "array.sbatch") || !strings.Contains(lines[1], "--dependency=afterok:101 ") ||
		!strings.Contains(stdout.String(), "array job 101 (3 tasks), merge job 102") {
		t.Errorf("sbatch was called with\n%s\nand printed %q", calls, stdout.String())
	}
	stderr.Reset()
	if Main([]string{"slurm", "chip-crisis", "--runs", "4", "--tasks", "3", "--dry-run"}, &stdout, &stderr) != 2 || !strings.Contains(stderr.String(), "each shard needs at least 2") {
		t.Errorf("4 replications in 3 tasks: %s", stderr.String())
	}
}

// The Kubernetes manifests parse as Jobs: an Indexed Job of --tasks
// completions whose pods run their shard (--shard env --tasks N) into
// the volume, and the merge Job of all of them.
func TestK8s_IndexedJobAndMerge(t *testing.T) {
	type job struct {
		APIVersion, Kind string
		Metadata         struct{ Name string }
		Spec             struct {
			CompletionMode           string
			Completions, Parallelism int
			Template                 struct {
				Spec struct {
					RestartPolicy string
					Containers    []struct {
						Image        string
						Command      []string
						VolumeMounts []struct{ Name, MountPath string }
					}
					Volumes []struct {
						Name                  string
						PersistentVolumeClaim struct{ ClaimName string }
					}
				}
			}
		}
	}
	read := func(args ...string) job {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if Main(append([]string{"k8s", "chip-crisis", "--runs", "400", "--tasks", "8", "--parallelism", "3", "--image", "registry.example/supplysim:1",
			"--volume", "results-pvc", "--out", "/results/chips"}, args...), &stdout, &stderr) != 0 {
			t.Fatalf("k8s %v: %s", args, stderr.String())
		}
		var j job
		if err := json.Unmarshal(stdout.Bytes(), &j); err != nil {
			t.Fatalf("k8s %v printed no JSON manifest: %v\n%s", args, err, stdout.String())
		}
		return j
	}
	j := read()
	c := j.Spec.Template.Spec.Containers
	if j.APIVersion != "batch/v1" || j.Kind != "Job" || j.Spec.CompletionMode != "Indexed" || j.Spec.Completions != 8 || j.Spec.Parallelism != 3 ||
		len(c) != 1 || c[0].Image != "registry.example/supplysim:1" || j.Spec.Template.Spec.RestartPolicy != "Never" ||
		j.Spec.Template.Spec.Volumes[0].PersistentVolumeClaim.ClaimName != "results-pvc" || c[0].VolumeMounts[0].MountPath != "/results" {
		t.Errorf("indexed job %+v", j)
	}
	if cmd := strings.Join(c[0].Command, " "); !strings.Contains(cmd, "--shard env --tasks 8") || !strings.Contains(cmd, `/results/chips/shards/"$JOB_COMPLETION_INDEX"`) {
		t.Errorf("the pods run %q", cmd)
	}
	m := read("--merge")
	if cmd := strings.Join(m.Spec.Template.Spec.Containers[0].Command, " "); m.Spec.Completions != 1 || m.Spec.CompletionMode != "" ||
		!strings.Contains(cmd, "merge --force --out /results/chips/merged /results/chips/shards/0") || !strings.Contains(cmd, "/results/chips/shards/7") {
		t.Errorf("merge job %+v runs %q", m, cmd)
	}
}

// Against a real Slurm (SUPPLYSIM_REQUIRE_SLURM=1, as .ci/run sets after
// .ci/slurm-up; skipped otherwise): supplysim slurm --submit runs a
// 400-replication eu-auto batch as a 4-task array and its merge, whose
// folder is byte-identical to one run; one task requeued and the merge run
// again give the same bytes.
func TestSlurm_RealCluster(t *testing.T) {
	if os.Getenv("SUPPLYSIM_REQUIRE_SLURM") != "1" {
		t.Skip("needs a Slurm cluster: make test-slurm starts one")
	}
	if raceEnabled {
		t.Skip("runs once, without the race detector: its tasks are processes of their own")
	}
	tmp := t.TempDir()
	one := filepath.Join(tmp, "one")
	mainOK(t, "run", "eu-auto", "--runs", "400", "--out", one, "--quiet")
	batch := filepath.Join(tmp, "batch")
	t.Setenv("SUPPLYSIM_TEST_CLI", "1") // the tasks run this test binary as supplysim (sbatch passes the environment on)
	var stdout, stderr bytes.Buffer
	if Main([]string{"slurm", "eu-auto", "--runs", "400", "--tasks", "4", "--cpus-per-task", "1", "--time", "0:20:00", "--out", batch,
		"--binary", os.Args[0], "--submit"}, &stdout, &stderr) != 0 {
		t.Fatalf("slurm --submit: %s", stderr.String())
	}
	var array, merge string
	if _, err := fmt.Sscanf(stdout.String(), "array job %s (4 tasks), merge job %s after it", &array, &merge); err != nil {
		t.Fatalf("slurm --submit printed %q: %v", stdout.String(), err)
	}
	wait := func(job string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Minute); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
			out, err := exec.Command("squeue", "-h", "-j", job).Output()
			if err == nil && len(bytes.TrimSpace(out)) == 0 {
				return
			}
		}
		t.Fatalf("job %s still queued or running after 10 minutes", job)
	}
	state := func(job string) string {
		out, _ := exec.Command("scontrol", "show", "job", job).Output()
		return string(out)
	}
	start := time.Now()
	wait(array)
	wait(merge)
	t.Logf("array and merge done in %v", time.Since(start).Round(time.Second))
	if s := state(merge); !strings.Contains(s, "JobState=COMPLETED") || !strings.Contains(s, "ExitCode=0:0") {
		logs, _ := os.ReadFile(filepath.Join(batch, "logs", "merge.out"))
		t.Fatalf("the merge job did not complete:\n%s\n%s", s, logs)
	}
	sameData(t, one, filepath.Join(batch, "merged"))

	before, err := os.Stat(filepath.Join(batch, "shards", "2", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("scontrol", "requeue", array+"_2").CombinedOutput(); err != nil {
		t.Fatalf("scontrol requeue %s_2: %v: %s", array, err, out)
	}
	// Slurm holds a requeued job back a while before it may start again
	// (its begin time); let it start now.
	exec.Command("scontrol", "update", "jobid="+array+"_2", "StartTime=now").Run()
	start = time.Now()
	wait(array)
	t.Logf("the requeued task done in %v", time.Since(start).Round(time.Second))
	after, err := os.Stat(filepath.Join(batch, "shards", "2", "manifest.json"))
	if err != nil || !after.ModTime().After(before.ModTime()) {
		t.Fatalf("task 2 requeued did not write its shard again (%v)", err)
	}
	if out, err := exec.Command("sbatch", "--wait", filepath.Join(batch, "merge.sbatch")).CombinedOutput(); err != nil {
		t.Fatalf("the merge again: %v: %s", err, out)
	}
	sameData(t, one, filepath.Join(batch, "merged"))
}
