package celext

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"
	"unicode"
	"unsafe"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"github.com/shopspring/decimal"
)

var (
	timeReflectType     = reflect.TypeFor[time.Time]()
	durationReflectType = reflect.TypeFor[time.Duration]()
)

// structType exposes a Go struct type to CEL. Field names come from a `cel`
// struct tag or, failing that, the snake_case of the Go name (ReceivedAt →
// received_at). Values are read by reflection with a getter per field built
// once, so a field access costs an index, not a name lookup.
type structType struct {
	name   string
	rt     reflect.Type // the struct type, never a pointer
	fields map[string]*types.FieldType
	names  []string
	// adapter converts what the getters return; it knows decimal.Decimal,
	// which the registry's own adapter does not.
	adapter types.Adapter
	typ     *types.Type // the CEL object type, made once
}

// structRegistry builds structTypes for a Go type and everything it reaches.
type structRegistry struct {
	byType map[reflect.Type]*structType
	order  []*structType
}

// celType returns the CEL type for Go type t, registering struct types it
// meets on the way.
func (r *structRegistry) celType(t reflect.Type) (*types.Type, error) {
	switch t {
	case decimalReflectType:
		return DecimalType, nil
	case timeReflectType:
		return types.TimestampType, nil
	case durationReflectType:
		return types.DurationType, nil
	}
	switch t.Kind() {
	case reflect.Bool:
		return types.BoolType, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return types.IntType, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return types.UintType, nil
	case reflect.Float32, reflect.Float64:
		return types.DoubleType, nil
	case reflect.String:
		return types.StringType, nil
	case reflect.Interface:
		return types.DynType, nil
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return types.BytesType, nil
		}
		elem, err := r.celType(t.Elem())
		if err != nil {
			return nil, err
		}
		return types.NewListType(elem), nil
	case reflect.Map:
		k, err := r.celType(t.Key())
		if err != nil {
			return nil, err
		}
		v, err := r.celType(t.Elem())
		if err != nil {
			return nil, err
		}
		return types.NewMapType(k, v), nil
	case reflect.Pointer:
		return r.celType(t.Elem())
	case reflect.Struct:
		st, err := r.register(t)
		if err != nil {
			return nil, err
		}
		return types.NewObjectType(st.name), nil
	}
	return nil, fmt.Errorf("celext: Go type %v has no CEL equivalent", t)
}

func (r *structRegistry) register(t reflect.Type) (*structType, error) {
	if st, ok := r.byType[t]; ok {
		return st, nil
	}
	st := &structType{
		name:   typeNameOf(t),
		rt:     t,
		fields: map[string]*types.FieldType{},
	}
	st.typ = types.NewObjectType(st.name)
	r.byType[t] = st // before the fields: a type may refer to itself
	r.order = append(r.order, st)
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		name := FieldName(f)
		if name == "-" {
			continue
		}
		if _, dup := st.fields[name]; dup {
			return nil, fmt.Errorf("celext: %v: two fields are both named %q in CEL", t, name)
		}
		ct, err := r.celType(f.Type)
		if err != nil {
			return nil, fmt.Errorf("celext: %v.%s: %w", t, f.Name, err)
		}
		st.fields[name] = &types.FieldType{Type: ct}
		st.fields[name].IsSet, st.fields[name].GetFrom = accessors(t, f, name)
		st.names = append(st.names, name)
	}
	sort.Strings(st.names)
	return st, nil
}

// typeNameOf names a Go struct type in CEL as "<package>.<Type>", e.g. policy.Item.
func typeNameOf(t reflect.Type) string {
	pkg := t.PkgPath()
	if i := strings.LastIndexByte(pkg, '/'); i >= 0 {
		pkg = pkg[i+1:]
	}
	if pkg == "" {
		return t.Name()
	}
	return pkg + "." + t.Name()
}

// FieldName is the CEL name of a struct field: its `cel` tag, or the
// snake_case of its Go name ("ReceivedAt" → "received_at", "SKU" → "sku").
// A tag of "-" hides the field.
func FieldName(f reflect.StructField) string {
	if tag, ok := f.Tag.Lookup("cel"); ok {
		if name, _, _ := strings.Cut(tag, ","); name != "" {
			return name
		}
	}
	return snakeCase(f.Name)
}

