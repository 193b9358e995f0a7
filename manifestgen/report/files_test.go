package report

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestWriteFiles(t *testing.T) {
	var rec Recorder
	rep := rec.Report(sampleRun(&rec))
	dir := filepath.Join(t.TempDir(), "out", "report")
	for range 2 { // creates dir, then replaces the files
		if err := WriteFiles(dir, rep); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !reflect.DeepEqual(names, []string{HTMLFile, JSONFile}) {
		t.Errorf("dir holds %v, want only the two reports", names)
	}
	data, err := os.ReadFile(filepath.Join(dir, JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(data, &back); err != nil || !reflect.DeepEqual(&back, rep) {
		t.Errorf("report.json does not hold the report (err %v)", err)
	}
	html, err := os.ReadFile(filepath.Join(dir, HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	parseXML(t, html)
	if fi, err := os.Stat(filepath.Join(dir, HTMLFile)); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("report.html mode = %v (%v), want 0644", fi.Mode(), err)
	}
}

func TestWriteFilesErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var rec Recorder
	if err := WriteFiles(filepath.Join(file, "sub"), rec.Report(Meta{})); err == nil {
		t.Error("WriteFiles under a regular file succeeded")
	}
}
