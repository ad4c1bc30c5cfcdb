package results

import (
	"math"
	"slices"
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
// buckets, not of values: at most 2 × 1024 per power of two spanned.
type Sketch struct {
	sub    int32            // linear buckets per power of two
	counts map[int32]uint64 // bucket key → count; see key
	zeros  uint64
	n      uint64
}

// NewSketch returns an empty sketch with buckets linear buckets per power
// of two (FineBuckets or CoarseBuckets).
func NewSketch(buckets int32) *Sketch { return &Sketch{sub: buckets, counts: make(map[int32]uint64)} }

// Add counts x; NaN is ignored. O(1).
func (s *Sketch) Add(x float64) {
	switch {
	case math.IsNaN(x):
		return
	case x == 0:
		s.zeros++
	default:
		s.counts[s.key(x)]++
	}
	s.n++
}

// Merge adds every count of o, which must have the same buckets, into s.
func (s *Sketch) Merge(o *Sketch) {
	if o.sub != s.sub {
		panic("results: merging sketches of different resolutions")
	}
	for k, c := range o.counts {
		s.counts[k] += c
	}
	s.zeros += o.zeros
	s.n += o.n
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
	if k == math.MaxInt32 || k == -math.MaxInt32 {
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
// value of rank ⌈q n⌉ (the lower median for q = 0.5 and even n), to within
// the sketch's relative accuracy. NaN when empty. O(buckets log buckets).
func (s *Sketch) Quantile(q float64) float64 {
	return s.Quantiles(q)[0]
}

// Quantiles returns several quantiles with one sort of the buckets.
func (s *Sketch) Quantiles(qs ...float64) []float64 {
	out := make([]float64, len(qs))
	if s.n == 0 {
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	keys := make([]int32, 0, len(s.counts)+1)
	for k := range s.counts {
		keys = append(keys, k)
	}
	if s.zeros > 0 {
		keys = append(keys, 0)
	}
	slices.Sort(keys)
	for i, q := range qs {
		rank := uint64(math.Ceil(q * float64(s.n)))
		rank = max(rank, 1)
		var seen uint64
		for _, k := range keys {
			if k == 0 {
				seen += s.zeros
			} else {
				seen += s.counts[k]
			}
			if seen >= rank {
				if k != 0 {
					out[i] = s.value(k)
				}
				break
			}
		}
	}
	return out
}

// sketchData is a Sketch as saved: its occupied buckets, sorted by key.
type sketchData struct {
	Sub    int32    `json:"b"`
	Zeros  uint64   `json:"z,omitempty"`
	Keys   []int32  `json:"k,omitempty"`
	Counts []uint64 `json:"c,omitempty"`
}

func (s *Sketch) data() sketchData {
	d := sketchData{Sub: s.sub, Zeros: s.zeros}
	for k := range s.counts {
		d.Keys = append(d.Keys, k)
	}
	slices.Sort(d.Keys)
	for _, k := range d.Keys {
		d.Counts = append(d.Counts, s.counts[k])
	}
	return d
}

func (d sketchData) sketch() *Sketch {
	s := NewSketch(d.Sub)
	s.zeros, s.n = d.Zeros, d.Zeros
	for i, k := range d.Keys {
		s.counts[k] += d.Counts[i]
		s.n += d.Counts[i]
	}
	return s
}
