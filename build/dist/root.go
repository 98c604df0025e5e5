package dist

import (
	"errors"
	"os"
	"path/filepath"
)

// Root finds the repository root, the folder holding go.mod, from the
// working directory up.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("no go.mod above the working directory; run from the yiyue checkout")
		}
		dir = up
	}
}
