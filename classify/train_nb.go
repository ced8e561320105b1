package classify

import "math"

// Naive-Bayes feature scaling (Wang and Manning, "Baselines and Bigrams",
// 2012: NBSVM). While the model is fitted, an n-gram's feature for class c
// is multiplied by 1 + nbScale × max(0, r), r the n-gram's log-count ratio
// for c: how much likelier it is in texts labelled c than in the others.
// An n-gram that marks a class, however rare (盗版的, 霉味, 赝品), then
// moves its weight for that class by bigger steps, and L2 holds it back
// less; one that marks nothing is fitted as before. After fitting, each
// weight is multiplied by its scale (foldScales), so the model Classify
// runs is the same kind of linear model over the same features.

// nbAlpha smooths the counts of the ratio (add-one).
const nbAlpha = 1.0

// nbScales returns the scale of each n-gram (row of keys) for each of k
// classes, from the samples' known n-grams (knownGrams has set their rows)
// and labels. With nbScale 0 every scale is 1. It stops with chk's error.
func nbScales(chk *checker, samples []sample, grams, k int, nbScale float64) ([][]float64, error) {
	in := zeros(grams, k) // weight of the texts of class c holding n-gram g
	df := make([]float64, grams)
	byClass := make([]float64, k)
	all := 0.0
	for _, smp := range samples {
		if err := chk.add(len(smp.grams)); err != nil {
			return nil, err
		}
		byClass[smp.class] += smp.weight
		all += smp.weight
		for _, g := range smp.grams {
			in[g.row][smp.class] += smp.weight
			df[g.row] += smp.weight
		}
	}
	for g, row := range in {
		if err := chk.add(k); err != nil {
			return nil, err
		}
		for c, n := range row {
			p := (n + nbAlpha) / (byClass[c] + 2*nbAlpha)
			q := (df[g] - n + nbAlpha) / (all - byClass[c] + 2*nbAlpha)
			row[c] = 1 + nbScale*max(0, math.Log(p/q))
		}
	}
	return in, nil
}

// foldScales multiplies each n-gram weight by its scale.
func foldScales(grams, scales [][]float64) {
	for g, w := range grams {
		for c := range w {
			w[c] *= scales[g][c]
		}
	}
}
