package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
)

// Streams hands out independent named random streams for one replication of
// a batch. Each stream is a PCG generator seeded from
//
//	SHA-256(master seed ‖ replication ‖ name)
//
// so a stream's draws depend on nothing but those three values: adding a
// stream, drawing from another one, or running replications on other workers
// in another order never shifts them. That is what lets every information
// regime of a replication see the same shocks, demand and transit times
// (common random numbers).
//
// A model asks for its streams once when it is built and keeps the returned
// generators; SetReplication then reseeds all of them in place, without
// allocating, before each replication.
type Streams struct {
	seed    uint64
	rep     uint64
	streams []*stream
	byName  map[string]*stream
}

// stream is one named generator and the bytes it is seeded from.
type stream struct {
	material []byte // seed ‖ replication ‖ name, rewritten by SetReplication
	pcg      rand.PCG
	rand     *rand.Rand
}

// NewStreams returns the streams of replication 0 of a batch with the given
// master seed.
func NewStreams(seed uint64) *Streams {
	return &Streams{seed: seed, byName: make(map[string]*stream)}
}

// Seed returns the master seed.
func (s *Streams) Seed() uint64 { return s.seed }

// Replication returns the replication the streams are currently seeded for.
func (s *Streams) Replication() uint64 { return s.rep }

// Stream returns the generator named name, creating it at the start of its
// sequence for the current replication on first use. Names are free-form;
// use a path such as "demand/plant-wob" or "transit/lane-12". O(1) after the
// first call; keep the result rather than looking it up per draw.
func (s *Streams) Stream(name string) *rand.Rand {
	if st, ok := s.byName[name]; ok {
		return st.rand
	}
	st := &stream{material: make([]byte, 16+len(name))}
	copy(st.material[16:], name)
	st.rand = rand.New(&st.pcg)
	st.reseed(s.seed, s.rep)
	s.byName[name] = st
	s.streams = append(s.streams, st)
	return st.rand
}

// SetReplication reseeds every stream to the start of its sequence for
// replication rep. O(number of streams); no allocation.
func (s *Streams) SetReplication(rep uint64) {
	s.rep = rep
	for _, st := range s.streams {
		st.reseed(s.seed, rep)
	}
}

func (st *stream) reseed(seed, rep uint64) {
	binary.LittleEndian.PutUint64(st.material[0:], seed)
	binary.LittleEndian.PutUint64(st.material[8:], rep)
	sum := sha256.Sum256(st.material)
	st.pcg.Seed(binary.LittleEndian.Uint64(sum[0:]), binary.LittleEndian.Uint64(sum[8:]))
}
