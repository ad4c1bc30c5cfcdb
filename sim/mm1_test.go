package sim_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/supplysim/supplysim/sim"
)

// mm1 is an M/M/1 queue built on the kernel: Poisson arrivals, one server
// with exponential service, FIFO. Time-averages are integrated exactly in
// integer customer·ticks over [warmup, end); waits count customers that
// arrive after the warm-up.
type mm1 struct {
	eng                sim.Engine
	arrivals, services *rand.Rand
	meanGap, meanServe float64 // in ticks
	warmup             sim.Time
	queue              []sim.Time // arrival times of the customers in the system, FIFO
	head               int
	last               sim.Time // time of the last change of the number in system
	areaL, areaLq      int64    // ∫ N dt and ∫ Nq dt since warm-up, customer·ticks
	arrived, departed  int64
	started            int64
	sumW, sumWq        int64 // ticks
}

const (
	arrive sim.Kind = iota
	depart
)

func (m *mm1) Handle(ev sim.Event) {
	m.integrate()
	switch ev.Kind {
	case arrive:
		m.onArrival()
	case depart:
		m.onDeparture()
	}
}

func (m *mm1) exp(r *rand.Rand, mean float64) sim.Time {
	return sim.Time(math.Round(r.ExpFloat64() * mean))
}

func (m *mm1) onArrival() {
	now := m.eng.Now()
	m.queue = append(m.queue, now)
	if now >= m.warmup {
		m.arrived++
	}
	if m.inSystem() == 1 {
		m.startService()
	}
	m.eng.Schedule(m.exp(m.arrivals, m.meanGap), sim.Event{Kind: arrive})
}

func (m *mm1) onDeparture() {
	now, arrival := m.eng.Now(), m.queue[m.head]
	m.head++
	if arrival >= m.warmup {
		m.departed++
		m.sumW += int64(now - arrival)
	}
	if m.head == len(m.queue) {
		m.queue, m.head = m.queue[:0], 0
	}
	if m.inSystem() > 0 {
		m.startService()
	}
}

func (m *mm1) startService() {
	if arrival := m.queue[m.head]; arrival >= m.warmup {
		m.started++
		m.sumWq += int64(m.eng.Now() - arrival)
	}
	m.eng.Schedule(m.exp(m.services, m.meanServe), sim.Event{Kind: depart})
}

func (m *mm1) inSystem() int64 { return int64(len(m.queue) - m.head) }

// integrate adds the number in system (and in queue) times the time since
// the last change, counting only time after the warm-up.
func (m *mm1) integrate() {
	now := m.eng.Now()
	if from := max(m.last, m.warmup); now > from {
		n := m.inSystem()
		m.areaL += n * int64(now-from)
		m.areaLq += max(n-1, 0) * int64(now-from)
	}
	m.last = now
}

// mm1Estimates are one replication's estimates in days and customers.
type mm1Estimates struct{ L, Lq, W, Wq, lambda float64 }

// runMM1 runs one replication of an M/M/1 queue with the given rates per day
// for horizon days after warmup days.
func runMM1(eng sim.Engine, streams *sim.Streams, lambda, mu float64, warmup, horizon sim.Time) mm1Estimates {
	eng.Reset()
	m := &mm1{
		eng: eng, arrivals: streams.Stream("arrivals"), services: streams.Stream("services"),
		meanGap: float64(sim.Day) / lambda, meanServe: float64(sim.Day) / mu, warmup: warmup,
	}
	eng.Schedule(0, sim.Event{Kind: arrive})
	eng.Run(m, warmup+horizon)
	m.integrate()
	days := horizon.Days()
	return mm1Estimates{
		L:      float64(m.areaL) / float64(horizon),
		Lq:     float64(m.areaLq) / float64(horizon),
		W:      sim.Time(m.sumW).Days() / float64(m.departed),
		Wq:     sim.Time(m.sumWq).Days() / float64(m.started),
		lambda: float64(m.arrived) / days,
	}
}

