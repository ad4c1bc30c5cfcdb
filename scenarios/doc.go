// Package scenarios reads supply-network scenarios written in TOML and
// builds [models.Network] values from them.
//
// The chain is Load (a file or a built-in name) or Parse (text) → Validate →
// Build. Parsing is strict: unknown keys, keys spelled with the wrong case,
// wrong types and syntax errors are errors naming the file, line and key.
// Validation collects every problem at once. The format is the set of types
// in file.go, one per table; the built-in scenarios (embedded from this
// directory with go:embed) are commented examples of every key.
package scenarios
