package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/supplysim/supplysim/designs"
	"github.com/supplysim/supplysim/scenarios"
)

// clusterJob is what slurm and k8s schedule: a batch of a scenario (or a
// design's sweep) split into tasks shards, each run with --shard env, and
// the merge of their folders.
type clusterJob struct {
	name   string   // the scenario's or design's name, for job names
	what   []string // run SCENARIO --runs … or sweep DESIGN
	tasks  uint64
	folder string // the batch folder: shards/ and merged/ under it
}

// clusterFlags are the flags slurm and k8s share: what to run and how it
// splits.
func clusterFlags(name string) (*flag.FlagSet, *clusterOpts) {
	fs := newFlags(name)
	o := &clusterOpts{}
	fs.Uint64Var(&o.runs, "runs", 1000, "replications of the scenario (ignored with --design)")
	fs.Uint64Var(&o.seed, "seed", 0, "master seed (default: the scenario's)")
	fs.StringVar(&o.regimes, "regimes", "", "comma-separated regimes (default: the scenario's run list)")
	fs.StringVar(&o.equalize, "equalize", "", "inventory, service or none (default: the scenario's)")
	fs.StringVar(&o.design, "design", "", "schedule a sweep of this design (a built-in's name or a file) instead of a run")
	fs.Uint64Var(&o.tasks, "tasks", 4, "shards: array tasks (Slurm) or completions (Kubernetes)")
	fs.StringVar(&o.out, "out", "", "the batch folder, as the tasks see it: shards/ and merged/ go under it (default results/out/<name>-<time>)")
	return fs, o
}

type clusterOpts struct {
	runs, seed, tasks              uint64
	regimes, equalize, design, out string
}

