//go:build !unix

package httpcache

import "os"

// openFlags: systems other than Unix have no FIFOs or device files in a
// directory to block on; openEntry's Lstat and Stat checks still apply.
const openFlags = os.O_RDONLY
