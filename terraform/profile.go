package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// profileEnv names a directory where each provider process writes a CPU
// profile (cpu-PID.pprof) of its whole life, and at its end the profile of
// its allocations (allocs-PID.pprof; go tool pprof -sample_index=alloc_space):
// the CLI starts a provider several times per command, and the profiles
// show what each one cost.
const profileEnv = "OFT_PROVIDER_CPUPROFILE"

// startProfile starts the CPU profile profileEnv asks for and returns the
// function that writes it out (a no-op when none is asked for).
func startProfile() (stop func()) {
	dir := os.Getenv(profileEnv)
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid())))
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		log.Printf("[WARN] %s: %v", profileEnv, err)
		if f != nil {
			_ = f.Close()
		}
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
		if a, err := os.Create(filepath.Join(dir, fmt.Sprintf("allocs-%d.pprof", os.Getpid()))); err == nil {
			_ = pprof.Lookup("allocs").WriteTo(a, 0)
			_ = a.Close()
		}
	}
}