func snakeCase(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) {
			prevLower := i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]))
			nextLower := i > 0 && i+1 < len(rs) && unicode.IsUpper(rs[i-1]) && unicode.IsLower(rs[i+1])
			if prevLower || nextLower {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// accessors returns the has() test and the getter of field f of struct type
// t. Reading a field of a *t, the common case (inputs are passed by
// pointer), is pointer arithmetic on an offset computed here once; anything
// else goes through reflection.
func accessors(t reflect.Type, f reflect.StructField, name string) (ref.FieldTester, ref.FieldGetter) {
	get := fieldGetter(f.Type)
	index := f.Index
	offset, direct := fieldOffset(t, index)
	ptrType := reflect.PointerTo(t)
	fastGet, fastZero := pointerAccess(f.Type, get)
	isSet := func(target any) bool {
		if direct {
			if p := pointerTo(target, ptrType); p != nil {
				return !fastZero(unsafe.Add(p, offset))
			}
		}
		v, ok := fieldOf(target, index)
		return ok && !v.IsZero()
	}
	getFrom := func(target any) (any, error) {
		if direct {
			if p := pointerTo(target, ptrType); p != nil {
				return fastGet(unsafe.Add(p, offset)), nil
			}
		}
		v, ok := fieldOf(target, index)
		if !ok {
			return nil, fmt.Errorf("celext: no field %s on %T", name, target)
		}
		return get(v), nil
	}
	return isSet, getFrom
}

// fieldOffset is the byte offset of the field at index from the start of
// t, when no pointer lies on the way (embedded structs by value).
func fieldOffset(t reflect.Type, index []int) (uintptr, bool) {
	var off uintptr
	for i, x := range index {
		f := t.Field(x)
		off += f.Offset
		if i < len(index)-1 {
			if f.Type.Kind() != reflect.Struct {
				return 0, false
			}
			t = f.Type
		}
	}
	return off, true
}

// pointerTo returns target's pointer when target is a non-nil value of ptrType.
func pointerTo(target any, ptrType reflect.Type) unsafe.Pointer {
	v := reflect.ValueOf(target)
	if v.Kind() != reflect.Pointer || v.Type() != ptrType || v.IsNil() {
		return nil
	}
	return v.UnsafePointer()
}

// pointerAccess returns the getter and zero test of a field of Go type t
// read through its address.
func pointerAccess(t reflect.Type, get func(reflect.Value) any) (func(unsafe.Pointer) any, func(unsafe.Pointer) bool) {
	switch t {
	case decimalReflectType:
		return func(p unsafe.Pointer) any { return Decimal{*(*decimal.Decimal)(p)} },
			func(p unsafe.Pointer) bool { return reflect.NewAt(t, p).Elem().IsZero() }
	case timeReflectType:
		return func(p unsafe.Pointer) any { return types.Timestamp{Time: *(*time.Time)(p)} },
			func(p unsafe.Pointer) bool { return (*time.Time)(p).IsZero() }
	case durationReflectType:
		return func(p unsafe.Pointer) any { return types.Duration{Duration: *(*time.Duration)(p)} },
			func(p unsafe.Pointer) bool { return *(*time.Duration)(p) == 0 }
	}
	switch t.Kind() {
	case reflect.Bool:
		return func(p unsafe.Pointer) any { return types.Bool(*(*bool)(p)) },
			func(p unsafe.Pointer) bool { return !*(*bool)(p) }
	case reflect.String:
		return func(p unsafe.Pointer) any { return types.String(*(*string)(p)) },
			func(p unsafe.Pointer) bool { return *(*string)(p) == "" }
	case reflect.Int:
		return func(p unsafe.Pointer) any { return types.Int(*(*int)(p)) },
			func(p unsafe.Pointer) bool { return *(*int)(p) == 0 }
	case reflect.Int64:
		return func(p unsafe.Pointer) any { return types.Int(*(*int64)(p)) },
			func(p unsafe.Pointer) bool { return *(*int64)(p) == 0 }
	}
	// Everything else reads through reflection at the field's address.
	return func(p unsafe.Pointer) any { return get(reflect.NewAt(t, p).Elem()) },
		func(p unsafe.Pointer) bool { return reflect.NewAt(t, p).Elem().IsZero() }
}

// fieldOf returns the field at index of a struct or pointer to struct.
func fieldOf(target any, index []int) (reflect.Value, bool) {
	v := reflect.ValueOf(target)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return reflect.Value{}, false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return reflect.Value{}, false
	}
	f, err := v.FieldByIndexErr(index)
	return f, err == nil
}

