package main

import (
	"os"
	"runtime/debug"
)

// heapBeforeGC is the heap the collector lets grow before it runs at all.
const heapBeforeGC = 32 << 20

// tuneGC trades memory the provider does not need for the CPU time it
// does: a provider process lives for one CLI command (a plan of 100
// resources allocates about 30 MiB), so the collector starts only once the
// heap reaches heapBeforeGC, and then keeps it near that. GOGC or
// GOMEMLIMIT in the environment override this.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(heapBeforeGC)
}
