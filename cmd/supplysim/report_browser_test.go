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
	browser := chromium(t)
	dir, err := filepath.Abs(filepath.Join("..", "..", "results", "out", "report-check"))
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(dir)
	mainOK(t, "run", "chip-crisis", "--runs", "200", "--out", dir)
	inChromium(t, browser, dir, 8)
}

// A sweep's report renders in Chromium as the run's does: the small grid
// of the sweep tests (its heat map) and a Sobol design (its tornadoes).
func TestSweepReport_RendersInChromium(t *testing.T) {
	browser := chromium(t)
	tmp := t.TempDir()
	grid, sobol := filepath.Join(tmp, "grid.toml"), filepath.Join(tmp, "sobol.toml")
	os.WriteFile(grid, []byte(testDesign), 0o644)
	os.WriteFile(sobol, []byte(strings.NewReplacer(`kind = "grid"`, "kind = \"sobol\"\npoints = 4\nequalize = \"none\"", "runs = 12", "runs = 4",
		`levels = ["1d", "7d"]`, "min = \"1d\"\nmax = \"7d\"", `levels = [0.8, 1.2]`, "min = 0.8\nmax = 1.2").Replace(testDesign)), 0o644)
	for _, c := range []struct {
		design  string
		figures int
	}{{grid, 1}, {sobol, 3}} {
		dir := filepath.Join(tmp, filepath.Base(c.design)+"-out")
		mainOK(t, "sweep", c.design, "--out", dir, "--quiet")
		inChromium(t, browser, dir, c.figures)
	}
}

// chromium returns the browser the report tests use, or skips.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("SUPPLYSIM_REQUIRE_BROWSER") == "1" {
		t.Fatal("no Chromium found (install Debian's chromium)")
	}
	t.Skip("no Chromium installed")
	return ""
}

// inChromium opens dir/report.html in headless Chromium: no script or
// console error, at least minFigures figures, every one laid out at a
// readable size with its drawing inside; a screenshot goes to
// dir/report.png.
func inChromium(t *testing.T, browser, dir string, minFigures int) {
	t.Helper()
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
	if len(boxes) != len(figures) || len(boxes) < minFigures {
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
