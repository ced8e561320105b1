package policytest

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/aftersales-go/aftersales/internal/yamlsrc"

	"github.com/aftersales-go/aftersales/internal/celext"
	"github.com/aftersales-go/aftersales/policy"
)

// The input of a case is decoded from YAML nodes by hand rather than with
// yaml's Decode: money must never pass through float64, a typo in a key must
// be an error with its line rather than a silently zero field, and the key
// names must be exactly the CEL names the rules use (celext.FieldName).

var (
	decimalType = reflect.TypeFor[decimal.Decimal]()
	timeType    = reflect.TypeFor[time.Time]()
	remedyType  = reflect.TypeFor[policy.Remedy]()
)

// decodeInto sets the fields of the struct v from the mapping n. Keys not
// present leave fields as they are, so a case's input overlays the suite's;
// a null value resets a field to its zero value ("not known yet").
func (l *fileLoader) decodeInto(n *yaml.Node, v reflect.Value, where string) {
	fields := structFields(v.Type())
	l.mapping(n, where, fieldNames(fields), func(key string, _, val *yaml.Node) {
		l.decodeValue(val, v.FieldByIndex(fields[key]), joinPath(where, key))
	})
}

func joinPath(where, key string) string {
	if where == "" {
		return key
	}
	return where + "." + key
}

// structFields maps the CEL name of each exported field of t to its index.
func structFields(t reflect.Type) map[string][]int {
	out := map[string][]int{}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		if name := celext.FieldName(f); name != "-" {
			out[name] = f.Index
		}
	}
	return out
}

func fieldNames(fields map[string][]int) []string {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	return sortedStrings(names)
}

// decodeValue sets v, of any type an Input field may have, from n.
func (l *fileLoader) decodeValue(n *yaml.Node, v reflect.Value, where string) {
	n = resolveAlias(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		v.SetZero()
		return
	}
	switch v.Type() {
	case decimalType:
		if d, ok := l.decimal(n, where); ok {
			v.Set(reflect.ValueOf(d))
		}
		return
	case timeType:
		if t, ok := l.time(n, where); ok {
			v.Set(reflect.ValueOf(t))
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		l.decodeInto(n, v, where)
	case reflect.String:
		s, ok := l.scalar(n, where)
		if !ok {
			return
		}
		if v.Type() == remedyType && !validRemedy(s) {
			l.errorf(n, where, "unknown kind %q (want return, exchange, repair or refund_only)", s)
			return
		}
		v.SetString(s)
	case reflect.Bool:
		if b, ok := l.bool(n, where); ok {
			v.SetBool(b)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s, ok := l.scalar(n, where)
		if !ok {
			return
		}
		i, err := strconv.ParseInt(s, 10, v.Type().Bits())
		if err != nil {
			l.errorf(n, where, "want a whole number, got %q", s)
			return
		}
		v.SetInt(i)
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.String {
			l.errorf(n, where, "cannot decode a %v", v.Type())
			return
		}
		if n.Kind != yaml.SequenceNode {
			l.errorf(n, where, "want a list, got %s", yamlsrc.KindName(n))
			return
		}
		list := reflect.MakeSlice(v.Type(), 0, len(n.Content))
		for i, item := range n.Content {
			if s, ok := l.scalar(resolveAlias(item), fmt.Sprintf("%s[%d]", where, i)); ok {
				list = reflect.Append(list, reflect.ValueOf(s).Convert(v.Type().Elem()))
			}
		}
		v.Set(list)
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String || v.Type().Elem().Kind() != reflect.Interface {
			l.errorf(n, where, "cannot decode a %v", v.Type())
			return
		}
		m, ok := l.anyValue(n, where, 0).(map[string]any)
		if ok {
			v.Set(reflect.ValueOf(m))
		} else if n.Kind != yaml.MappingNode {
			l.errorf(n, where, "want a mapping, got %s", yamlsrc.KindName(n))
		}
	default:
		l.errorf(n, where, "cannot decode a %v", v.Type())
	}
}

// maxDepth bounds nesting in attrs, so a hostile file cannot exhaust the stack.
const maxDepth = 32

// maxValues bounds the attrs values decoded from one file.
const maxValues = 100000

// anyValue decodes extension data (attrs): mappings, lists, strings, whole
// numbers (int64), other numbers as exact decimals, booleans and timestamps —
// the types the CEL dialect understands.
func (l *fileLoader) anyValue(n *yaml.Node, where string, depth int) any {
	n = resolveAlias(n)
	if depth > maxDepth {
		l.errorf(n, where, "nested too deeply")
		return nil
	}
	// Aliases can make a small file expand exponentially; count what is built.
	if l.values++; l.values > maxValues {
		if l.values == maxValues+1 {
			l.errorf(n, where, "more than %d values in attrs", maxValues)
		}
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		l.mapping(n, where, nil, func(key string, _, val *yaml.Node) {
			m[key] = l.anyValue(val, joinPath(where, key), depth+1)
		})
		return m
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for i, item := range n.Content {
			list = append(list, l.anyValue(item, fmt.Sprintf("%s[%d]", where, i), depth+1))
		}
		return list
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil
		case "!!bool":
			b, _ := l.bool(n, where)
			return b
		case "!!int":
			if i, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
				return i
			}
			d, _ := l.decimal(n, where)
			return d
		case "!!float":
			d, _ := l.decimal(n, where)
			return d
		case "!!timestamp":
			t, _ := l.time(n, where)
			return t
		}
		return n.Value
	}
	l.errorf(n, where, "want a value, got %s", yamlsrc.KindName(n))
	return nil
}

