//go:build linux

package report

import (
	"bytes"
	"context"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// chromiumPath is where Debian's chromium package installs the browser.
const chromiumPath = "/usr/bin/chromium"

// envScreenshot names a file the browser test copies its screenshot of the
// sample report to, for people to look at.
const envScreenshot = "REPORT_SCREENSHOT"

// chromium runs headless chromium with args after the common flags, bounded
// by a minute. The browser runs in its own process group, killed whole when
// it is done or the time is up.
func chromium(t *testing.T, dir string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + filepath.Join(dir, "profile"),
	}
	cmd := exec.CommandContext(ctx, chromiumPath, append(base, args...)...)
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	began := time.Now()
	err := cmd.Run()
	t.Logf("chromium %s: %v", args[0], time.Since(began).Round(time.Millisecond))
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // helpers left behind, if any
	}
	if ctx.Err() != nil {
		t.Fatalf("chromium timed out: %v\nstderr: %s", ctx.Err(), tail(stderr.String()))
	}
	if err != nil {
		t.Fatalf("chromium: %v\nstderr: %s", err, tail(stderr.String()))
	}
}

// tail returns the last lines of s.
func tail(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(len(lines)-15, 0):], "\n")
}

// TestBrowserRendersTimeline renders the sample report in headless chromium
// and checks the screenshot shows the timeline: request bars in the outcome
// colours and the rate line. It needs Debian's chromium package; it is
// skipped without it, except in CI (CI=true), where it fails.
func TestBrowserRendersTimeline(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing (apt-get install chromium): %v", chromiumPath, err)
		}
		t.Skipf("%s not found: install Debian's chromium package to run this test (it is required when CI=true)", chromiumPath)
	}
	dir := t.TempDir()
	var rec Recorder
	rep := rec.Report(sampleRun(&rec))
	if err := WriteFiles(dir, rep); err != nil {
		t.Fatal(err)
	}
	page := "file://" + filepath.Join(dir, HTMLFile)
	shot := filepath.Join(dir, "shot.png")

	chromium(t, dir, "--screenshot="+shot, "--window-size=1400,900", page)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1400 || b.Dy() != 900 {
		t.Fatalf("screenshot is %v, want 1400x900", b)
	}

	// The timeline sits right of the host names, below the header.
	region := image.Rect(200, 90, 1380, 700)
	rgba := image.NewRGBA(region)
	draw.Draw(rgba, region, img, region.Min, draw.Src)
	want := []struct {
		name    string
		r, g, b int
	}{ // CSS colours of report.html.tmpl
		{"2xx", 0x3a, 0x9e, 0x4f}, {"429", 0xf0, 0xa2, 0x02}, {"rate line", 0x1f, 0x5f, 0xbf},
	}
	found := make([]int, len(want))
	nonWhite := 0
	for i := 0; i+3 < len(rgba.Pix); i += 4 {
		r, g, b := int(rgba.Pix[i]), int(rgba.Pix[i+1]), int(rgba.Pix[i+2])
		if r < 240 || g < 240 || b < 240 {
			nonWhite++
		}
		for j, c := range want {
			if near(r, c.r) && near(g, c.g) && near(b, c.b) {
				found[j]++
			}
		}
	}
	if total := region.Dx() * region.Dy(); nonWhite < total/10 {
		t.Errorf("timeline region is nearly blank: %d of %d pixels not white", nonWhite, total)
	}
	for j, c := range want {
		if found[j] < 50 {
			t.Errorf("%d pixels of the %s colour in the timeline, want >= 50", found[j], c.name)
		}
	}
	if p := os.Getenv(envScreenshot); p != "" {
		data, err := os.ReadFile(shot)
		if err == nil {
			err = os.WriteFile(p, data, 0o644)
		}
		if err != nil {
			t.Errorf("copy screenshot: %v", err)
		}
	}

}

// near reports whether two colour channels are within rendering tolerance.
func near(a, b int) bool { return a-b <= 12 && b-a <= 12 }
