package cputime

import (
	"runtime"
	"testing"
)

// TestGrows spins and requires the clocks to move forward where they can
// be read.
func TestGrows(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	p0 := Process()
	th0, ok := Thread()
	x := 0
	for i := range 50_000_000 {
		x += i ^ x>>3
	}
	runtime.KeepAlive(x)
	if p0 >= 0 && Process() <= p0 {
		t.Errorf("process CPU did not grow from %v", p0)
	}
	if th1, ok1 := Thread(); ok && ok1 && th1 <= th0 {
		t.Errorf("thread CPU did not grow from %v", th0)
	}
}
