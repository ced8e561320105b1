package classify

import "math"

// Naive-Bayes feature scaling, after Wang and Manning ("Baselines and
// Bigrams", 2012: NBSVM). While the model is fitted, an n-gram's feature
// for class c counts s = 1 + nbScale × max(0, r) times, r being how much
// likelier the n-gram is to occur in a text labelled c than in one that is
// not (the log of the ratio of the two document frequencies, add-one
// smoothed); s is 1 for an n-gram no text of c holds, and for every class
// of a text set without texts of c. After fitting, each weight w is
// replaced by s·w (foldScales), so the model Classify runs is the same
// kind of linear model over the same features. What changes is the fit:
// AdaGrad's steps on w do not depend on s, so the folded weight moves s
// times as far a step, and L2 on w holds s·w back as if its strength were
// divided by s². An n-gram that marks a class, however rare (盗版的, 霉味,
// 赝品), weighs for that class sooner and more.

// nbAlpha smooths the document frequencies of the ratio (add-one).
const nbAlpha = 1.0

// nbScales returns the scale of each n-gram (row of keys) for each of the
// k classes, row-major (scales[row*k+c]), from the samples' known n-grams
// (vocabulary has set their rows) and labels. With nbScale 0 every scale is
// 1. It stops with chk's error.
func nbScales(chk *checker, samples []sample, grams, k int, nbScale float64) ([]float32, error) {
	// First the weight of the texts of class c that hold n-gram g, in the
	// scale's own place (exact for the whole-number weights Train gives,
	// and no second table of n-grams × classes), then the scale.
	scales := make([]float32, grams*k)
	df := make([]float64, grams) // weight of all the texts that hold it
	byClass := make([]float64, k)
	all := 0.0
	for _, smp := range samples {
		if err := chk.add(len(smp.grams)); err != nil {
			return nil, err
		}
		byClass[smp.class] += smp.weight
		all += smp.weight
		for _, g := range smp.grams {
			scales[int(g.row)*k+smp.class] += float32(smp.weight)
			df[g.row] += smp.weight
		}
	}
	for g := range grams {
		if err := chk.add(k); err != nil {
			return nil, err
		}
		for c := range k {
			n := float64(scales[g*k+c])
			scales[g*k+c] = 1
			if n == 0 || nbScale == 0 {
				continue
			}
			p := (n + nbAlpha) / (byClass[c] + 2*nbAlpha)
			q := (df[g] - n + nbAlpha) / (all - byClass[c] + 2*nbAlpha)
			scales[g*k+c] = float32(1 + nbScale*max(0, math.Log(p/q)))
		}
	}
	return scales, nil
}

// foldScales multiplies each n-gram weight by its scale.
func foldScales(grams [][]float64, scales []float32) {
	for g, w := range grams {
		for c := range w {
			w[c] *= float64(scales[g*len(w)+c])
		}
	}
}