// job checks the options and what they schedule.
func (o *clusterOpts) job(pos []string, absolute bool) (*clusterJob, error) {
	if o.tasks < 1 || o.tasks > 100000 {
		return nil, fmt.Errorf("%w: --tasks: want 1 to 100000, got %d", errUsage, o.tasks)
	}
	j := &clusterJob{tasks: o.tasks}
	path := func(p string) string { // a file, as every node of the cluster finds it
		if absolute && (strings.ContainsAny(p, `/\`) || strings.HasSuffix(p, ".toml")) {
			if a, err := filepath.Abs(p); err == nil {
				return a
			}
		}
		return p
	}
	switch {
	case o.design != "" && len(pos) > 0:
		return nil, fmt.Errorf("%w: give a scenario or --design, not both", errUsage)
	case o.design != "":
		d, err := designs.Find(o.design)
		if err != nil {
			return nil, err
		}
		if pairs := uint64(len(d.Points) * d.File.Design.Runs); o.tasks > pairs {
			return nil, fmt.Errorf("%w: --tasks %d: the design has only %d points × replications", errUsage, o.tasks, pairs)
		}
		j.name, j.what = d.File.Design.Name, []string{"sweep", path(o.design)}
	default:
		name := "eu-auto"
		if len(pos) == 1 {
			name = pos[0]
		} else if len(pos) > 1 {
			return nil, fmt.Errorf("%w: one scenario at most", errUsage)
		}
		sc, err := scenarios.Load(name)
		if err != nil {
			return nil, err
		}
		if o.runs < 2*o.tasks {
			return nil, fmt.Errorf("%w: --runs %d in %d tasks: each shard needs at least 2 replications", errUsage, o.runs, o.tasks)
		}
		j.name, j.what = sc.File.Scenario.Name, []string{"run", path(name), "--runs", fmt.Sprint(o.runs)}
		if o.seed != 0 {
			j.what = append(j.what, "--seed", fmt.Sprint(o.seed))
		}
		if o.regimes != "" {
			j.what = append(j.what, "--regimes", o.regimes)
		}
		if o.equalize != "" {
			j.what = append(j.what, "--equalize", o.equalize)
		}
	}
	j.folder = o.out
	if j.folder == "" {
		j.folder = filepath.Join("results", "out", fmt.Sprintf("%s-%s", j.name, time.Now().Format("20060102-150405")))
	}
	if absolute {
		j.folder = path(j.folder + "/")
		j.folder = strings.TrimSuffix(j.folder, "/")
	}
	return j, nil
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,@%+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func shellWords(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = shellQuote(w)
	}
	return strings.Join(q, " ")
}

var (
	slurmTime = regexp.MustCompile(`^(\d+-)?\d+(:\d\d){0,2}$`)
	slurmWord = regexp.MustCompile(`^[A-Za-z0-9_.,-]+$`)
)

// slurmCmd writes (or prints, or submits) the sbatch scripts of a batch on
// a Slurm cluster: a job array of --tasks shards, each `run … --shard env`
// into the batch folder's shards/, and a merge job that runs once every
// task ended well (afterok) and whose exit status says whether every shard
// was there.
func slurmCmd(args []string, stdout, stderr io.Writer) error {
	fs, o := clusterFlags("slurm")
	partition := fs.String("partition", "", "the partition (default: the cluster's)")
	limit := fs.String("time", "1:00:00", "each task's time limit, [days-]hours:minutes:seconds")
	cpus := fs.Int("cpus-per-task", 2, "cores per task (its --workers)")
	throttle := fs.Uint64("throttle", 0, "at most this many tasks at once (sbatch --array …%N; 0: no limit)")
	binary := fs.String("binary", "", "supplysim as the cluster's nodes find it (default: this one)")
	submit := fs.Bool("submit", false, "submit both jobs with sbatch and print their ids")
	dry := fs.Bool("dry-run", false, "print the scripts; write and submit nothing")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *submit && *dry:
		return fmt.Errorf("%w: --submit or --dry-run, not both", errUsage)
	case !slurmTime.MatchString(*limit):
		return fmt.Errorf("%w: --time: want [days-]hours:minutes:seconds like 2:00:00, got %q", errUsage, *limit)
	case *partition != "" && !slurmWord.MatchString(*partition):
		return fmt.Errorf("%w: --partition: %q is not a partition's name", errUsage, *partition)
	case *cpus < 1 || *cpus > 1024:
		return fmt.Errorf("%w: --cpus-per-task: want 1 to 1024, got %d", errUsage, *cpus)
	}
	j, err := o.job(pos, true)
	if err != nil {
		return err
	}
	bin := *binary
	if bin == "" {
		if bin, err = os.Executable(); err != nil {
			return err
		}
	}
	array, merge := j.slurmScripts(bin, *partition, *limit, *cpus, *throttle)
	if *dry {
		fmt.Fprintf(stdout, "# %s\n%s\n# %s\n%s", filepath.Join(j.folder, "array.sbatch"), array, filepath.Join(j.folder, "merge.sbatch"), merge)
		return nil
	}
	if err := os.MkdirAll(filepath.Join(j.folder, "logs"), 0o755); err != nil {
		return err
	}
	for name, text := range map[string]string{"array.sbatch": array, "merge.sbatch": merge} {
		if err := os.WriteFile(filepath.Join(j.folder, name), []byte(text), 0o755); err != nil {
			return err
		}
	}
	if !*submit {
		fmt.Fprintf(stdout, "wrote %s and %s; submit them with\n  id=$(sbatch --parsable %s) && sbatch --dependency=afterok:$id %s\nor run supplysim slurm again with --submit\n",
			filepath.Join(j.folder, "array.sbatch"), filepath.Join(j.folder, "merge.sbatch"),
			shellQuote(filepath.Join(j.folder, "array.sbatch")), shellQuote(filepath.Join(j.folder, "merge.sbatch")))
		return nil
	}
	id, err := sbatch(filepath.Join(j.folder, "array.sbatch"))
	if err != nil {
		return err
	}
	mid, err := sbatch("--dependency=afterok:"+id, "--kill-on-invalid-dep=yes", filepath.Join(j.folder, "merge.sbatch"))
	if err != nil {
		return fmt.Errorf("the array is job %s, but its merge was not submitted: %w", id, err)
	}
	fmt.Fprintf(stdout, "array job %s (%d tasks), merge job %s after it; results in %s\n", id, j.tasks, mid, filepath.Join(j.folder, "merged"))
	return nil
}

// slurmScripts are the array's and the merge's sbatch scripts.
func (j *clusterJob) slurmScripts(bin, partition, limit string, cpus int, throttle uint64) (array, merge string) {
	head := func(name string, extra ...string) string {
		var b strings.Builder
		b.WriteString("#!/bin/bash\n")
		fmt.Fprintf(&b, "#SBATCH --job-name=%s\n", shellQuote("supplysim-"+j.name+name))
		if partition != "" {
			fmt.Fprintf(&b, "#SBATCH --partition=%s\n", partition)
		}
		for _, e := range extra {
			fmt.Fprintf(&b, "#SBATCH %s\n", e)
		}
		return b.String()
	}
	arr := fmt.Sprintf("--array=1-%d", j.tasks)
	if throttle > 0 {
		arr += fmt.Sprintf("%%%d", throttle)
	}
	run := append([]string{bin}, j.what...)
	run = append(run, "--shard", "env", "--workers", fmt.Sprint(cpus), "--quiet", "--force")
	array = head("", arr, fmt.Sprintf("--cpus-per-task=%d", cpus), "--time="+limit, "--output="+shellQuote(filepath.Join(j.folder, "logs", "task-%a.out"))) +
		"# one shard per task; the same task always writes the same bytes, so a requeued task reruns it\nset -euo pipefail\n" +
		fmt.Sprintf("exec %s --out %s/\"$SLURM_ARRAY_TASK_ID\"\n", shellWords(run), shellQuote(filepath.Join(j.folder, "shards")))
	var shards []string
	for i := uint64(1); i <= j.tasks; i++ {
		shards = append(shards, filepath.Join(j.folder, "shards", fmt.Sprint(i)))
	}
	merge = head("-merge", "--cpus-per-task=1", "--time="+limit, "--output="+shellQuote(filepath.Join(j.folder, "logs", "merge.out"))) +
		"# after every task ended well (sbatch --dependency=afterok:ARRAY); fails if a shard is missing\nset -euo pipefail\n" +
		fmt.Sprintf("exec %s\n", shellWords(append([]string{bin, "merge", "--force", "--out", filepath.Join(j.folder, "merged")}, shards...)))
	return array, merge
}

// sbatch submits a script and returns its job id (sbatch --parsable).
func sbatch(args ...string) (string, error) {
	cmd := exec.Command("sbatch", append([]string{"--parsable"}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return "", fmt.Errorf("sbatch is not installed here: submit from a Slurm login node, or drop --submit")
		}
		return "", fmt.Errorf("sbatch %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	id, _, _ := strings.Cut(strings.TrimSpace(out.String()), ";") // "id;cluster"
	if id == "" || strings.Trim(id, "0123456789_") != "" {
		return "", fmt.Errorf("sbatch printed %q, not a job id", out.String())
	}
	return id, nil
}

// k8sCmd prints the Kubernetes manifests of a batch: an Indexed Job of
// --tasks completions, each `run … --shard env --tasks N` into the
// volume's shards/, or (--merge) the Job that merges them, to apply once
// the first has completed. The manifests are JSON, which kubectl reads as
// it reads YAML.
func k8sCmd(args []string, stdout, stderr io.Writer) error {
	fs, o := clusterFlags("k8s")
	image := fs.String("image", "", "the container image with supplysim in it (required)")
	claim := fs.String("volume", "", "the PersistentVolumeClaim the results go to, mounted at /results (required)")
	parallelism := fs.Uint64("parallelism", 0, "pods at once (default: --tasks)")
	cpus := fs.Int("cpus", 2, "cores per pod (its --workers and CPU request)")
	merge := fs.Bool("merge", false, "print the merge Job instead, to apply after the Indexed Job completed")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *image == "" || *claim == "" {
		return fmt.Errorf("%w: k8s needs --image and --volume", errUsage)
	}
	if o.out == "" {
		o.out = "/results/" + time.Now().Format("20060102-150405")
	}
	if !strings.HasPrefix(o.out, "/results/") {
		return fmt.Errorf("%w: --out: the batch folder is on the volume, under /results/, got %q", errUsage, o.out)
	}
	j, err := o.job(pos, false)
	if err != nil {
		return err
	}
	if *parallelism == 0 || *parallelism > j.tasks {
		*parallelism = j.tasks
	}
	manifest := j.k8sJob(*image, *claim, *parallelism, *cpus, *merge)
	b, err := json.MarshalIndent(manifest, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", b)
	return nil
}

// k8sJob is the Indexed Job of the shards, or the merge Job.
func (j *clusterJob) k8sJob(image, claim string, parallelism uint64, cpus int, merge bool) map[string]any {
	name := strings.ToLower("supplysim-" + j.name)
	var command string
	completions := j.tasks
	spec := map[string]any{}
	if merge {
		var shards []string
		for i := uint64(0); i < j.tasks; i++ {
			shards = append(shards, j.folder+"/shards/"+fmt.Sprint(i))
		}
		command = "exec " + shellWords(append([]string{"supplysim", "merge", "--force", "--out", j.folder + "/merged"}, shards...))
		name += "-merge"
		completions, parallelism = 1, 1
	} else {
		run := append([]string{"supplysim"}, j.what...)
		run = append(run, "--shard", "env", "--tasks", fmt.Sprint(j.tasks), "--workers", fmt.Sprint(cpus), "--quiet", "--force")
		command = "exec " + shellWords(run) + " --out " + shellQuote(j.folder+"/shards") + "/\"$JOB_COMPLETION_INDEX\""
		spec["completionMode"] = "Indexed"
	}
	spec["completions"], spec["parallelism"], spec["backoffLimit"] = completions, parallelism, 3*completions
	spec["template"] = map[string]any{"spec": map[string]any{
		"restartPolicy": "Never",
		"containers": []any{map[string]any{
			"name": "supplysim", "image": image, "command": []string{"/bin/sh", "-c", command},
			"resources":    map[string]any{"requests": map[string]any{"cpu": fmt.Sprint(cpus)}},
			"volumeMounts": []any{map[string]any{"name": "results", "mountPath": "/results"}},
		}},
		"volumes": []any{map[string]any{"name": "results", "persistentVolumeClaim": map[string]any{"claimName": claim}}},
	}}
	return map[string]any{"apiVersion": "batch/v1", "kind": "Job", "metadata": map[string]any{"name": name}, "spec": spec}
}
