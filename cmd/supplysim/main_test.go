package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestMain_ExitStatus(t *testing.T) {
	tests := []struct {
		args       []string
		status     int
		wantStdout string
		wantStderr string
	}{
		{nil, 0, "Commands:", ""},
		{[]string{"version"}, 0, "supplysim ", ""},
		{[]string{"version", "extra"}, 2, "", "takes no arguments"},
		{[]string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{[]string{"run"}, 1, "", "not yet"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if got := Main(tt.args, &stdout, &stderr); got != tt.status {
			t.Errorf("supplysim %v: status %d, want %d (stderr %q)", tt.args, got, tt.status, stderr.String())
		}
		if !strings.Contains(stdout.String(), tt.wantStdout) || !strings.Contains(stderr.String(), tt.wantStderr) {
			t.Errorf("supplysim %v: stdout %q, stderr %q; want them to contain %q and %q",
				tt.args, stdout.String(), stderr.String(), tt.wantStdout, tt.wantStderr)
		}
	}
}
