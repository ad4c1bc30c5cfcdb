package designs

import (
	"fmt"
	"strconv"
	"strings"
)

// joeKuo holds Joe and Kuo's direction numbers (2008, new-joe-kuo-6.21201)
// for the Sobol sequence's dimensions 2 to 41, one row each: the degree s
// of the primitive polynomial, its coefficients a, and the initial
// direction numbers m_1 … m_s. Dimension 1 is van der Corput's and needs
// none. 41 dimensions are a Saltelli design of up to 20 factors.
const joeKuo = `1 0 1|2 1 1 3|3 1 1 3 1|3 2 1 1 1|4 1 1 1 3 3|4 4 1 3 5 13|5 2 1 1 5 5 17|5 4 1 1 5 5 5|` +
	`5 7 1 1 7 11 19|5 11 1 1 5 1 1|5 13 1 1 1 3 11|5 14 1 3 5 5 31|6 1 1 3 3 9 7 49|6 13 1 1 1 15 21 21|` +
	`6 16 1 3 1 13 27 49|6 19 1 1 1 15 7 5|6 22 1 3 1 15 13 25|6 25 1 1 5 5 19 61|7 1 1 3 7 11 23 15 103|` +
	`7 4 1 3 7 13 13 15 69|7 7 1 1 3 13 7 35 63|7 8 1 3 5 9 1 25 53|7 14 1 3 1 13 9 35 107|7 19 1 3 1 5 27 61 31|` +
	`7 21 1 1 5 11 19 41 61|7 28 1 3 5 3 3 13 69|7 31 1 1 7 13 1 19 1|7 32 1 3 7 5 13 19 59|7 37 1 1 3 9 25 29 41|` +
	`7 41 1 3 5 13 23 1 55|7 42 1 3 7 3 13 59 17|7 50 1 3 1 3 5 53 69|7 55 1 1 5 5 23 33 13|7 56 1 1 7 7 1 61 123|` +
	`7 59 1 1 7 9 13 61 49|7 62 1 3 3 5 3 55 33|8 14 1 3 1 15 31 13 49 245|8 21 1 3 5 15 31 59 63 97|` +
	`8 22 1 3 1 11 11 11 77 249|8 38 1 3 1 11 27 43 71 9`

// MaxSobolDims is the most dimensions Sobol gives.
var MaxSobolDims = 1 + strings.Count(joeKuo, "|") + 1

const sobolBits = 32

// directions returns the direction numbers V_1 … V_32 of dimension d
// (0-based), scaled to 32 bits.
func directions(d int) [sobolBits]uint32 {
	var v [sobolBits]uint32
	if d == 0 {
		for k := range v {
			v[k] = 1 << (sobolBits - 1 - k)
		}
		return v
	}
	f := strings.Fields(strings.Split(joeKuo, "|")[d-1])
	num := func(i int) uint32 {
		x, err := strconv.ParseUint(f[i], 10, 32)
		if err != nil {
			panic(fmt.Sprintf("designs: direction numbers of dimension %d: %v", d+1, err))
		}
		return uint32(x)
	}
	s, a := int(num(0)), num(1)
	for k := 0; k < s && k < sobolBits; k++ {
		v[k] = num(2+k) << (sobolBits - 1 - k)
	}
	for k := s; k < sobolBits; k++ {
		x := v[k-s] ^ v[k-s]>>s
		for i := 1; i < s; i++ {
			if a>>(s-1-i)&1 == 1 {
				x ^= v[k-i]
			}
		}
		v[k] = x
	}
	return v
}

// Sobol returns the first n points of the dims-dimensional Sobol sequence
// in [0, 1)^dims (Bratley and Fox's Gray-code construction, Joe and Kuo's
// direction numbers), the first point being the origin. The first 2^k
// points of every dimension hold one point in each of its 2^k intervals.
func Sobol(n, dims int) ([][]float64, error) {
	if dims < 1 || dims > MaxSobolDims {
		return nil, fmt.Errorf("a Sobol sequence of %d dimensions: want 1 to %d", dims, MaxSobolDims)
	}
	if n < 0 || n > 1<<sobolBits-1 {
		return nil, fmt.Errorf("%d Sobol points: want at most %d", n, uint64(1)<<sobolBits-1)
	}
	v := make([][sobolBits]uint32, dims)
	for d := range v {
		v[d] = directions(d)
	}
	out := make([][]float64, n)
	x := make([]uint32, dims)
	for i := range n {
		p := make([]float64, dims)
		for d := range p {
			p[d] = float64(x[d]) / (1 << sobolBits)
		}
		out[i] = p
		c := 0 // the lowest zero bit of i
		for j := i; j&1 == 1; j >>= 1 {
			c++
		}
		for d := range x {
			x[d] ^= v[d][c]
		}
	}
	return out, nil
}
