package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/results"
)

// A batch records its footing in the manifest and summary.json and says
// it on the terminal; shards calibrated differently do not merge.
func TestFooting_RecordedAndMergeRefusesMixedShards(t *testing.T) {
	tmp := t.TempDir()
	a, b := filepath.Join(tmp, "a"), filepath.Join(tmp, "b")
	var stdout, stderr bytes.Buffer
	if status := Main([]string{"run", "../../scenarios/testdata/valid/tiered-cover.toml", "--regimes", "silo,platform", "--runs", "8", "--shard", "1/2", "--out", a}, &stdout, &stderr); status != 0 {
		t.Fatalf("status %d: %s", status, stderr.String())
	}
	if !strings.Contains(stdout.String(), "Regimes held at equal shock-free inventory value (silo's") {
		t.Errorf("run does not say what it held equal:\n%s", stdout.String())
	}
	m, err := results.ReadManifest(a)
	if err != nil {
		t.Fatal(err)
	}
	sf, err := results.ReadSummary(a)
	if err != nil {
		t.Fatal(err)
	}
	if m.Footing == nil || m.Footing.Equalize != "inventory" || len(m.Footing.Regimes) != 2 || m.Footing.Regimes[1].Scale == 1 ||
		!m.Footing.Same(sf.Footing) || len(m.Footing.Regimes[1].Placement) != 4 {
		t.Fatalf("manifest footing %+v, summary %+v; want the same inventory calibration with a platform scale ≠ 1 and stock on 4 tiers", m.Footing, sf.Footing)
	}
	mainOK(t, "run", "../../scenarios/testdata/valid/tiered-cover.toml", "--regimes", "silo,platform", "--runs", "8", "--shard", "2/2", "--equalize", "none", "--out", b)
	stderr.Reset()
	if status := Main([]string{"merge", "--out", filepath.Join(tmp, "m"), a, b}, &stdout, &stderr); status == 0 ||
		!strings.Contains(stderr.String(), "held their regimes equal differently") {
		t.Errorf("merge of differently calibrated shards: status %d, %s", status, stderr.String())
	}
}

// trace --from replays a batch's replication with the batch's multipliers,
// even when the batch's reference regime is not the scenario's.
func TestTrace_FromFolderUsesItsFooting(t *testing.T) {
	tmp := t.TempDir()
	dir, out := filepath.Join(tmp, "batch"), filepath.Join(tmp, "trace")
	mainOK(t, "run", "../../scenarios/testdata/valid/tiered-cover.toml", "--regimes", "platform,silo", "--runs", "4", "--out", dir)
	mainOK(t, "trace", "--from", dir, "--replication", "2", "--out", out)
	m, err := results.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := batchOf(m, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if k := b.nw.TargetScale(models.Silo); k == 1 {
		t.Fatalf("silo's multiplier is 1: the batch should have scaled it against the platform")
	}
	eng, _ := newEngine("native")
	res := models.NewRun(b.nw, eng, b.seed).Replicate(2, models.Silo)
	sameOutput(t, filepath.Join(out, "node-days.csv"), "silo", b.nw, res)
	// --regimes picks among the batch's regimes (it was ignored with --from)
	one := filepath.Join(tmp, "one")
	mainOK(t, "trace", "--from", dir, "--replication", "2", "--regimes", "silo", "--out", one)
	nodes, _ := os.ReadFile(filepath.Join(one, "node-days.csv"))
	lines := strings.Split(strings.TrimSpace(string(nodes)), "\n")[1:]
	for _, line := range lines {
		if !strings.HasPrefix(line, "silo,") {
			t.Fatalf("trace --from --regimes silo wrote %q", line)
		}
	}
	sameOutput(t, filepath.Join(one, "node-days.csv"), "silo", b.nw, res)
}
