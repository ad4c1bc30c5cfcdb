package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
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
	keyed   map[string]Keyed
	at      *keyedAt // what every Keyed of these streams draws with
	seeder  seeder
}

// seeder hashes a stream's material into its seed with one SHA-256 state
// that it reuses. sha256.Sum256 makes a state per call, which the compiler
// keeps on the stack only as long as its inlining decisions allow it: built
// with the binary's CPU profile (PGO) it moved to the heap, 306 allocations
// a replication at 30 nodes.
type seeder struct {
	h   hash.Hash
	sum [sha256.Size]byte
}

// keyedAt holds what the keyed streams of a Streams share: their seeds, in
// one dense table (a model positions a stream per lane and day, and a table
// of 24 bytes a stream stays in cache where a generator per stream would
// not), the one generator they draw with, and the splitmix64 finalisations
// of the key they were last positioned at (a model positions many streams
// at the same key, the day, in turn, so the key is mixed once).
//
// A keyed stream's seed is hashed when it is first positioned in a
// replication, not when the replication starts: a model keeps streams it
// seldom draws from (a lane's expedite mode, its customs delay), and the
// hashing was 2% of an eu-auto replication. The seed is the same whenever
// it is hashed.
type keyedAt struct {
	material [][]byte    // per keyed stream: seed ‖ replication ‖ name
	seeds    []keyedSeed // per keyed stream
	gen      uint64      // the replication's generation
	s        *Streams    // the master seed, the replication and the seeder
	key      uint64
	mixed    [2]uint64
	valid    bool
	pcg      rand.PCG
	rand     *rand.Rand
}

// keyedSeed is a keyed stream's seed, hashed in the replication of
// generation gen: stale in any other.
type keyedSeed struct {
	base [2]uint64
	gen  uint64
}

// stream is one named generator and the bytes it is seeded from.
type stream struct {
	material []byte    // seed ‖ replication ‖ name, rewritten by SetReplication
	base     [2]uint64 // the PCG seed of the current replication
	pcg      rand.PCG
	rand     *rand.Rand
}

// NewStreams returns the streams of replication 0 of a batch with the given
// master seed.
func NewStreams(seed uint64) *Streams {
	s := &Streams{seed: seed, byName: make(map[string]*stream), keyed: make(map[string]Keyed), seeder: seeder{h: sha256.New()}}
	s.at = &keyedAt{s: s}
	s.at.rand = rand.New(&s.at.pcg)
	return s
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
	st.reseed(&s.seeder, s.seed, s.rep)
	s.byName[name] = st
	s.streams = append(s.streams, st)
	return st.rand
}

// SetReplication reseeds every stream to the start of its sequence for
// replication rep (a keyed stream when it is next positioned). O(number of
// streams); no allocation.
func (s *Streams) SetReplication(rep uint64) {
	s.rep = rep
	for _, st := range s.streams {
		st.reseed(&s.seeder, s.seed, rep)
	}
	s.at.gen++
}

func (st *stream) reseed(z *seeder, seed, rep uint64) {
	st.base = z.seedOf(st.material, seed, rep)
	st.pcg.Seed(st.base[0], st.base[1])
}

// seedOf writes seed and rep into the first 16 bytes of material (seed ‖
// replication ‖ name) and returns the PCG seed that its SHA-256 gives.
func (z *seeder) seedOf(material []byte, seed, rep uint64) [2]uint64 {
	binary.LittleEndian.PutUint64(material[0:], seed)
	binary.LittleEndian.PutUint64(material[8:], rep)
	z.h.Reset()
	z.h.Write(material)
	sum := z.h.Sum(z.sum[:0])
	return [2]uint64{binary.LittleEndian.Uint64(sum[0:]), binary.LittleEndian.Uint64(sum[8:])}
}

// Keyed is a named stream whose draws are addressed by a key (a day, a
// shipment number) rather than taken in sequence: At(k) restarts the
// generator at a position that depends only on (master seed, replication,
// name, k). A model that draws "the transit time of lane l on day d" from
// At(d) gets the same value whether or not it drew for other days, which
// keeps common random numbers exact when information regimes ship on
// different days.
//
// A Keyed is a small value (keep it, not a pointer to it); its zero value
// is not a stream.
type Keyed struct {
	at *keyedAt
	i  int // index into at.seeds
}

// Keyed returns the keyed stream named name, creating it on first use; its
// names are separate from those of Stream. O(1) after the first call.
func (s *Streams) Keyed(name string) Keyed {
	if k, ok := s.keyed[name]; ok {
		return k
	}
	m := make([]byte, 16+len(name))
	copy(m[16:], name)
	k := Keyed{s.at, len(s.at.seeds)}
	s.at.material = append(s.at.material, m)
	s.at.seeds = append(s.at.seeds, keyedSeed{s.seeder.seedOf(m, s.seed, s.rep), s.at.gen})
	s.keyed[name] = k
	return k
}

// At positions the stream at key and returns a generator of its draws,
// valid until the next call of At on any keyed stream of the same Streams
// (they share one generator). The two seed halves are the stream's SHA-256
// seed mixed with splitmix64 finalisations of the key, so nearby keys give
// unrelated sequences; the finalisations of the last key are kept. O(1),
// no allocation.
func (k Keyed) At(key uint64) *rand.Rand {
	at := k.at
	if !at.valid || at.key != key {
		at.key, at.mixed, at.valid = key, [2]uint64{mix64(key), mix64(key ^ 0x9e3779b97f4a7c15)}, true
	}
	sd := &at.seeds[k.i]
	if sd.gen != at.gen {
		at.reseed(k.i)
	}
	at.pcg.Seed(sd.base[0]^at.mixed[0], sd.base[1]^at.mixed[1])
	return at.rand
}

// reseed hashes keyed stream i's seed for the current replication.
func (at *keyedAt) reseed(i int) {
	s := at.s
	at.seeds[i] = keyedSeed{s.seeder.seedOf(at.material[i], s.seed, s.rep), at.gen}
}

// mix64 is the splitmix64 finaliser (Steele, Lea and Flood 2014), a bijection
// with full avalanche.
func mix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
