package openaift

// #include <stdlib.h>
// #include "glue.h"
import "C"

import (
	"strings"
	"unsafe"
)

// cstrings are the C copies of one call's strings, freed together. A string
// with a NUL byte cannot cross into C whole: the first is the call's error.
type cstrings struct {
	list []*C.char
	err  error
}

// add copies an optional string: "" is NULL (the library's default).
func (s *cstrings) add(name, v string) *C.char {
	if v == "" {
		return nil
	}
	return s.must(name, v)
}

// must copies a string even when empty, so that the library names it.
func (s *cstrings) must(name, v string) *C.char {
	if strings.IndexByte(v, 0) >= 0 && s.err == nil {
		s.err = &APIError{Err: ErrInvalid, RetryAfter: -1, Message: name + ": contains a NUL byte"}
	}
	p := C.CString(v)
	s.list = append(s.list, p)
	return p
}

func (s *cstrings) free() {
	for _, p := range s.list {
		C.free(unsafe.Pointer(p))
	}
	s.list = nil
}

// kvArray builds a C array of pairs whose strings belong to strs; the caller
// frees the array.
func kvArray(name string, m map[string]string, strs *cstrings) (*C.oft_kv, C.size_t) {
	if len(m) == 0 {
		return nil, 0
	}
	kv := (*C.oft_kv)(C.calloc(C.size_t(len(m)), C.sizeof_oft_kv))
	arr := unsafe.Slice(kv, len(m))
	i := 0
	for k, v := range m {
		arr[i].key, arr[i].value = strs.must(name, k), strs.must(name+"["+k+"]", v)
		i++
	}
	return kv, C.size_t(len(m))
}
