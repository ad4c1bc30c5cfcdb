package results

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/scenarios"
)

// seal writes a checkpoint in one pass; its bytes must be json.Marshal's
// (which sealed, on resume, hashes again) to the byte: sketches empty and
// full, with zeros and without, bounds that are null, integers, tiny and
// huge (json's exponent form), a regime with no replication at all, and
// strings json escapes.
func TestCheckpointSeal_BytesOfJSONMarshal(t *testing.T) {
	text, err := scenarios.Generate(scenarios.Synthetic{Nodes: 120, Tiers: 3, Seed: 2, Days: 30})
	if err != nil {
		t.Fatal(err)
	}
	nw := build(t, text)
	regimes := []models.Regime{models.Silo, models.Platform, models.Bilateral}
	d := NewDaily(nw, regimes)
	plants, days := len(nw.Plants()), d.days
	values := []float64{0, 3, -2.5, 1e-9, 4.5e22, math.NaN(), math.Inf(-1), 17.125, 0, 1e21}
	for rep := range 3 * d.held { // some flushed, some still held
		for g := range 2 { // the third regime gets none: every sketch of it empty
			output, plan := make([][]float64, plants), make([][]float64, plants)
			for k := range plants {
				for day := range days {
					output[k] = append(output[k], values[(rep*7+k*3+day)%len(values)]*float64(1+g))
					if day%5 != 0 { // a fifth of the plan's sketches only ever see zeros
						plan[k] = append(plan[k], float64(900+rep%4+k))
					} else {
						plan[k] = append(plan[k], 0)
					}
				}
			}
			d.add(g, output, plan)
		}
	}
	ck := checkpoint{
		Manifest: Manifest{Tool: "supplysim", Scenario: `a <b> & "c"`, Seed: 7, Runs: 10, Done: 3,
			Regimes: []string{"silo", "platform"}, Started: time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)},
		Files: map[string]filePrefix{"runs.csv": {100, "ab"}, "nodes.csv": {-1, ""}},
		Daily: d.state(),
	}
	var zeros, empty int
	for _, s := range ck.Daily.Output[0] {
		for _, sk := range s {
			if sk.Zeros > 0 {
				zeros++
			}
		}
	}
	for _, s := range ck.Daily.Output[2] {
		for _, sk := range s {
			if len(sk.Keys) == 0 && sk.Zeros == 0 {
				empty++
			}
		}
	}
	sealed, err := ck.seal(0)
	if err != nil {
		t.Fatal(err)
	}
	if zeros == 0 || empty == 0 || !bytes.Contains(sealed, []byte("e+22")) || !bytes.Contains(sealed, []byte(`"lo":null`)) {
		t.Fatalf("the checkpoint lacks a case it is meant to cover (%d sketches with zeros, %d empty)", zeros, empty)
	}
	want, err := json.Marshal(ck) // with the hash seal set
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sealed, want) {
		i := 0
		for i < min(len(sealed), len(want)) && sealed[i] == want[i] {
			i++
		}
		t.Fatalf("sealed checkpoint differs from json.Marshal's at byte %d of %d:\n got …%s\nwant …%s",
			i, len(want), sealed[max(0, i-40):min(len(sealed), i+40)], want[max(0, i-40):min(len(want), i+40)])
	}
	var back checkpoint
	if err := json.Unmarshal(sealed, &back); err != nil {
		t.Fatal(err)
	}
	if !back.sealed() {
		t.Fatal("a sealed checkpoint read back does not verify")
	}
	ck.SHA256 = ""
	unsealed, _ := json.Marshal(ck)
	if back.SHA256 != sha256Hex(unsealed) {
		t.Fatal("the hash is not that of the checkpoint with an empty hash")
	}
}

// BenchmarkCheckpointSeal seals the checkpoint of an eu-auto batch of
// three regimes, as a batch does every few seconds while its workers wait.
func BenchmarkCheckpointSeal(b *testing.B) {
	sc, err := scenarios.LoadBuiltin("eu-auto")
	if err != nil {
		b.Fatal(err)
	}
	nw, err := sc.Build()
	if err != nil {
		b.Fatal(err)
	}
	regimes := []models.Regime{models.Silo, models.Platform, models.Bilateral}
	d := NewDaily(nw, regimes)
	plants, days := len(nw.Plants()), d.days
	for rep := range 200 {
		for g := range regimes {
			output, plan := make([][]float64, plants), make([][]float64, plants)
			for k := range plants {
				for day := range days {
					output[k] = append(output[k], float64(1000+(rep*37+day*11+k+g)%400))
					plan[k] = append(plan[k], float64(1200+k))
				}
			}
			d.add(g, output, plan)
		}
	}
	ck := checkpoint{Files: map[string]filePrefix{}, Daily: d.state()}
	b.ReportAllocs()
	size := 0 // as a batch does: the last checkpoint's size
	for b.Loop() {
		out, err := ck.seal(size)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
		b.SetBytes(int64(size))
	}
}

// jsonFloat writes every float64 as encoding/json does (null aside): both
// sides of the exponent form's bounds, negative exponents of one and more
// digits, signed zeros, the extremes.
func TestJSONFloat_AsEncodingJSON(t *testing.T) {
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -2.5, 123.456, 1e-6, 9.999e-7, 1e-7, -3e-9, 1.5e-10,
		1e-300, 5e-324, 1e20, 9.99e20, 1e21, -4.5e22, math.MaxFloat64, 1.0 / 3} {
		want, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonFloat(x).appendJSON(nil); !bytes.Equal(got, want) {
			t.Errorf("%v: jsonFloat writes %s, encoding/json %s", x, got, want)
		}
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got := jsonFloat(x).appendJSON(nil); string(got) != "null" {
			t.Errorf("%v: jsonFloat writes %s, want null", x, got)
		}
	}
}