// fieldGetter returns a function converting a field of Go type t to what CEL
// expects. It is chosen once per field, so the per-access work is a switch-free
// call. Nested structs are returned by address so further selection reads them
// in place.
func fieldGetter(t reflect.Type) func(reflect.Value) any {
	switch t {
	case decimalReflectType:
		return func(v reflect.Value) any {
			if v.CanAddr() {
				return Decimal{*(*decimal.Decimal)(v.Addr().UnsafePointer())}
			}
			return Decimal{v.Interface().(decimal.Decimal)}
		}
	case timeReflectType:
		return func(v reflect.Value) any {
			if v.CanAddr() {
				return types.Timestamp{Time: *(*time.Time)(v.Addr().UnsafePointer())}
			}
			return types.Timestamp{Time: v.Interface().(time.Time)}
		}
	case durationReflectType:
		return func(v reflect.Value) any { return types.Duration{Duration: time.Duration(v.Int())} }
	}
	switch t.Kind() {
	case reflect.Bool:
		return func(v reflect.Value) any { return types.Bool(v.Bool()) }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(v reflect.Value) any { return types.Int(v.Int()) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return func(v reflect.Value) any { return types.Uint(v.Uint()) }
	case reflect.Float32, reflect.Float64:
		return func(v reflect.Value) any { return types.Double(v.Float()) }
	case reflect.String:
		return func(v reflect.Value) any { return types.String(v.String()) }
	case reflect.Struct:
		return func(v reflect.Value) any {
			if v.CanAddr() {
				return v.Addr().Interface()
			}
			return v.Interface()
		}
	case reflect.Array:
		// An array is a value, never nil (IsNil would panic): a byte array
		// is the bytes CEL declares it as, any other a list.
		if t.Elem().Kind() == reflect.Uint8 {
			return func(v reflect.Value) any {
				b := make([]byte, v.Len())
				reflect.Copy(reflect.ValueOf(b), v)
				return b
			}
		}
		return func(v reflect.Value) any { return v.Interface() }
	}
	// Slices, maps, pointers and interfaces go through the adapter, which
	// wraps them lazily without copying. A nil one reads as its empty value,
	// made once here: CEL never mutates it.
	empty := zeroOf(t)
	return func(v reflect.Value) any {
		if v.IsNil() {
			return empty
		}
		return v.Interface()
	}
}

// zeroOf is what an absent (nil) slice, map or pointer reads as: an empty
// list or map, or the zero of the pointed-to type — never a null that a
// policy would have to guard against.
func zeroOf(t reflect.Type) any {
	switch t.Kind() {
	case reflect.Slice:
		return reflect.MakeSlice(t, 0, 0).Interface()
	case reflect.Map:
		return reflect.MakeMap(t).Interface()
	case reflect.Pointer:
		return reflect.New(t.Elem()).Interface()
	}
	return types.NullValue
}

// HasTrait implements ref.Type: struct values support field selection and has().
func (st *structType) HasTrait(trait int) bool {
	return trait == traits.FieldTesterType || trait == traits.IndexerType
}

// TypeName implements ref.Type.
func (st *structType) TypeName() string { return st.name }

// ReflectType implements types.StructTypeDescriptor.
func (st *structType) ReflectType() reflect.Type { return st.rt }

// FieldNames implements types.StructTypeDescriptor.
func (st *structType) FieldNames() []string { return st.names }

// FindFieldType implements types.StructTypeDescriptor.
func (st *structType) FindFieldType(name string) (*types.FieldType, bool) {
	ft, ok := st.fields[name]
	return ft, ok
}

// NewValue implements types.StructTypeDescriptor. Policies read inputs; they
// do not build them, so struct literals are refused.
func (st *structType) NewValue(types.Adapter, map[string]ref.Val) ref.Val {
	return types.NewErr("celext: cannot create a %s in an expression", st.name)
}

// Adapt implements types.StructTypeDescriptor: a Go value of this type becomes
// a CEL object reading the value in place.
func (st *structType) Adapt(adapter types.Adapter, value any) ref.Val {
	if st.adapter != nil {
		adapter = st.adapter
	}
	return &object{st: st, value: value, adapter: adapter}
}

// object is a Go struct (or pointer to one) seen from CEL.
type object struct {
	st      *structType
	value   any
	adapter types.Adapter
}

func (o *object) ConvertToNative(t reflect.Type) (any, error) {
	if reflect.TypeOf(o.value).AssignableTo(t) {
		return o.value, nil
	}
	return nil, fmt.Errorf("celext: cannot convert %s to %v", o.st.name, t)
}

func (o *object) ConvertToType(t ref.Type) ref.Val {
	if t == types.TypeType {
		return o.st.typ
	}
	if t.TypeName() == o.st.name {
		return o
	}
	return types.NewErr("type conversion error from '%s' to '%s'", o.st.name, t)
}

func (o *object) Equal(other ref.Val) ref.Val {
	oo, ok := other.(*object)
	return types.Bool(ok && oo.st == o.st && reflect.DeepEqual(oo.value, o.value))
}

func (o *object) Type() ref.Type { return o.st.typ }
func (o *object) Value() any     { return o.value }

// Get implements traits.Indexer.
func (o *object) Get(field ref.Val) ref.Val {
	ft, ok := o.field(field)
	if !ok {
		return types.NewErr("no such field '%v' on %s", field, o.st.name)
	}
	v, err := ft.GetFrom(o.value)
	if err != nil {
		return types.WrapErr(err)
	}
	return o.adapter.NativeToValue(v)
}

// IsSet implements traits.FieldTester.
func (o *object) IsSet(field ref.Val) ref.Val {
	ft, ok := o.field(field)
	if !ok {
		return types.NewErr("no such field '%v' on %s", field, o.st.name)
	}
	return types.Bool(ft.IsSet(o.value))
}

func (o *object) field(field ref.Val) (*types.FieldType, bool) {
	name, ok := field.(types.String)
	if !ok {
		return nil, false
	}
	return o.st.FindFieldType(string(name))
}
