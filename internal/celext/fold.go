package celext

import (
	"fmt"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/interpreter"
)

// foldable are the dialect's pure functions: called with constant arguments
// they always give the same value, so the planner computes them once.
var foldable = map[string]bool{
	"decimal": true, "min": true, "max": true, "clamp": true,
	"round": true, "round_even": true, "div": true,
}

// foldConstants is a planner decorator that replaces a call to a foldable
// function with constant arguments by its value. decimal('0.05') is then
// parsed once per compile rather than once per evaluation, and a bad literal
// such as decimal('abc') is a compile error rather than a run-time one.
func foldConstants(i interpreter.InterpretableV2) (interpreter.InterpretableV2, error) {
	call, ok := i.(interpreter.InterpretableCall)
	if !ok || !foldable[call.Function()] {
		return i, nil
	}
	for _, a := range call.Args() {
		if _, isConst := a.(interpreter.InterpretableConst); !isConst {
			return i, nil
		}
	}
	v := call.Eval(interpreter.EmptyActivation())
	if types.IsError(v) {
		return nil, fmt.Errorf("%s(…): %v", call.Function(), v)
	}
	return interpreter.NewConstValue(call.ID(), v), nil
}
