package openaift

// #include "glue.h"
import "C"

import "time"

// Conversions of the library's values into Go's.

func unixOrZero(v C.int64_t) time.Time {
	if v < 0 {
		return time.Time{}
	}
	return time.Unix(int64(v), 0)
}

func int64OrNil(v C.int64_t) *int64 {
	if v < 0 {
		return nil
	}
	n := int64(v)
	return &n
}

func stringsFrom(a **C.char, n C.size_t) []string {
	out := make([]string, 0, int(n))
	for i := C.size_t(0); i < n; i++ {
		out = append(out, goString(C.goft_str_at(a, i)))
	}
	return out
}

func kvsFrom(a *C.oft_kv, n C.size_t) map[string]string {
	if n == 0 {
		return nil
	}
	m := make(map[string]string, int(n))
	for i := C.size_t(0); i < n; i++ {
		kv := C.goft_kv_at(a, i)
		m[goString(kv.key)] = goString(kv.value)
	}
	return m
}
