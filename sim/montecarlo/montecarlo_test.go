package montecarlo_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/supplysim/supplysim/sim/montecarlo"
)

// jitter is a worker whose replications take uneven times, so that
// workers finish out of order, and whose result depends only on rep.
type jitter struct {
	r       *rand.Rand
	fail    func(rep uint64) error
	running *atomic.Int64
}

func (j *jitter) Replicate(rep uint64) (float64, error) {
	if j.running != nil {
		j.running.Add(1)
		defer j.running.Add(-1)
	}
	time.Sleep(time.Duration(j.r.IntN(200)) * time.Microsecond)
	if j.fail != nil {
		if err := j.fail(rep); err != nil {
			return 0, err
		}
	}
	return 1 / float64(rep+3), nil // a value whose sum depends on the order of addition
}

func newJitter(fail func(uint64) error) func(int) montecarlo.Worker[float64] {
	return func(w int) montecarlo.Worker[float64] {
		return &jitter{r: rand.New(rand.NewPCG(uint64(w), 9)), fail: fail}
	}
}

// Results arrive in replication order for any number of workers, so a
// floating-point sum over them is bit-identical.
func TestRun_OrderedForAnyWorkerCount(t *testing.T) {
	var want float64
	for _, workers := range []int{1, 2, 3, 8} {
		var sum float64
		next := uint64(100)
		done, err := montecarlo.Run(context.Background(), montecarlo.Options{First: 100, Count: 500, Workers: workers}, newJitter(nil),
			func(rep uint64, v float64) error {
				if rep != next {
					t.Fatalf("%d workers: got replication %d, want %d", workers, rep, next)
				}
				next++
				sum += v
				return nil
			})
		if err != nil || done != 500 {
			t.Fatalf("%d workers: done %d, err %v; want 500, nil", workers, done, err)
		}
		if workers == 1 {
			want = sum
		} else if sum != want {
			t.Errorf("%d workers: sum %v, 1 worker %v; want bit-identical", workers, sum, want)
		}
	}
}

// A failing replication stops the batch: everything before it has been
// emitted, nothing after it, and the error names it.
func TestRun_ErrorKeepsPrefix(t *testing.T) {
	boom := errors.New("boom")
	var emitted []uint64
	done, err := montecarlo.Run(context.Background(), montecarlo.Options{Count: 300, Workers: 4},
		newJitter(func(rep uint64) error {
			if rep == 137 {
				return boom
			}
			return nil
		}),
		func(rep uint64, _ float64) error { emitted = append(emitted, rep); return nil })
	var re *montecarlo.ReplicationError
	if !errors.As(err, &re) || re.Replication != 137 || !errors.Is(err, boom) {
		t.Fatalf("err = %v, want a ReplicationError for replication 137 wrapping boom", err)
	}
	if done != 137 || uint64(len(emitted)) != done || emitted[len(emitted)-1] != 136 {
		t.Errorf("done %d, emitted %d ending at %v; want exactly 0…136", done, len(emitted), emitted[len(emitted)-1])
	}
}

type panicker struct{}

func (panicker) Replicate(rep uint64) (int, error) {
	if rep == 5 {
		var m map[string]int
		m["x"] = 1 // a nil-map write panics
	}
	return int(rep), nil
}

// A panic in a replication becomes an error naming it, with the stack.
func TestRun_PanicNamesReplication(t *testing.T) {
	done, err := montecarlo.Run(context.Background(), montecarlo.Options{First: 0, Count: 10, Workers: 1},
		func(int) montecarlo.Worker[int] { return panicker{} }, func(uint64, int) error { return nil })
	var re *montecarlo.ReplicationError
	if !errors.As(err, &re) || re.Replication != 5 || len(re.Stack) == 0 || done != 5 {
		t.Fatalf("done %d, err %v; want 5 done and a ReplicationError for 5 with a stack", done, err)
	}
}

// Cancelling stops the batch at a prefix: the emitted replications are
// 0 … done−1 with no gap, emit is not called after Run returns, and the
// error is the context's.
func TestRun_CancelKeepsPrefix(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var emitted atomic.Uint64
	done, err := montecarlo.Run(ctx, montecarlo.Options{Count: 100000, Workers: 4}, newJitter(nil),
		func(rep uint64, _ float64) error {
			if rep != emitted.Load() {
				t.Errorf("emitted %d after %d", rep, emitted.Load())
			}
			if emitted.Add(1) == 50 {
				cancel()
			}
			return nil
		})
	if !errors.Is(err, context.Canceled) || done < 50 || done >= 100000 || done != emitted.Load() {
		t.Fatalf("done %d (emitted %d), err %v; want a prefix of at least 50 and context.Canceled", done, emitted.Load(), err)
	}
	time.Sleep(5 * time.Millisecond)
	if emitted.Load() != done {
		t.Errorf("emit was called after Run returned")
	}
}

// An error from emit stops the batch and is returned.
func TestRun_EmitErrorStops(t *testing.T) {
	full := errors.New("disk full")
	done, err := montecarlo.Run(context.Background(), montecarlo.Options{Count: 1000, Workers: 3}, newJitter(nil),
		func(rep uint64, _ float64) error {
			if rep == 20 {
				return full
			}
			return nil
		})
	if !errors.Is(err, full) || done != 20 {
		t.Fatalf("done %d, err %v; want 20 and the emit error", done, err)
	}
}

// A panic in emit stops the batch like an error from emit, and is returned
// as a *ReplicationError that names the replication and holds the stack
// (it used to unlock the batch's mutex twice, a fatal error).
func TestRun_EmitPanicIsAnError(t *testing.T) {
	done, err := montecarlo.Run(context.Background(), montecarlo.Options{Count: 1000, Workers: 3}, newJitter(nil),
		func(rep uint64, _ float64) error {
			if rep == 20 {
				panic("collector bug")
			}
			return nil
		})
	var re *montecarlo.ReplicationError
	if !errors.As(err, &re) || re.Replication != 20 || !strings.Contains(re.Error(), "collector bug") || len(re.Stack) == 0 || done != 20 {
		t.Fatalf("done %d, err %v; want 20 and a ReplicationError of replication 20 with the panic and its stack", done, err)
	}
}

// lookahead records how far ahead of the emitted prefix each replication started.
type lookahead struct {
	emitted *atomic.Uint64
	max     *atomic.Int64
	r       *rand.Rand
}

func (l *lookahead) Replicate(rep uint64) (float64, error) {
	ahead := int64(rep) - int64(l.emitted.Load())
	for m := l.max.Load(); ahead > m && !l.max.CompareAndSwap(m, ahead); m = l.max.Load() {
	}
	time.Sleep(time.Duration(l.r.IntN(300)) * time.Microsecond)
	return 0, nil
}

// Workers never start a replication a window or more ahead of the oldest
// one not yet emitted, so the results held stay bounded whatever the batch
// size.
func TestRun_WindowBoundsLookahead(t *testing.T) {
	var emitted atomic.Uint64
	var most atomic.Int64
	const window = 8
	_, err := montecarlo.Run(context.Background(), montecarlo.Options{Count: 2000, Workers: 4, Window: window},
		func(w int) montecarlo.Worker[float64] {
			return &lookahead{emitted: &emitted, max: &most, r: rand.New(rand.NewPCG(uint64(w), 1))}
		},
		func(rep uint64, _ float64) error { emitted.Add(1); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if got := most.Load(); got >= window || got < 1 {
		t.Errorf("a replication started %d ahead of the emitted prefix; want 1 ≤ ahead < %d", got, window)
	}
}
