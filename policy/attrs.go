package policy

import (
	"fmt"
	"reflect"
)

// maxAttrsDepth bounds how deeply the maps and lists of an Attrs map nest.
// Extension data is a few levels deep; a map that contains itself is
// infinitely deep, and comparing or printing it would overflow the stack
// (a crash no recover can catch), so Decide refuses it first.
const maxAttrsDepth = 32

// checkAttrs reports an Attrs map nested more than maxAttrsDepth deep (a
// cycle, say). It looks at every element, so it costs time linear in the
// attrs — nothing when there are none.
func checkAttrs(in *Input) error {
	for _, a := range [...]struct {
		name  string
		attrs map[string]any
	}{{"order.attrs", in.Order.Attrs}, {"item.attrs", in.Item.Attrs}, {"customer.attrs", in.Customer.Attrs}} {
		if len(a.attrs) == 0 {
			continue
		}
		if !shallow(reflect.ValueOf(a.attrs), maxAttrsDepth) {
			return fmt.Errorf("policy: input %s nests more than %d levels deep (does it contain itself?)", a.name, maxAttrsDepth)
		}
	}
	return nil
}

// shallow reports whether v nests no more than depth levels of maps,
// slices, arrays and pointers (an interface is no level of its own).
func shallow(v reflect.Value, depth int) bool {
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return true
		}
		return shallow(v.Elem(), depth)
	case reflect.Pointer:
		if v.IsNil() {
			return true
		}
		if depth == 0 {
			return false
		}
		return shallow(v.Elem(), depth-1)
	case reflect.Map:
		if v.Len() == 0 {
			return true
		}
		if depth == 0 {
			return false
		}
		if !containers(v.Type().Elem()) {
			return true
		}
		for it := v.MapRange(); it.Next(); {
			if !shallow(it.Value(), depth-1) {
				return false
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Len() == 0 {
			return true
		}
		if depth == 0 {
			return false
		}
		if !containers(v.Type().Elem()) {
			return true
		}
		for i := range v.Len() {
			if !shallow(v.Index(i), depth-1) {
				return false
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && !shallow(v.Field(i), depth) {
				return false
			}
		}
	}
	return true
}

// containers reports whether values of t may hold further levels.
func containers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface, reflect.Pointer, reflect.Map, reflect.Slice, reflect.Array:
		return true
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() && containers(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}
