//go:build linux

package writer

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// procStart returns the start time of process pid in clock ticks since boot
// (field 22 of /proc/<pid>/stat), or an error when there is no such process
// or it is a zombie.
func procStart(pid int) (string, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "", err
	}
	// The command name (field 2) is in parentheses and may hold anything,
	// parentheses and spaces included: the fields after it follow the last
	// ')'. They start with field 3, the state.
	i := strings.LastIndexByte(string(data), ')')
	if i < 0 {
		return "", fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	fields := strings.Fields(string(data[i+1:]))
	if len(fields) < 20 {
		return "", fmt.Errorf("/proc/%d/stat: %d fields after the name", pid, len(fields))
	}
	if state := fields[0]; state == "Z" || state == "X" {
		return "", errors.New("process is a zombie")
	}
	return fields[19], nil
}