// decimal parses money exactly from the text of the node, quoted or not:
// 3799.00 and "3799.00" are the same, and neither is ever a float64.
func (l *fileLoader) decimal(n *yaml.Node, where string) (decimal.Decimal, bool) {
	s, ok := l.scalar(n, where)
	if !ok {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil {
		l.errorf(n, where, "want an exact amount such as \"3799.00\", got %q", s)
		return decimal.Decimal{}, false
	}
	return d, true
}

// time parses an RFC 3339 timestamp; the offset matters (day counts are in
// the policy's zone), so a bare date or a time without offset is refused.
func (l *fileLoader) time(n *yaml.Node, where string) (time.Time, bool) {
	s, ok := l.scalar(n, where)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		l.errorf(n, where, "want an RFC 3339 time with offset such as 2026-03-01T10:00:00+08:00, got %q", s)
		return time.Time{}, false
	}
	return t, true
}

func (l *fileLoader) bool(n *yaml.Node, where string) (bool, bool) {
	s, ok := l.scalar(n, where)
	if !ok {
		return false, false
	}
	switch s {
	case "true", "True", "TRUE":
		return true, true
	case "false", "False", "FALSE":
		return false, true
	}
	l.errorf(n, where, "want true or false, got %q", s)
	return false, false
}

func (l *fileLoader) scalar(n *yaml.Node, where string) (string, bool) {
	n = resolveAlias(n)
	if n.Kind != yaml.ScalarNode {
		l.errorf(n, where, "want a single value, got %s", yamlsrc.KindName(n))
		return "", false
	}
	return n.Value, true
}

func validRemedy(s string) bool {
	switch policy.Remedy(s) {
	case policy.Return, policy.Exchange, policy.Repair, policy.RefundOnly:
		return true
	}
	return false
}

func validEffect(s string) bool {
	switch policy.Effect(s) {
	case policy.Allow, policy.Deny, policy.Review:
		return true
	}
	return false
}

// resolveAlias follows *alias references; anchors are plain YAML and handy
// for sharing an order between cases. Alias loops cannot occur: the parser
// only lets an alias refer to an anchor defined before it.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < maxDepth; i++ {
		n = n.Alias
	}
	return n
}
