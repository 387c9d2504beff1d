package provider

// SetFilesPageSize sets openai_files' page size (so that a test walks
// several pages) and returns the one it replaces.
func SetFilesPageSize(n int) int {
	old := filesPageSize
	filesPageSize = n
	return old
}
