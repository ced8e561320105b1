package classify

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// A Model is a trained model: what the classifier learns from labelled
// complaints, beside the taxonomy's lexicon. Train makes one from a
// merchant's labelled tickets, MarshalBinary saves it and ParseModel reads
// it back; WithModel makes New use it instead of the model embedded in the
// package. A Model is immutable and safe for concurrent use.
type Model struct {
	m    *model
	data []byte // the encoded form m was decoded from
}

// Train fits a model to labelled examples, as the package's own model was
// fitted to its labelled reviews (the same features, settings and seed):
// the character n-grams of each text and the scores of taxonomy t's lexicon
// (nil: the default taxonomy). Every code of t is one of the model's
// classes, so the model goes with t, or with a taxonomy that has all of
// its codes.
//
// An example's Code must be in t; the examples need at least two distinct
// codes. Its Level counts too when it is the level the level rules give
// its code (the code's base level, raised by an injury or a threat the
// lexicon finds in the text, a high order amount or a group): the model
// then learns to tell the levels apart as well as the codes, since the
// level sets the deadline. Tickets labelled with levels of a merchant's
// own policy, or with Level 0 (none), are learnt by their code alone; a
// level that is neither 0 nor 1–4 is an error.
//
// A merchant's own tickets are usually few: adding the labelled files the
// package's model was trained on (in the module's source,
// testdata/real/train.jsonl and the written sets listed in the package
// documentation) keeps what those teach; the more tickets of its own, the
// more the model follows them. Training on those 17,400 examples takes
// some fifteen seconds and 150 megabytes. (The package's model weighs each
// written example 2, much as listing the written sets twice would.)
//
// Which tickets to label next: those the classifier is least sure of. The
// package's model gained most from real reviews whose Result put two
// levels close together (the Candidates' scores summed by their code's
// level, the top two within 0.2) or gave the level-1 codes together
// between 0.1 and 0.6: 982 of the first kind gained about a point of code
// and of level in cross-validation, where 2,400 drawn at random had gained a
// tenth of a point of code (classify/BENCHMARKS.md in the module's source).
//
// Train is deterministic: the same taxonomy and examples, in the same
// order, give the same model, byte for byte. It stops with ctx's error if
// ctx is done before it has finished; a nil ctx is an error.
func Train(ctx context.Context, t *Taxonomy, examples []Example) (*Model, error) {
	if ctx == nil {
		return nil, errors.New("classify: train: nil context")
	}
	if t == nil {
		t = DefaultTaxonomy()
	}
	if len(examples) == 0 {
		return nil, errors.New("classify: train: no examples")
	}
	if n := len(t.codes); n > 255 {
		return nil, fmt.Errorf("classify: train: the taxonomy has %d codes, a model at most 255", n)
	}
	codes := map[Code]bool{}
	for _, e := range examples {
		codes[e.Code] = true
	}
	if len(codes) < 2 {
		return nil, fmt.Errorf("classify: train: every example has code %d; a model needs examples of at least 2 codes", examples[0].Code)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("classify: train: %w", err)
	}
	base, err := New(t, WithoutModel())
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("classify: train: %w", err)
	}
	all := make([]weighted, len(examples))
	for i, e := range examples {
		all[i] = weighted{e, 1}
	}
	tm, err := train(ctx, base, all, trainSettings)
	if err != nil {
		return nil, fmt.Errorf("classify: train: %w", err)
	}
	// The encoded bytes are Train's own: the Model keeps them without the
	// copy ParseModel makes of a caller's.
	data := tm.encode(trainSettings)
	m, err := decodeModel(data)
	if err != nil {
		return nil, err
	}
	return &Model{m: m, data: data}, nil
}

// ParseModel reads a model written by MarshalBinary. Bytes that are not
// such a model are an error that says what is wrong, never a panic; what
// it allocates, and the time it takes, are bounded by len(data), and a
// model it accepts classifies in bounded time whatever its keys.
func ParseModel(data []byte) (*Model, error) {
	m, err := decodeModel(data)
	if err != nil {
		return nil, err
	}
	return &Model{m: m, data: slices.Clone(data)}, nil
}

// MarshalBinary returns the model's encoded form, for ParseModel. It
// implements encoding.BinaryMarshaler; the error is always nil.
func (m *Model) MarshalBinary() ([]byte, error) {
	return slices.Clone(m.data), nil
}

// WithModel makes New use model m instead of the model embedded in the
// package. New fails if the taxonomy lacks a code m knows, if m is nil or
// was not made by Train or ParseModel, or with WithoutModel.
func WithModel(m *Model) Option {
	return func(c *config) error {
		if m == nil {
			return errors.New("classify: WithModel: nil model")
		}
		if m.m == nil { // new(Model): no model at all
			return errors.New("classify: WithModel: an empty Model; make one with Train or ParseModel")
		}
		c.model = m
		return nil
	}
}
