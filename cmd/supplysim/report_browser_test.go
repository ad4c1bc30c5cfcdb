package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The report renders in a real browser: headless Chromium opens it, no
// script error or console error appears, every figure is laid out at a
// readable size with its drawing inside, and a screenshot of the whole page
// is saved next to the report (results/out/report-check/report.png, a CI
// artifact). Without Chromium the test skips, unless
// SUPPLYSIM_REQUIRE_BROWSER=1 (as in .ci/run) makes that a failure.
func TestReport_RendersInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		if os.Getenv("SUPPLYSIM_REQUIRE_BROWSER") == "1" {
			t.Fatal("no Chromium found (install Debian's chromium)")
		}
		t.Skip("no Chromium installed")
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "results", "out", "report-check"))
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(dir)
	mainOK(t, "run", "chip-crisis", "--runs", "200", "--out", dir)
	figures, _ := filepath.Glob(filepath.Join(dir, "plots", "*.svg"))

	alloc, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900))...)
	defer cancel()
	var mu sync.Mutex
	var problems []string
	ctx, cancel := chromedp.NewContext(alloc, chromedp.WithListener(func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				problems = append(problems, fmt.Sprintf("console.%s: %v", ev.Type, ev.Args))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		}
	}))
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Navigate("file://"+filepath.Join(dir, "report.html"))); err != nil {
		t.Fatal(err)
	}
	type box struct {
		Width, Height float64
		Shapes        int
		Shown         bool
	}
	boxes, err := chromedp.Run(ctx, chromedp.Evaluate[[]box](`Array.from(document.querySelectorAll("figure svg")).map(s => {
		const r = s.getBoundingClientRect(), st = getComputedStyle(s);
		return {Width: r.width, Height: r.height, Shapes: s.querySelectorAll("path, line, polyline, polygon, rect, text").length,
			Shown: st.display !== "none" && st.visibility !== "hidden" && st.opacity !== "0"};
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if len(boxes) != len(figures) || len(boxes) < 8 {
		t.Fatalf("the page shows %d figures, the folder has %d plots", len(boxes), len(figures))
	}
	for i, b := range boxes {
		if !b.Shown || b.Width < 500 || b.Height < 250 || b.Shapes < 20 {
			t.Errorf("figure %d (%s) is not visible at a readable size: %+v", i+1, filepath.Base(figures[i]), b)
		}
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "report.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("the report logged errors in the browser:\n%s", strings.Join(problems, "\n"))
	}
}
