package dist

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

// compress returns the gzip and brotli encodings of data at their best
// levels. Brotli's best level is slow for the WASM, so results are kept in
// cache by content hash.
func compress(cache string, data []byte) (gz, br []byte, err error) {
	sum := sha256.Sum256(data)
	key := hex.EncodeToString(sum[:])
	if cache != "" {
		g, err1 := os.ReadFile(filepath.Join(cache, key+".gz"))
		b, err2 := os.ReadFile(filepath.Join(cache, key+".br"))
		if err1 == nil && err2 == nil {
			return g, b, nil
		}
	}
	var gbuf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gbuf, gzip.BestCompression)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	var bbuf bytes.Buffer
	bw := brotli.NewWriterLevel(&bbuf, brotli.BestCompression)
	bw.Write(data)
	if err := bw.Close(); err != nil {
		return nil, nil, err
	}
	if cache != "" && os.MkdirAll(cache, 0o755) == nil {
		os.WriteFile(filepath.Join(cache, key+".gz"), gbuf.Bytes(), 0o644)
		os.WriteFile(filepath.Join(cache, key+".br"), bbuf.Bytes(), 0o644)
	}
	return gbuf.Bytes(), bbuf.Bytes(), nil
}
