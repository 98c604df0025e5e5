package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/yiyue-a11y/yiyue/build/setup"
)

// test installs what is missing, builds dist, runs every Go test (the
// browser tests among them), then runs each fuzz target briefly.
func test(root string, args []string) error {
	fs := flag.NewFlagSet("test", flag.ExitOnError)
	fuzztime := fs.Duration("fuzztime", 3*time.Second, "how long each fuzz target runs (0 skips fuzzing)")
	run := fs.String("run", "", "only run tests matching this regexp")
	pkgs := fs.String("pkgs", "./...", "packages to test")
	fs.Parse(args)

	if err := setup.Ensure(root, os.Stderr); err != nil {
		return err
	}
	if _, err := buildDist(root); err != nil {
		return err
	}
	env := append(os.Environ(), "YIYUE_DIST="+filepath.Join(root, "dist"))
	goArgs := []string{"test", "-json", "-count=1", "-timeout=20m"}
	if *run != "" {
		goArgs = append(goArgs, "-run", *run)
	}
	goArgs = append(goArgs, strings.Fields(*pkgs)...)
	sum, err := goTest(root, env, goArgs)
	if err == nil && *fuzztime > 0 && *run == "" {
		err = fuzz(root, env, *fuzztime, &sum)
	}
	fmt.Printf("%d passed, %d failed, %d skipped\n", sum.passed, sum.failed, sum.skipped)
	if err != nil {
		return err
	}
	if sum.failed > 0 {
		return fmt.Errorf("%d tests failed", sum.failed)
	}
	if sum.passed == 0 {
		return fmt.Errorf("no test ran")
	}
	return nil
}

type summary struct{ passed, failed, skipped int }

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// goTest runs go test -json, printing each package's result, the output of
// failing tests, and the lines tests log as "report:" figures.
func goTest(root string, env, args []string) (summary, error) {
	var sum summary
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = env
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return sum, err
	}
	if err := cmd.Start(); err != nil {
		return sum, err
	}
	buf := map[string][]string{}
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			fmt.Println(sc.Text())
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output":
			if strings.Contains(e.Output, "report:") {
				fmt.Print(e.Output)
			}
			if e.Test == "" {
				if strings.HasPrefix(e.Output, "ok ") || strings.HasPrefix(e.Output, "FAIL") || strings.HasPrefix(e.Output, "---") || strings.Contains(e.Output, "[build failed]") || strings.Contains(e.Output, "panic:") {
					fmt.Print(e.Output)
				} else {
					buf[key] = append(buf[key], e.Output)
				}
			} else {
				buf[key] = append(buf[key], e.Output)
			}
		case "pass":
			if e.Test != "" {
				sum.passed++
			}
			delete(buf, key)
		case "skip":
			if e.Test != "" {
				sum.skipped++
			}
			delete(buf, key)
		case "fail":
			if e.Test != "" {
				sum.failed++
			}
			for _, l := range buf[key] {
				fmt.Print(l)
			}
			delete(buf, key)
		}
	}
	werr := cmd.Wait()
	if werr != nil && sum.failed == 0 {
		// A build failure or a crash fails no named test; show what is left.
		keys := make([]string, 0, len(buf))
		for k := range buf {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, l := range buf[k] {
				fmt.Print(l)
			}
		}
		return sum, fmt.Errorf("go test: %w", werr)
	}
	return sum, nil
}

var fuzzFunc = regexp.MustCompile(`(?m)^func (Fuzz\w+)\(`)

// fuzz runs every fuzz target for a short time; the committed seed corpora
// already ran as ordinary tests.
func fuzz(root string, env []string, d time.Duration, sum *summary) error {
	targets := map[string][]string{}
	err := filepath.WalkDir(root, func(p string, de os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if de.IsDir() && (de.Name() == "node_modules" || strings.HasPrefix(de.Name(), ".") && p != root || de.Name() == "dist") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range fuzzFunc.FindAllSubmatch(b, -1) {
			dir := "./" + filepath.ToSlash(mustRel(root, filepath.Dir(p)))
			targets[dir] = append(targets[dir], string(m[1]))
		}
		return nil
	})
	if err != nil {
		return err
	}
	dirs := make([]string, 0, len(targets))
	for d := range targets {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		for _, name := range targets[dir] {
			run := func() ([]byte, error) {
				cmd := exec.Command("go", "test", "-run=^$", "-fuzz=^"+name+"$", "-fuzztime="+d.String(), dir)
				cmd.Dir = root
				cmd.Env = env
				return cmd.CombinedOutput()
			}
			out, err := run()
			if err != nil && deadlineRace(out) {
				fmt.Printf("note: fuzz %s %s stopped on Go's fuzztime race (go.dev/issue/75804), no failing input; running it again\n", dir, name)
				out, err = run()
			}
			if err != nil {
				sum.failed++
				fmt.Printf("--- FAIL: fuzz %s %s\n%s", dir, name, out)
				continue
			}
			sum.passed++
			fmt.Printf("ok   fuzz %s %s (%s)\n", dir, name, d)
		}
	}
	return nil
}

// deadlineRace reports whether a fuzz run failed only on the race in Go's
// fuzz coordinator at the end of -fuzztime (go.dev/issue/75804, fixed in
// Go 1.27): "context deadline exceeded" as the whole failure, no failing
// input written, no panic. A real finding always writes its input.
func deadlineRace(out []byte) bool {
	return bytes.Contains(out, []byte("\n    context deadline exceeded\n")) &&
		!bytes.Contains(out, []byte("Failing input written")) && !bytes.Contains(out, []byte("panic:"))
}

func mustRel(root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil {
		return p
	}
	return r
}
