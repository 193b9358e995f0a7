package huggingface

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Size classes of SizeClass, as used by config.Match.Size.
const (
	SizeSmall  = "small"  // fewer than 7B parameters
	SizeMedium = "medium" // 7B to 13B inclusive
	SizeLarge  = "large"  // more than 13B
)

// SizeClass returns the size class of a parameter count, or "" when
// params <= 0 (unknown).
func SizeClass(params int64) string {
	switch {
	case params <= 0:
		return ""
	case params < 7e9:
		return SizeSmall
	case params <= 13e9:
		return SizeMedium
	}
	return SizeLarge
}

// maxParams bounds estimates; larger numbers are not model sizes.
const maxParams = 1e14

// sizeRE finds "<n>B", "<n>M" or "<experts>x<n>B" as a whole dash-, dot- or
// underscore-separated part of a name: not preceded by a letter, digit or
// dot, not followed by a letter or digit.
var sizeRE = regexp.MustCompile(`(?i)(?:^|[^a-z0-9.])(?:([0-9]{1,4})x)?([0-9]{1,6}(?:\.[0-9]{1,4})?)([bm])(?:$|[^a-z0-9])`)

// ParamsFromID estimates a parameter count from a repo id's name part (the
// org is ignored): "Qwen2.5-7B-Instruct" gives 7e9, "TinyLlama-1.1B" 1.1e9,
// "Mixtral-8x7B" 56e9, "pythia-500m" 5e8. The first size-like part wins;
// versions ("v2", "1.5"), dates and "4bit" or "1b5" do not count.
func ParamsFromID(id string) (int64, bool) {
	name := id[strings.LastIndexByte(id, '/')+1:]
	m := sizeRE.FindStringSubmatch(name)
	if m == nil {
		return 0, false
	}
	n, err := strconv.ParseFloat(m[2], 64)
	if err != nil {
		return 0, false
	}
	if m[1] != "" {
		experts, err := strconv.Atoi(m[1])
		if err != nil {
			return 0, false
		}
		n *= float64(experts)
	}
	if m[3] == "b" || m[3] == "B" {
		n *= 1e9
	} else {
		n *= 1e6
	}
	n = math.Round(n)
	if !(n >= 1 && n <= maxParams) {
		return 0, false
	}
	return int64(n), true
}
