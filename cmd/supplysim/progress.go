package main

import (
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows a batch's progress with rate and ETA on stderr, only when
// stderr is a terminal and not --quiet; otherwise it does nothing, so logs
// and CI output stay clean.
type progress struct{ bar *progressbar.ProgressBar }

func newProgress(stderr io.Writer, total uint64, quiet bool) *progress {
	f, ok := stderr.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions64(int64(total),
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription("replications"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("rep"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish())}
}

// add counts one finished replication.
func (p *progress) add() {
	if p.bar != nil {
		p.bar.Add64(1)
	}
}

// done removes the bar from the terminal.
func (p *progress) done() {
	if p.bar != nil {
		p.bar.Finish()
		p.bar.Clear()
	}
}
