package scenarios

import (
	"fmt"

	"github.com/supplysim/supplysim/models"
)

var modes = map[string]bool{"road": true, "rail": true, "sea": true, "air": true}

func (b *builder) lanesIn() {
	seen := map[[2]string]int{}
	for i := range b.f.Lanes {
		path, in := fmt.Sprintf("lanes[%d]", i), &b.f.Lanes[i]
		if j, dup := seen[[2]string{in.From, in.To}]; dup && in.From != "" {
			b.at(path, "the same supplier and customer as lane %d; give one lane per pair", j+1)
		}
		seen[[2]string{in.From, in.To}] = i
		if ln, ok := b.lane(path, in); ok {
			b.nw.Lanes = append(b.nw.Lanes, ln)
			to := &b.nw.Nodes[ln.To]
			to.Inputs[ln.Input].Lanes = append(to.Inputs[ln.Input].Lanes, len(b.nw.Lanes)-1)
		}
	}
}

// lane converts one lane; ok is false when it cannot be connected.
func (b *builder) lane(path string, in *LaneIn) (models.Lane, bool) {
	ln := models.Lane{ID: in.From + "→" + in.To, Mode: in.Mode, Share: 1, Backup: in.Backup}
	from, okFrom := b.nodeRef(path+".from", in.From)
	to, okTo := b.nodeRef(path+".to", in.To)
	ok := okFrom && okTo
	if ok && from == to {
		b.at(path+".to", "a lane cannot go from a node to itself")
		ok = false
	}
	ln.Transit, _ = b.dist(path+".transit", in.Transit, true)
	if !modes[in.Mode] {
		b.at(path+".mode", `want "road", "rail", "sea" or "air", got %q`, in.Mode)
	}
	if in.Share != nil {
		if ln.Share = *in.Share; !(ln.Share > 0 && ln.Share <= 1) {
			b.at(path+".share", "want 0 < share ≤ 1, got %v", ln.Share)
		}
	}
	ln.Qualification = b.duration(path+".qualification", in.Qualification, 0)
	if in.Qualification != "" && !in.Backup {
		b.at(path+".qualification", "only a backup lane needs qualifying; set backup = true or drop it")
	}
	ln.Expedite = b.expedite(path+".expedite", in.Expedite)
	if !ok {
		return ln, false
	}
	ln.From, ln.To = from, to
	return ln, b.connect(path, in, &ln)
}

// connect finds the part the lane carries and the customer's input it fills.
func (b *builder) connect(path string, in *LaneIn, ln *models.Lane) bool {
	sup, cust := &b.nw.Nodes[ln.From], &b.nw.Nodes[ln.To]
	if sup.Part < 0 {
		return false
	}
	ln.Part = sup.Part
	made := b.nw.Parts[sup.Part].ID
	if in.Part != "" && in.Part != made {
		b.at(path+".part", "%q, but node %q makes %q", in.Part, sup.ID, made)
		return false
	}
	if sup.Role == models.Plant {
		b.at(path+".from", "node %q is a plant; plants sell to the market, not along lanes", sup.ID)
		return false
	}
	for i, input := range cust.Inputs {
		if input.Part == sup.Part {
			ln.Input = i
			return true
		}
	}
	b.at(path+".to", "node %q has no %q in its bom, which node %q makes", cust.ID, made, sup.ID)
	return false
}

func (b *builder) nodeRef(path, id string) (int, bool) {
	if id == "" {
		b.at(path, "missing; want a node id")
		return 0, false
	}
	n, ok := b.nodes[id]
	if !ok {
		b.at(path, "unknown node %q%s", id, b.nearNode(id))
	}
	return n, ok
}

func (b *builder) expedite(path string, in *ExpediteIn) *models.Expedite {
	if in == nil {
		return nil
	}
	e := &models.Expedite{Mode: in.Mode, CostPerUnit: in.Cost}
	if !modes[in.Mode] {
		b.at(path+".mode", `want "road", "rail", "sea" or "air", got %q`, in.Mode)
	}
	e.Transit, _ = b.dist(path+".transit", in.Transit, true)
	if !bounded(in.Cost) {
		b.at(path+".cost", "want EUR per unit from 0 to %g, got %v", MaxQuantity, in.Cost)
	}
	return e
}

// nearNode is "; did you mean …?" naming the node id nearest a misspelt
// one, for the first maxSuggestions of them: a file of thousands of
// misspelt references to thousands of nodes gets its errors without
// the quadratic search.
func (b *builder) nearNode(id string) string {
	if b.suggested++; b.suggested > maxSuggestions {
		return ""
	}
	ids := make([]string, len(b.nw.Nodes))
	for i, n := range b.nw.Nodes {
		ids[i] = n.ID
	}
	return didYouMean(id, ids)
}

// maxSuggestions is the most node ids a scenario's errors suggest.
const maxSuggestions = 20
