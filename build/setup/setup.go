// Package setup installs what yiyue's build and tests need on a fresh
// Debian machine: Debian packages with apt-get when running as root, npm
// packages into the repository's own build/node_modules, Go modules as the
// go command does.
package setup

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// Chromium is the browser binary the tests drive; Debian's /usr/bin/chromium
// is a shell wrapper that misbehaves under some drivers.
const Chromium = "/usr/lib/chromium/chromium"

// Debian lists what the tests need from Debian, with a file that shows each
// package is installed.
var Debian = []struct{ Package, Proof string }{
	{"chromium", Chromium},
	{"fonts-noto-cjk", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"},
	{"espeak-ng", "/usr/bin/espeak-ng"},
	{"lame", "/usr/bin/lame"},
	{"nodejs", "/usr/bin/node"},
	{"npm", "/usr/bin/npm"},
}

// Ensure installs what is missing. As root it runs apt-get; otherwise it
// returns an error giving the exact command to run.
func Ensure(root string, log io.Writer) error {
	var missing []string
	for _, d := range Debian {
		if _, err := os.Stat(d.Proof); err != nil {
			if d.Package == "npm" || d.Package == "nodejs" {
				if _, err := exec.LookPath(filepath.Base(d.Proof)); err == nil {
					continue
				}
			}
			missing = append(missing, d.Package)
		}
	}
	if len(missing) > 0 {
		args := append([]string{"install", "-y", "--no-install-recommends"}, missing...)
		if os.Geteuid() != 0 {
			return fmt.Errorf("setup: missing Debian packages; run: sudo apt-get update && sudo apt-get %s", join(args))
		}
		fmt.Fprintf(log, "setup: installing %s\n", join(missing))
		if err := run(log, "", nil, "apt-get", "update", "-q"); err != nil {
			return fmt.Errorf("setup: apt-get update: %w", err)
		}
		env := []string{"DEBIAN_FRONTEND=noninteractive"}
		if err := run(log, "", env, "apt-get", append(args, "-q")...); err != nil {
			return fmt.Errorf("setup: apt-get install: %w", err)
		}
	}
	return npm(root, log)
}

// npm installs build/package.json's pinned packages into build/node_modules
// when the lock file changed since the last install.
func npm(root string, log io.Writer) error {
	dir := filepath.Join(root, "build")
	lock, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		return fmt.Errorf("setup: %w", err)
	}
	stamp := filepath.Join(dir, "node_modules", ".yiyue-lock")
	if old, err := os.ReadFile(stamp); err == nil && bytes.Equal(old, lock) {
		return nil
	}
	fmt.Fprintln(log, "setup: npm ci in build/")
	env := []string{"npm_config_fund=false", "npm_config_audit=false", "npm_config_update_notifier=false"}
	if err := run(log, dir, env, "npm", "ci", "--no-progress"); err != nil {
		return fmt.Errorf("setup: npm ci: %w", err)
	}
	return os.WriteFile(stamp, lock, 0o644)
}

func run(log io.Writer, dir string, env []string, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout = log
	cmd.Stderr = log
	return cmd.Run()
}

func join(ss []string) string {
	var b bytes.Buffer
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	return b.String()
}
