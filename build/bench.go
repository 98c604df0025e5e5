package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/yiyue-a11y/yiyue/build/setup"
)

// bench installs what is missing (as test does), builds dist and runs the
// benchmarks, which print yiyue's figures beside the named peers' in one
// run.
func bench(root string, args []string) error {
	if err := setup.Ensure(root, os.Stderr); err != nil {
		return err
	}
	if _, err := buildDist(root); err != nil {
		return err
	}
	// -p 1: one package at a time, so that no benchmark's figures include
	// another's browser or servers competing for the CPU.
	goArgs := append([]string{"test", "-p=1", "-run=^$", "-bench=.", "-benchtime=1x", "-count=1"}, args...)
	if len(args) == 0 {
		goArgs = append(goArgs, "./...")
	}
	cmd := exec.Command("go", goArgs...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "YIYUE_DIST="+filepath.Join(root, "dist"))
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return nil
}
