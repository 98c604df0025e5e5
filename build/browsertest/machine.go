package browsertest

import (
	"fmt"
	"os"
	"runtime"
	"strings"
)

// LoadAvg says how busy the machine was (the one-minute load average and
// the CPUs), for a benchmark to print beside its figures: on 2 CPUs every
// timing depends on it.
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return fmt.Sprintf("%d CPUs", runtime.NumCPU())
	}
	f := strings.Fields(string(b))
	return fmt.Sprintf("load average %s on %d CPUs", f[0], runtime.NumCPU())
}
