package results

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// The number of linear buckets per power of two of a Sketch: a quantile is
// within 1/(2 × buckets) of the value it estimates (relative), or exact at
// zero. Summaries use fine sketches (0.05%); the daily fan-chart data,
// thousands of sketches, use coarse ones (0.4%), which a chart cannot show.
const (
	FineBuckets   = 1024
	CoarseBuckets = 128
)

// Sketch is a log-linear histogram (as in HdrHistogram) of float64 values
// for quantiles in bounded memory. A value's bucket comes from its binary
// exponent and the top bits of its mantissa (math.Frexp, exact), so the
// same values give the same sketch on every machine, in any order, and two
// sketches merge exactly. Memory grows with the number of occupied
// buckets, not of values: at most 2 × 1024 per power of two spanned, and
// 1 KiB for the dense window of a sketch that holds a non-zero value.
//
// The window buckets around the first value counted are a dense array;
// the rest, a map. A batch adds one value a replication to each of
// thousands of daily sketches, and 97% of those (eu-auto) fall within
// window/2 buckets of the first: an array index where a map would hash and
// probe, and memory that does not grow with the replications. What a
// sketch holds does not depend on where its window is: Sketch.data, Merge
// and the quantiles see one set of buckets.
//
// It is the one quantile estimator of supplysim: summary.json, the
// terminal, the figures' titles and the report all quote its quantiles,
// and the notebooks reimplement it bit for bit. A quantile is the midpoint
// of the bucket holding the order statistic of rank ⌈q n⌉, clamped to the
// smallest and largest value added, so it never leaves the observed range
// (a share stays in [0, 1]) and is exact when every value is the same.
type Sketch struct {
	sub    int32            // linear buckets per power of two
	base   int32            // key of dense[0]
	dense  []uint64         // counts of keys base … base+window−1; nil until the first non-zero value
	counts map[int32]uint64 // counts of the other keys (see key); nil until one is needed
	zeros  uint64
	n      uint64
	lo, hi float64 // smallest and largest value added; ±Inf when empty
}

// window is the number of buckets a Sketch keeps in its dense array.
const window = 128

// NewSketch returns an empty sketch with buckets linear buckets per power
// of two (FineBuckets or CoarseBuckets).
func NewSketch(buckets int32) *Sketch {
	return &Sketch{sub: buckets, lo: math.Inf(1), hi: math.Inf(-1)}
}

// Add counts x; NaN is ignored. O(1).
func (s *Sketch) Add(x float64) {
	switch {
	case math.IsNaN(x):
		return
	case x == 0:
		s.zeros++
	default:
		s.put(s.key(x), 1)
	}
	s.n++
	s.lo, s.hi = math.Min(s.lo, x), math.Max(s.hi, x)
}

// put adds c to the count of bucket k (not 0, the zeros'); the first
// bucket counted places the dense window around itself.
func (s *Sketch) put(k int32, c uint64) {
	if s.dense == nil {
		s.dense = make([]uint64, window)
		s.base = int32(max(int64(k)-window/2, math.MinInt32))
	}
	if i := int64(k) - int64(s.base); i >= 0 && i < window {
		s.dense[i] += c
		return
	}
	if s.counts == nil {
		s.counts = make(map[int32]uint64)
	}
	s.counts[k] += c
}

// count is the count of bucket k (not 0, the zeros').
func (s *Sketch) count(k int32) uint64 {
	if i := int64(k) - int64(s.base); s.dense != nil && i >= 0 && i < window {
		return s.dense[i]
	}
	return s.counts[k]
}

// keys returns the occupied buckets' keys, the zeros' (0) among them if
// any, in increasing order.
func (s *Sketch) keys() []int32 {
	keys := make([]int32, 0, len(s.counts)+window+1)
	for k := range s.counts {
		keys = append(keys, k)
	}
	if s.zeros > 0 {
		keys = append(keys, 0)
	}
	for i, c := range s.dense {
		if c > 0 {
			keys = append(keys, s.base+int32(i))
		}
	}
	slices.Sort(keys)
	return keys
}

// Merge adds every count of o, which must have the same buckets, into s.
func (s *Sketch) Merge(o *Sketch) {
	if o.sub != s.sub {
		panic("results: merging sketches of different resolutions")
	}
	for i, c := range o.dense {
		if c > 0 {
			s.put(o.base+int32(i), c)
		}
	}
	for k, c := range o.counts {
		s.put(k, c)
	}
	s.zeros += o.zeros
	s.n += o.n
	s.lo, s.hi = math.Min(s.lo, o.lo), math.Max(s.hi, o.hi)
}

// N returns the number of values added.
func (s *Sketch) N() uint64 { return s.n }

// key orders buckets like their values: negative keys for negative values,
// larger magnitudes further from zero. Infinities take the largest keys.
func (s *Sketch) key(x float64) int32 {
	if math.IsInf(x, 0) {
		return sign(x) * math.MaxInt32
	}
	frac, exp := math.Frexp(math.Abs(x)) // |x| = frac × 2^exp, frac in [0.5, 1)
	sub := int32((frac - 0.5) * 2 * float64(s.sub))
	k := (int32(exp)+1100)*s.sub + sub + 1 // ≥ 1 for every finite non-zero value
	return sign(x) * k
}

func sign(x float64) int32 {
	if x < 0 {
		return -1
	}
	return 1
}

