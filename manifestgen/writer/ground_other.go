//go:build !unix

package writer

// writable cannot be asked of the OS here; a parent that is not writable
// fails the staging dir's creation, after the fetching.
func writable(string) error { return nil }

// mountPoint: mounted folders are rare outside Unix and not detected here;
// the publish then fails with the OS's error.
func mountPoint(dir, parent string) (bool, error) { return false, nil }
