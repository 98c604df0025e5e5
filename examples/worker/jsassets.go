//go:build js && wasm

package main

import (
	"errors"
	"io"
	"io/fs"
	"strconv"
	"syscall/js"
	"time"

	"github.com/yiyue-a11y/yiyue/examples/worker/edge"
)

// assetsFS reads dist's files through the Worker's ASSETS binding (the
// [assets] folder in wrangler.toml). Which files exist comes from the
// embedded manifest, so telling a dist path from a page to proxy costs no
// request; a file's bytes are fetched when it is read.
type assetsFS struct {
	binding js.Value
	names   map[string]bool
}

func newAssetsFS(binding js.Value, manifest []byte) *assetsFS {
	a := &assetsFS{binding: binding, names: map[string]bool{"manifest.json": true}}
	if m, err := edge.ParseManifest(manifest); err == nil { // a bad one fails edge.New
		for _, name := range m.Files {
			a.names[name] = true
		}
	}
	return a
}

// ReadFile implements fs.ReadFileFS.
func (a *assetsFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	res, err := await(a.binding.Call("fetch", "https://assets.invalid/"+name))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	switch st := res.Get("status").Int(); {
	case st == 404:
		res.Get("body").Call("cancel")
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	case st != 200:
		res.Get("body").Call("cancel")
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("ASSETS answered " + strconv.Itoa(st))}
	}
	return bytesOf(res)
}

// Stat implements fs.StatFS from the manifest alone.
func (a *assetsFS) Stat(name string) (fs.FileInfo, error) {
	if !a.names[name] {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return info{name: name}, nil
}

// Open implements fs.FS.
func (a *assetsFS) Open(name string) (fs.File, error) {
	b, err := a.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return &file{info: info{name: name, size: int64(len(b))}, data: b}, nil
}

type info struct {
	name string
	size int64
}

func (i info) Name() string       { return i.name }
func (i info) Size() int64        { return i.size }
func (i info) Mode() fs.FileMode  { return 0o444 }
func (i info) ModTime() time.Time { return time.Time{} }
func (i info) IsDir() bool        { return false }
func (i info) Sys() any           { return nil }

type file struct {
	info
	data []byte
	off  int
}

func (f *file) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *file) Close() error               { return nil }
func (f *file) Read(p []byte) (int, error) {
	if f.off >= len(f.data) {
		return 0, io.EOF
	}
	n := copy(p, f.data[f.off:])
	f.off += n
	return n, nil
}
