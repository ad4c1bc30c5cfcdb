// Package montecarlo runs the replications of a batch in parallel and hands
// their results over in replication order.
//
// Workers, one goroutine each and each with its own model state, pull
// replication indices from a shared counter. A reorder window holds results
// that finish early until every earlier replication has been handed over, so
// whatever folds the results (summaries, files) sees them in the same order
// for any number of workers: floating-point sums, and therefore every
// published number, are bit-identical whether a batch ran on 1 worker or 64.
// The window also bounds memory: a worker waits rather than run more than
// Window replications ahead of the oldest unfinished one.
//
// What has been handed over is always a prefix of the batch: after a
// cancellation, an error or a panic, replications First … First+done−1 are
// complete and the rest can be run later (resumed) without duplicating or
// losing one. See Run.
package montecarlo

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// Options says which replications to run and on how many workers.
type Options struct {
	First, Count uint64 // replications First … First+Count−1
	Workers      int    // goroutines; ≤ 0 means runtime.GOMAXPROCS(0)
	Window       int    // results held for reordering; ≤ 0 means 4 × Workers
}

// Worker runs replications on one goroutine and owns whatever state it
// reuses between them.
type Worker[T any] interface {
	Replicate(rep uint64) (T, error)
}

// ReplicationError is a replication that failed or panicked.
type ReplicationError struct {
	Replication uint64
	Err         error  // the error returned, or a description of the panic
	Stack       []byte // the goroutine's stack for a panic, else nil
}

func (e *ReplicationError) Error() string {
	return fmt.Sprintf("replication %d: %v", e.Replication, e.Err)
}

func (e *ReplicationError) Unwrap() error { return e.Err }

// Run runs the replications of opt, each on a worker made by newWorker
// (called once per worker with its index), and calls emit for each result
// in replication order, on the calling goroutine. It returns how many
// replications were emitted, always a prefix First … First+done−1, and the
// first error: a *ReplicationError from a worker (or from emit, if it
// panicked), an error from emit, or ctx's error if ctx was cancelled
// before the batch finished. On
// cancellation no new replication starts; results beyond the prefix are
// dropped.
func Run[T any](ctx context.Context, opt Options, newWorker func(w int) Worker[T], emit func(rep uint64, v T) error) (done uint64, err error) {
	opt = opt.withDefaults()
	b := &batch[T]{opt: opt, ring: make([]slot[T], opt.Window), alive: opt.Workers}
	b.cond = sync.NewCond(&b.mu)
	g, gctx := errgroup.WithContext(ctx)
	for w := range opt.Workers {
		g.Go(func() error { return b.work(gctx, newWorker(w)) })
	}
	done, emitErr := b.collect(emit)
	werr := g.Wait()
	switch {
	case emitErr != nil:
		return done, emitErr
	case werr != nil:
		return done, werr
	case done < opt.Count && ctx.Err() != nil:
		return done, ctx.Err()
	}
	return done, nil
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Window <= 0 {
		o.Window = 4 * o.Workers
	}
	return o
}

type slot[T any] struct {
	v     T
	ready bool
}

// batch is the state shared by the workers and the collector.
type batch[T any] struct {
	opt     Options
	next    atomic.Uint64 // next index to hand out, counted from First
	mu      sync.Mutex
	cond    *sync.Cond
	ring    []slot[T] // results by index mod Window
	emitted uint64    // indices handed over so far
	alive   int       // workers still running
	stop    bool      // the collector has finished; workers quit
}

// work runs replications until the batch is done, stopped or cancelled.
func (b *batch[T]) work(ctx context.Context, w Worker[T]) error {
	defer b.exit()
	for {
		i := b.next.Add(1) - 1
		if i >= b.opt.Count || !b.wait(i) || ctx.Err() != nil {
			return nil
		}
		v, err := replicate(w, b.opt.First+i)
		if err != nil {
			return err
		}
		b.mu.Lock()
		b.ring[i%uint64(len(b.ring))] = slot[T]{v, true}
		b.cond.Broadcast()
		b.mu.Unlock()
	}
}

// wait blocks until index i fits in the reorder window; false if the batch stopped.
func (b *batch[T]) wait(i uint64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i >= b.emitted+uint64(len(b.ring)) && !b.stop {
		b.cond.Wait()
	}
	return !b.stop
}

func (b *batch[T]) exit() {
	b.mu.Lock()
	b.alive--
	b.cond.Broadcast()
	b.mu.Unlock()
}

// collect hands results over in order until the batch is complete or no
// worker is left to fill the next slot.
func (b *batch[T]) collect(emit func(uint64, T) error) (uint64, error) {
	b.mu.Lock()
	defer func() {
		b.stop = true
		b.cond.Broadcast()
		b.mu.Unlock()
	}()
	for b.emitted < b.opt.Count {
		s := &b.ring[b.emitted%uint64(len(b.ring))]
		if !s.ready {
			if b.alive == 0 {
				break
			}
			b.cond.Wait()
			continue
		}
		v := s.v
		*s = slot[T]{}
		if err := b.emitUnlocked(emit, b.opt.First+b.emitted, v); err != nil {
			return b.emitted, err
		}
		b.emitted++
		b.cond.Broadcast()
	}
	return b.emitted, nil
}

// emitUnlocked calls emit without holding b.mu, turning a panic into a
// *ReplicationError as replicate does: the batch then stops as for an
// error from emit, and what the caller committed stays committed.
func (b *batch[T]) emitUnlocked(emit func(uint64, T) error, rep uint64, v T) (err error) {
	b.mu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			err = &ReplicationError{Replication: rep, Err: fmt.Errorf("panic while collecting its result: %v", p), Stack: debug.Stack()}
		}
		b.mu.Lock()
	}()
	return emit(rep, v)
}

// replicate runs one replication, turning an error or a panic into a
// *ReplicationError that names it.
func replicate[T any](w Worker[T], rep uint64) (v T, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &ReplicationError{Replication: rep, Err: fmt.Errorf("panic: %v", p), Stack: debug.Stack()}
		}
	}()
	if v, err = w.Replicate(rep); err != nil {
		return v, &ReplicationError{Replication: rep, Err: err}
	}
	return v, nil
}
