//go:build unix

package results

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Lock is the exclusive hold of one process on a results folder while it
// writes there (an flock on DIR/.lock, released by the kernel if the
// process dies).
type Lock struct{ f *os.File }

// LockDir makes dir if need be and takes its lock, or says which process
// holds it.
func LockDir(dir string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, ".lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		pid := make([]byte, 20)
		n, _ := f.ReadAt(pid, 0)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s is being written by another supplysim (process %s); wait for it to finish or write elsewhere",
				dir, strings.TrimSpace(string(pid[:n])))
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &Lock{f}, nil
}

// Unlock releases the lock; the lock file stays (removing it would race
// with a process opening it).
func (l *Lock) Unlock() {
	if l != nil && l.f != nil {
		syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
		l.f.Close()
		l.f = nil
	}
}

// writer returns the process that holds dir's lock, if one other than
// this one does: a probe for readers that find a folder without a
// manifest, to tell a batch being written from one that was killed.
func writer(dir string) (string, bool) {
	f, err := os.Open(filepath.Join(dir, ".lock"))
	if err != nil {
		return "", false
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		pid := make([]byte, 20)
		n, _ := f.ReadAt(pid, 0)
		p := strings.TrimSpace(string(pid[:n]))
		return p, errors.Is(err, syscall.EWOULDBLOCK) && p != strconv.Itoa(os.Getpid()) // not the caller's own lock
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return "", false
}
