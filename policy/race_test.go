//go:build race

package policy_test

func init() { slowdown = 5 }
