package models

// Node sets are bitsets of len(Nodes) bits in 64-bit words; they say which
// nodes a shortage starting somewhere can reach.

// words returns the length of a node bitset.
func (nw *Network) words() int { return (len(nw.Nodes) + 63) / 64 }

// reachability fills up[n] (n and every node that supplies it, directly or
// not) and down[n] (n and every node it supplies). O(lanes × words).
func (nw *Network) reachability() {
	w := nw.words()
	nw.up, nw.down = make([][]uint64, len(nw.Nodes)), make([][]uint64, len(nw.Nodes))
	for n := range nw.Nodes {
		nw.up[n], nw.down[n] = make([]uint64, w), make([]uint64, w)
		nw.up[n][n/64] |= 1 << (n % 64)
		nw.down[n][n/64] |= 1 << (n % 64)
	}
	for _, n := range nw.order { // customers first: their down sets are complete
		for _, l := range nw.out[n] {
			orInto(nw.down[n], nw.down[nw.Lanes[l].To])
		}
	}
	for k := len(nw.order) - 1; k >= 0; k-- { // suppliers first
		n := nw.order[k]
		for _, in := range nw.Nodes[n].Inputs {
			for _, l := range in.Lanes {
				orInto(nw.up[n], nw.up[nw.Lanes[l].From])
			}
		}
	}
}

// reachOfNodes returns the nodes downstream of any of nodes, themselves included.
func (nw *Network) reachOfNodes(nodes []int) []uint64 {
	set := make([]uint64, nw.words())
	for _, n := range nodes {
		orInto(set, nw.down[n])
	}
	return set
}

func orInto(dst, src []uint64) {
	for i := range dst {
		dst[i] |= src[i]
	}
}

func has(set []uint64, n int) bool { return set[n/64]&(1<<(n%64)) != 0 }

// cloudIndex returns the index of a cloud provider, interning it on first
// use; −1 for the empty name (no cloud).
func (nw *Network) cloudIndex(name string) int {
	if name == "" {
		return -1
	}
	for c, have := range nw.clouds {
		if have == name {
			return c
		}
	}
	nw.clouds = append(nw.clouds, name)
	return len(nw.clouds) - 1
}

// onCloud returns the nodes whose ERP runs on cloud c.
func (nw *Network) onCloud(c int) []int {
	var nodes []int
	for n := range nw.Nodes {
		if nw.nodeCloud[n] == c && c >= 0 {
			nodes = append(nodes, n)
		}
	}
	return nodes
}
