package main

import (
	"os"
	"runtime/debug"
)

// heapBeforeGC is the heap the collector lets grow before it runs at all.
const heapBeforeGC = 16 << 20

// tuneGC trades memory the provider does not need for the CPU time it
// does: a provider process lives for one CLI command (a plan with refresh
// of 100 jobs allocates 21-27 MiB, its live data 5-8 MiB), so the collector
// starts only once the heap reaches heapBeforeGC, and then keeps it near
// that. 16 MiB costs no CPU that a plan shows against 32 MiB and keeps 12
// MB of RSS (12 MiB costs about 15% more CPU). GOGC or
// GOMEMLIMIT in the environment override this.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(heapBeforeGC)
}