// TestMM1_MatchesQueueingTheory checks L = ρ/(1−ρ) = 4, Lq = ρ²/(1−ρ) = 3.2,
// W = 1/(μ−λ) = 5 days and Wq = ρ/(μ−λ) = 4 days for λ = 0.8/day, μ = 1/day:
// each must lie inside the 99% Student-t interval over independent
// replications, and that interval must be narrow enough to mean something
// (half-width under 5% of the value; under 1.2% without -short). Little's
// law, L = λW and Lq = λWq, must hold within 1% on every sample path.
func TestMM1_MatchesQueueingTheory(t *testing.T) {
	reps, horizon, t995, maxRel := 30, 1_000_000*sim.Day, 2.756, 0.012 // t(0.995, 29)
	if testing.Short() {
		reps, horizon, t995, maxRel = 10, 200_000*sim.Day, 3.250, 0.05 // t(0.995, 9)
	}
	const lambda, mu = 0.8, 1.0
	streams := sim.NewStreams(20260101)
	q := sim.NewQueue()
	var est []mm1Estimates
	for rep := range uint64(reps) {
		streams.SetReplication(rep)
		e := runMM1(q, streams, lambda, mu, 1000*sim.Day, horizon)
		if rel := math.Abs(e.L-e.lambda*e.W) / e.L; rel > 0.01 {
			t.Errorf("replication %d: Little's law L = λW off by %.2f%%: L = %.4f, λW = %.4f", rep, 100*rel, e.L, e.lambda*e.W)
		}
		if rel := math.Abs(e.Lq-e.lambda*e.Wq) / e.Lq; rel > 0.01 {
			t.Errorf("replication %d: Little's law Lq = λWq off by %.2f%%: Lq = %.4f, λWq = %.4f", rep, 100*rel, e.Lq, e.lambda*e.Wq)
		}
		est = append(est, e)
	}
	rho := lambda / mu
	for _, c := range []struct {
		name string
		want float64
		get  func(mm1Estimates) float64
	}{
		{"L", rho / (1 - rho), func(e mm1Estimates) float64 { return e.L }},
		{"Lq", rho * rho / (1 - rho), func(e mm1Estimates) float64 { return e.Lq }},
		{"W", 1 / (mu - lambda), func(e mm1Estimates) float64 { return e.W }},
		{"Wq", rho / (mu - lambda), func(e mm1Estimates) float64 { return e.Wq }},
	} {
		mean, se := meanAndStdErr(est, c.get)
		lo, hi := mean-t995*se, mean+t995*se
		t.Logf("%-2s = %.4f, 99%% CI [%.4f, %.4f], theory %.4f", c.name, mean, lo, hi, c.want)
		if c.want < lo || c.want > hi {
			t.Errorf("%s: theory %.4f outside the 99%% CI [%.4f, %.4f]", c.name, c.want, lo, hi)
		}
		if (hi-lo)/2 > maxRel*c.want {
			t.Errorf("%s: CI half-width %.4f exceeds %.1f%% of %.4f; the test is too weak", c.name, (hi-lo)/2, 100*maxRel, c.want)
		}
	}
}

func meanAndStdErr(est []mm1Estimates, get func(mm1Estimates) float64) (mean, se float64) {
	for _, e := range est {
		mean += get(e)
	}
	mean /= float64(len(est))
	var ss float64
	for _, e := range est {
		ss += (get(e) - mean) * (get(e) - mean)
	}
	return mean, math.Sqrt(ss / float64(len(est)-1) / float64(len(est)))
}

// TestMM1_SameOnAllEngines runs a real model on every engine, reusing each
// engine across replications, and requires bit-identical estimates.
func TestMM1_SameOnAllEngines(t *testing.T) {
	for rep := range uint64(3) {
		var want mm1Estimates
		for i, e := range engines {
			streams := sim.NewStreams(3)
			streams.SetReplication(rep)
			got := runMM1(e.new(), streams, 0.8, 1, 100*sim.Day, 5000*sim.Day)
			if i == 0 {
				want = got
			} else if got != want {
				t.Errorf("replication %d: %s %+v, %s %+v", rep, e.name, got, engines[0].name, want)
			}
		}
	}
}
