//go:build unix

package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Hostile inputs get an error that says what is wrong, at once (30 s is
// the limit for a loaded machine under the race detector), without a
// panic and without reading what they point at: the shapes that
// crash the TOML decoder, bases outside the scenario's folder or not
// regular files, oversized files, and numbers that overflow later.
func TestHostileInputs(t *testing.T) {
	dir := t.TempDir()
	small, err := os.ReadFile("testdata/valid/small.toml")
	if err != nil {
		t.Fatal(err)
	}
	variant := func(old, new string) string {
		if !strings.Contains(string(small), old) {
			t.Fatalf("small.toml has no %q", old)
		}
		return strings.Replace(string(small), old, new, 1)
	}
	header := "[scenario]\nname = \"x\"\ndescription = \"x\"\nhorizon = \"10d\"\n"
	fifo := filepath.Join(dir, "fifo.toml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.toml")
	if err := os.WriteFile(big, []byte(header), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, MaxFileBytes+1); err != nil { // sparse: a byte too many
		t.Fatal(err)
	}
	var nodes strings.Builder // a plant and MaxNodes suppliers
	nodes.WriteString(header + "[[parts]]\nid = \"car\"\n[[parts]]\nid = \"x\"\n" +
		"[[nodes]]\nid = \"plant\"\nregion = \"DE\"\nrole = \"plant\"\nmakes = \"car\"\ncapacity = 10\nbom = { x = 1 }\n" +
		"policy = { cover = \"5d\" }\ndemand = { daily = 5 }\n")
	for i := range MaxNodes {
		fmt.Fprintf(&nodes, "[[nodes]]\nid = \"s%d\"\nregion = \"DE\"\nrole = \"supplier\"\nmakes = \"x\"\ncapacity = 1\n", i)
	}
	var misspelt strings.Builder // MaxNodes suppliers, each named by a lane one letter off: no quadratic search for suggestions
	misspelt.WriteString(header + "[[parts]]\nid = \"car\"\n[[parts]]\nid = \"x\"\n" +
		"[[nodes]]\nid = \"plant\"\nregion = \"DE\"\nrole = \"plant\"\nmakes = \"car\"\ncapacity = 10\nbom = { x = 1 }\n" +
		"policy = { cover = \"5d\" }\ndemand = { daily = 5 }\n")
	for i := range MaxNodes - 1 {
		fmt.Fprintf(&misspelt, "[[nodes]]\nid = \"supplier-%05d\"\nregion = \"DE\"\nrole = \"supplier\"\nmakes = \"x\"\ncapacity = 1\n", i)
	}
	for i := range MaxNodes - 1 {
		fmt.Fprintf(&misspelt, "[[lanes]]\nfrom = \"suppleir-%05d\"\nto = \"plant\"\ntransit = \"1d\"\n", i)
	}
	for _, c := range []struct {
		name, src, path, want string
	}{
		{name: "misspelt ids by the thousand", src: misspelt.String(), want: `unknown node "suppleir-00000"; did you mean "supplier-00000"?`},
		{name: "nested arrays", src: header + "v = " + strings.Repeat("[", 40000), want: "nested more than 32 deep"},
		{name: "nested inline tables", src: header + "v = " + strings.Repeat("{a = ", 20000), want: "nested more than 32 deep"},
		{name: "a string closed with extra quotes", src: header + "v = ['''a'''', " + strings.Repeat("[", 7000) + "\n", want: "nested more than 32 deep"},
		{name: "too many nodes", src: nodes.String(), want: "20001 nodes: want at most 20000"},
		{name: "tables by the million", src: header + strings.Repeat("  [x]\n", 300000), want: "more than 250000 tables"},
		{name: "long dotted key", src: header + "a" + strings.Repeat(".a", 30000) + " = 1\n", want: "a line longer than"},
		{name: "base up and out", src: header + "base = \"../../dev/zero\"\n", want: "a base is a built-in's name or a file in this scenario's folder"},
		{name: "base absolute", src: header + "base = \"/proc/self/environ\"\n", want: "a base is a built-in's name or a file in this scenario's folder"},
		{name: "base a FIFO", src: header + "base = \"fifo.toml\"\n", want: "is not a regular file"},
		{name: "scenario a FIFO", path: fifo, want: "is not a regular file"},
		{name: "scenario too big", path: big, want: "larger than 16 MiB"},
		{name: "horizon overflowing", src: variant(`horizon = "120d"`, `horizon = "915000000000000w"`), want: "horizon"},
		{name: "horizon enormous", src: variant(`horizon = "120d"`, `horizon = "30000000w"`), want: "want at most 1000000d"},
		{name: "negative seed", src: variant("seed = 7", "seed = -1"), want: "want a seed ≥ 1, got -1"},
		{name: "zero periods", src: variant("periods = 7", "periods = 0"), want: "want 1 to 3650 days, got 0"},
		{name: "huge sd", src: variant(`daily = { dist = "poisson", mean = 800 }`, `daily = { dist = "normal", mean = 800, sd = 1e200 }`),
			want: "want a number from 0 to 1e+09, got 1e+200"},
	} {
		path := c.path
		if path == "" {
			path = filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".toml")
			if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		done := make(chan error, 1)
		go func() {
			sc, err := Load(path)
			if err == nil {
				_, err = sc.Build()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: %v; want an error with %q", c.name, err, c.want)
			}
			if err != nil && strings.Contains(err.Error(), "PATH=") {
				t.Errorf("%s: the error quotes the environment: %v", c.name, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: no answer within 30 s", c.name)
		}
	}
}
