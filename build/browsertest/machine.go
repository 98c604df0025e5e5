package browsertest

import (
	"fmt"
	"os"
	"runtime"
	"strings"
)

// LoadAvg says how busy the machine was (the one-minute load average and
// the CPUs), for a benchmark to print beside its figures: on 2 CPUs every
// timing depends on it; and the browser's extra switches, if any
// ($YIYUE_CHROMIUM_FLAGS), on which they depend too.
func LoadAvg() string {
	s := fmt.Sprintf("%d CPUs", runtime.NumCPU())
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		s = "load average " + strings.Fields(string(b))[0] + " on " + s
	}
	if f := os.Getenv("YIYUE_CHROMIUM_FLAGS"); f != "" {
		s = "Chromium run with " + f + "; " + s
	}
	return s
}
