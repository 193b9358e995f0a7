// Package ghactions speaks to GitHub Actions from inside a run: workflow
// commands (annotations and log groups, escaped so that a value can never
// end a command or start another) and the job summary file.
package ghactions

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// Environment variables set by the Actions runner.
const (
	ActionsEnv = "GITHUB_ACTIONS"      // "true" inside a workflow
	SummaryEnv = "GITHUB_STEP_SUMMARY" // the file a step appends its Markdown summary to
)

// Enabled reports whether the process runs inside GitHub Actions.
func Enabled(getenv func(string) string) bool { return getenv(ActionsEnv) == "true" }

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// EscapeData escapes the message of a workflow command: the result is one
// line, whatever s holds.
func EscapeData(s string) string { return dataEscaper.Replace(s) }

// EscapeProperty escapes a workflow command property value (title, file).
func EscapeProperty(s string) string { return propertyEscaper.Replace(s) }

// Annotation levels.
const (
	Warning = "warning"
	Error   = "error"
	Notice  = "notice"
)

// Annotate writes one annotation line: "::<level> title=<title>::<msg>".
func Annotate(w io.Writer, level, title, msg string) {
	fmt.Fprintf(w, "::%s title=%s::%s\n", level, EscapeProperty(title), EscapeData(msg))
}

// Group starts a collapsible log group named name; EndGroup ends it.
func Group(w io.Writer, name string) { fmt.Fprintf(w, "::group::%s\n", EscapeData(name)) }

// EndGroup ends the current log group.
func EndGroup(w io.Writer) { fmt.Fprintln(w, "::endgroup::") }

// AppendSummary appends markdown to the job summary file named by
// GITHUB_STEP_SUMMARY. It does nothing when the variable is unset.
func AppendSummary(getenv func(string) string, markdown []byte) error {
	path := getenv(SummaryEnv)
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("%s: %w", SummaryEnv, err)
	}
	if _, err := f.Write(markdown); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", SummaryEnv, err)
	}
	return f.Close()
}

var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "&", "&amp;",
	"|", `\|`, "#", `\#`, "!", `\!`, "~", `\~`, "\r", " ", "\n", " ",
)

// Markdown escapes s for inline Markdown (a table cell or a list item):
// no markup, no HTML, no line breaks.
func Markdown(s string) string { return markdownEscaper.Replace(s) }
