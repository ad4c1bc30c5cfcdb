//go:build race

package main

// raceEnabled: the tests run under the race detector, about ten times
// slower; the longest skip.
const raceEnabled = true
