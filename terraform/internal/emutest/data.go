package emutest

import (
	"path/filepath"
	"runtime"
	"testing"
)

// DataFile is the path of a file of examples/data (train.jsonl: 30 valid
// examples; bad.jsonl: a file the emulator's validation fails).
func DataFile(t testing.TB, name string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "examples", "data", name)
}
