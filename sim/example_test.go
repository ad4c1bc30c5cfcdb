package sim_test

import (
	"fmt"

	"github.com/supplysim/supplysim/sim"
)

// A model defines its event kinds and handles them in a switch; it holds the
// engine to read the clock and schedule what follows.
const (
	truckArrives sim.Kind = iota
	shiftEnds
)

type dock struct {
	eng   sim.Engine
	stock int64
}

func (d *dock) Handle(ev sim.Event) {
	switch ev.Kind {
	case truckArrives:
		d.stock += ev.Arg
		fmt.Printf("%-6v truck %d unloads %d parts, stock %d\n", d.eng.Now(), ev.Target, ev.Arg, d.stock)
	case shiftEnds:
		fmt.Printf("%-6v shift ends with %d parts\n", d.eng.Now(), d.stock)
		d.eng.Schedule(8*sim.Hour, sim.Event{Kind: shiftEnds})
	}
}

func ExampleQueue() {
	q := sim.NewQueue()
	d := &dock{eng: q}
	transit, _ := sim.ParseDuration("6h30m")
	q.Schedule(transit, sim.Event{Kind: truckArrives, Target: 1, Arg: 400})
	q.Schedule(8*sim.Hour, sim.Event{Kind: shiftEnds})
	q.Schedule(8*sim.Hour, sim.Event{Kind: truckArrives, Target: 2, Arg: 250}) // same time: runs after the shift end, FIFO
	q.Run(d, sim.Day)                                                          // everything before 1d
	fmt.Println("now", q.Now(), "pending", q.Pending())
	// Output:
	// 6h30m  truck 1 unloads 400 parts, stock 400
	// 8h     shift ends with 400 parts
	// 8h     truck 2 unloads 250 parts, stock 650
	// 16h    shift ends with 650 parts
	// now 1d pending 1
}

func ExampleParseDuration() {
	for _, s := range []string{"90m", "14d", "1w 3d", "14 dy"} {
		d, err := sim.ParseDuration(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s = %d minutes = %v\n", s, int64(d), d)
	}
	// Output:
	// 90m = 90 minutes = 1h30m
	// 14d = 20160 minutes = 2w
	// 1w 3d = 14400 minutes = 1w3d
	// duration "14 dy": unknown unit "dy" (want m, h, d or w)
}

func ExampleStreams() {
	streams := sim.NewStreams(42)
	demand := streams.Stream("demand/plant-wob") // ask once, keep the generator
	for rep := range uint64(2) {
		streams.SetReplication(rep) // reseeds every stream in place
		a := demand.IntN(100)
		streams.SetReplication(rep)
		b := demand.IntN(100)
		fmt.Printf("replication %d: same first draw when replayed: %v\n", rep, a == b)
	}
	// Output:
	// replication 0: same first draw when replayed: true
	// replication 1: same first draw when replayed: true
}
