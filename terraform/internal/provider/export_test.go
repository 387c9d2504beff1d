package provider

// SetFilesPageSize sets openai_files' page size (so that a test walks
// several pages) and returns the one it replaces.
func SetFilesPageSize(n int) int {
	old := filesPageSize
	filesPageSize = n
	return old
}

// FastHits is how many calls the direct path of server_fast.go answered.
func FastHits() int64 { return fastHits.Load() }
