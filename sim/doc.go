// Package sim implements the discrete-event kernel of supplysim: integer
// time, typed events, engines that run them in order, and named random
// streams for reproducible Monte Carlo replications.
//
// # Time
//
// [Time] counts ticks of one minute in an int64, so trajectories are
// bit-identical on every machine. [ParseDuration] reads the duration strings
// of scenario files ("90m", "6h", "14d", "2w", "1w 3d").
//
// # Events and engines
//
// An [Event] is a 16-byte value (kind, target, argument), not a closure. A
// model implements [Handler] and switches on the event's kind. An [Engine]
// hands events to the handler in (time, sequence) order, so events due at the
// same time run first-in first-out. [Queue] is the native engine: a timing
// wheel with one FIFO list per minute for the next 11 to 22 days, a coarse
// wheel of 11-day slots for the next 32 years and a typed 4-ary heap beyond,
// O(1) per event up to 32 years ahead and allocation-free once warmed up. [SimgoEngine] runs the same events on
// github.com/fschuetz04/simgo and serves as the reference in differential
// tests and the peer in benchmarks. See the Queue example.
//
// # Randomness
//
// [Streams] derives an independent generator per (master seed, replication,
// name) by hashing, so adding a stream or changing the worker count never
// shifts other draws, and every information regime of a replication can run
// on the same draws.
package sim
