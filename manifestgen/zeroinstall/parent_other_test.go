//go:build !linux

package zeroinstall

const roleEnv = "ZEROINSTALL_TEST_ROLE"

func parentRole() int { return 1 }
func watcherRole()    {}