// value is the midpoint of bucket k.
func (s *Sketch) value(k int32) float64 {
	switch k {
	case 0:
		return 0
	case math.MaxInt32, -math.MaxInt32:
		return float64(k) * math.Inf(1)
	}
	a := k
	if a < 0 {
		a = -a
	}
	a--
	exp, sub := a/s.sub-1100, a%s.sub
	v := math.Ldexp(0.5+float64((float64(sub)+0.5)/float64(2*s.sub)), int(exp))
	if k < 0 {
		return -v
	}
	return v
}

// Quantile returns the q-quantile (0 ≤ q ≤ 1) of the values added: the
// value of rank ⌈q n⌉ (at least 1; the lower median for q = 0.5 and even
// n), to within the sketch's relative accuracy and inside [min, max]. NaN
// when empty. O(buckets log buckets).
func (s *Sketch) Quantile(q float64) float64 {
	return s.Quantiles(q)[0]
}

// Quantiles returns several quantiles with one sort of the buckets.
func (s *Sketch) Quantiles(qs ...float64) []float64 {
	ranks := make([]uint64, len(qs))
	for i, q := range qs {
		ranks[i] = QuantileRank(q, s.n)
	}
	return s.AtRanks(ranks...)
}

// QuantileRank is the rank (1 … n) of the q-quantile of n values: ⌈q n⌉,
// at least 1.
func QuantileRank(q float64, n uint64) uint64 {
	return max(uint64(math.Ceil(float64(q*float64(n)))), 1)
}

// AtRanks returns the values of the given ranks (1 … N, in the sorted
// order of the values added), each the midpoint of its bucket clamped to
// [min, max]; NaN for a rank outside 1 … N. O(buckets log buckets).
func (s *Sketch) AtRanks(ranks ...uint64) []float64 {
	out := make([]float64, len(ranks))
	keys := s.keys()
	for i, rank := range ranks {
		out[i] = math.NaN()
		if rank < 1 || rank > s.n {
			continue
		}
		var seen uint64
		for _, k := range keys {
			if k == 0 {
				seen += s.zeros
			} else {
				seen += s.count(k)
			}
			if seen >= rank {
				out[i] = math.Min(math.Max(s.value(k), s.lo), s.hi)
				break
			}
		}
	}
	return out
}

// sketchData is a Sketch as saved: its occupied buckets, sorted by key.
type sketchData struct {
	Sub    int32     `json:"b"`
	Zeros  uint64    `json:"z,omitempty"`
	Keys   []int32   `json:"k,omitempty"`
	Counts []uint64  `json:"c,omitempty"`
	Lo     jsonFloat `json:"lo"` // null when empty
	Hi     jsonFloat `json:"hi"`
}

// appendJSON appends d as json.Marshal writes it: its fields in order,
// the omitempty ones left out when zero or empty, the bounds as jsonFloat.
func (d sketchData) appendJSON(b []byte) []byte {
	b = strconv.AppendInt(append(b, `{"b":`...), int64(d.Sub), 10)
	if d.Zeros != 0 {
		b = strconv.AppendUint(append(b, `,"z":`...), d.Zeros, 10)
	}
	if len(d.Keys) > 0 {
		b = appendList(append(b, `,"k":`...), d.Keys, func(b []byte, k int32) []byte { return strconv.AppendInt(b, int64(k), 10) })
	}
	if len(d.Counts) > 0 {
		b = appendList(append(b, `,"c":`...), d.Counts, func(b []byte, c uint64) []byte { return strconv.AppendUint(b, c, 10) })
	}
	b = d.Lo.appendJSON(append(b, `,"lo":`...))
	b = d.Hi.appendJSON(append(b, `,"hi":`...))
	return append(b, '}')
}

func (s *Sketch) data() sketchData {
	d := sketchData{Sub: s.sub, Zeros: s.zeros, Lo: jsonFloat(s.lo), Hi: jsonFloat(s.hi)}
	for _, k := range s.keys() {
		if k != 0 {
			d.Keys = append(d.Keys, k)
			d.Counts = append(d.Counts, s.count(k))
		}
	}
	return d
}

// sketch rebuilds a saved sketch of the given resolution, or says what is
// wrong with the saved state: another resolution, keys and counts that do
// not pair up or are out of order, empty buckets, a count that overflows,
// bounds that do not bracket it.
func (d sketchData) sketch(sub int32) (*Sketch, error) {
	if d.Sub != sub {
		return nil, fmt.Errorf("a sketch of resolution %d, want %d", d.Sub, sub)
	}
	if len(d.Keys) != len(d.Counts) {
		return nil, fmt.Errorf("a sketch with %d keys but %d counts", len(d.Keys), len(d.Counts))
	}
	s := NewSketch(d.Sub)
	s.zeros, s.n = d.Zeros, d.Zeros
	for i, k := range d.Keys {
		c := d.Counts[i]
		if c == 0 || k == 0 || i > 0 && k <= d.Keys[i-1] || s.n+c < s.n {
			return nil, fmt.Errorf("a sketch with an empty, zero, repeated, unordered or overflowing bucket (key %d, count %d)", k, c)
		}
		s.put(k, c)
		s.n += c
	}
	if s.n > 0 { // null stands for an infinite bound
		s.lo, s.hi = orInf(float64(d.Lo), -1), orInf(float64(d.Hi), 1)
		if !(s.lo <= s.hi) {
			return nil, fmt.Errorf("a sketch whose lower bound %v is above its upper bound %v", s.lo, s.hi)
		}
	}
	return s, nil
}

func orInf(x float64, sign int) float64 {
	if math.IsNaN(x) {
		return math.Inf(sign)
	}
	return x
}
