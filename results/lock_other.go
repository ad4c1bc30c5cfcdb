//go:build !unix

package results

import "os"

// Lock is a no-op where flock is not available: concurrent writers to one
// folder are not detected there.
type Lock struct{}

// LockDir makes dir if need be.
func LockDir(dir string) (*Lock, error) { return &Lock{}, os.MkdirAll(dir, 0o755) }

// Unlock does nothing.
func (l *Lock) Unlock() {}

// writer knows no writer where flock is not available.
func writer(dir string) (string, bool) { return "", false }
