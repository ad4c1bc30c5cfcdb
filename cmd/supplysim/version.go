package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// versionCmd prints the module version and, when the binary was built from a
// version-controlled checkout, the revision it was built from.
func versionCmd(args []string, stdout, stderr io.Writer) error {
	args, err := parse(newFlags("version"), args)
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return fmt.Errorf("%w: version takes no arguments", errUsage)
	}
	fmt.Fprintf(stdout, "supplysim %s\n", version())
	return nil
}

// toolVersion is the version of supplysim's results. Raise it when a change
// is meant to change per-run results (and run `make baseline`): a check
// against a baseline of the same version demands identical runs.csv.
const toolVersion = "0.19.0"

// version returns the tool version, the module version and VCS revision, e.g. "(devel) rev 1a2b3c4d5e6f+dirty".
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return toolVersion + " (unknown build)"
	}
	v := toolVersion + " " + info.Main.Version
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev != "" {
		v += " rev " + rev[:min(12, len(rev))] + dirty
	}
	return v + " " + info.GoVersion
}
