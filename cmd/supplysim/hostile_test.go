package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

var updateHostile = flag.Bool("update-hostile", false, "rewrite the expected .err files of scenarios/testdata/hostile")

// The hostile corpus: every file in scenarios/testdata/hostile is refused,
// by validate and by run alike, with exit status 1 and the message of its
// .err file (what validate prints; run prints the same problems), within
// hostileTimeout and 1 GiB of memory, without a panic and without a
// results folder. Each runs as a process of its own, so that a case that
// ran away would be killed, not take the test down.
func TestHostileCorpus(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's shadow memory does not fit the memory limit; this runs without it")
	}
	const dir = "../../scenarios"
	files, err := filepath.Glob(filepath.Join(dir, "testdata/hostile/*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 100 {
		t.Fatalf("%d hostile cases, want at least 100", len(files))
	}
	t.Run("largest", hostileLargest)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".toml")
		rel := "testdata/hostile/" + name + ".toml"
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			stderr, status := hostileRun(t, dir, "validate", rel)
			errFile := strings.TrimSuffix(f, ".toml") + ".err"
			if *updateHostile {
				if err := os.WriteFile(errFile, []byte(stderr), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(errFile)
			if err != nil {
				t.Fatalf("no expected message: %v (go test -run TestHostileCorpus -update-hostile writes it; read it before committing)", err)
			}
			if status != 1 || stderr != string(want) {
				t.Errorf("validate: exit status %d, stderr:\n%s\nwant exit status 1 and:\n%s", status, stderr, want)
			}
			out := filepath.Join(t.TempDir(), "out")
			runErr, status := hostileRun(t, dir, "run", rel, "--runs", "2", "--out", out, "--quiet", "--equalize", "none")
			problems := strings.TrimSuffix(string(want), lastLine(string(want)))
			same := strings.Count(runErr, "\n") <= strings.Count(problems, "\n")+1
			for _, line := range strings.SplitAfter(problems, "\n") {
				same = same && strings.Contains(runErr, line)
			}
			if status != 1 || !same {
				t.Errorf("run: exit status %d, stderr:\n%s\nwant exit status 1 and the problems validate reports:\n%s", status, runErr, problems)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("run left a results folder (%v)", err)
			}
		})
	}
}

// hostileLargest runs the files too large to keep in the corpus: 16 MiB
// (the most a scenario may be) of the shapes that cost the decoder most
// memory per byte. They are refused, or decoded within the memory limit.
func hostileLargest(t *testing.T) {
	dir := t.TempDir()
	header := "[scenario]\nname = \"x\"\ndescription = \"x\"\nhorizon = \"10d\"\n"
	fill := func(open, item, close string) string {
		n := (16<<20 - len(header) - len(open) - len(close)) / len(item)
		return header + open + strings.Repeat(item, n) + close
	}
	for _, c := range []struct{ name, src, want string }{
		{"inline-tables", fill("v = [\n", "{},\n", "]\n"), "more than 250000 tables (inline tables included)"},
		{"numbers", fill("v = [\n", "1,\n", "]\n"), "scenario: v: unknown key"},
		{"strings", fill("v = [\n", "\"\",\n", "]\n"), "scenario: v: unknown key"},
		{"keys", fill("", "k = 1\n", ""), "already been defined"},
	} {
		path := filepath.Join(dir, c.name+".toml")
		if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		stderr, status := hostileRun(t, dir, "validate", path)
		if status != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit status %d, stderr:\n%.500s\nwant exit status 1 and %q", c.name, status, stderr, c.want)
		}
	}
}

// hostileTimeout is what a hostile case may take (a refusal takes
// milliseconds; the margin is for a loaded machine).
const hostileTimeout = 20 * time.Second

// hostileMemory is the memory a hostile case may map (RLIMIT_DATA: the
// heap's mappings count, the runtime's address-space reservations do not;
// RLIMIT_AS would fail a Go program at random, by where its reservations
// land). Past it, the runtime dies "out of memory", which fails the test.
const hostileMemory = 1 << 30

// hostileRun runs supplysim with args in dir, under hostileTimeout and
// hostileMemory, and returns its stderr and exit status. A panic, a Go
// runtime failure (out of memory included) or a timeout fails the test.
func hostileRun(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	self, err := filepath.Abs(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "-test.run=^$")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SUPPLYSIM_TEST_MAIN="+strings.Join(args, "\x1f"),
		"SUPPLYSIM_TEST_MEMORY="+strconv.Itoa(hostileMemory))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(hostileTimeout):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s: no answer within %v", strings.Join(args, " "), hostileTimeout)
	}
	text := stderr.String()
	for _, crash := range []string{"panic:", "fatal error:", "goroutine ", "runtime."} {
		if strings.Contains(text, crash) {
			t.Fatalf("%s crashed (%q):\n%s", strings.Join(args, " "), crash, text)
		}
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > hostileMemory>>10 { // Maxrss is in KiB
		t.Errorf("%s: %d MiB resident at its peak, over %d MiB", strings.Join(args, " "), ru.Maxrss>>10, hostileMemory>>20)
	}
	return text, cmd.ProcessState.ExitCode()
}

func lastLine(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return s[strings.LastIndexByte(s, '\n')+1:] + "\n"
}

// setLimit sets a resource limit of a test's child process (limit in
// bytes).
func setLimit(resource int, limit string) error {
	n, err := strconv.ParseUint(limit, 10, 64)
	if err != nil {
		return err
	}
	return syscall.Setrlimit(resource, &syscall.Rlimit{Cur: n, Max: n})
}
