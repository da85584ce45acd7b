package findings

// SetMaxCopyKeys sets how many keys of a binary log's records are held for
// its text copy, and returns a func that restores the bound.
func SetMaxCopyKeys(n int) (restore func()) {
	old := maxCopyKeys
	maxCopyKeys = n
	return func() { maxCopyKeys = old }
}
