// Command build is yiyue's one entry point for developers:
//
//	go run ./build          build dist/ and print its size table
//	go run ./build serve    build, then serve the example portal on http://127.0.0.1:8080
//	go run ./build test     install what is missing, build, run every test
//	go run ./build bench    run the benchmarks against the named peers
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"

	"github.com/yiyue-a11y/yiyue/build/dist"
	"github.com/yiyue-a11y/yiyue/build/server"
)

func main() {
	root, err := dist.Root()
	if err != nil {
		fail(err)
	}
	cmd := "build"
	args := os.Args[1:]
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "build":
		_, err = buildDist(root)
	case "serve":
		err = serve(root, args)
	case "test":
		err = test(root, args)
	case "bench":
		err = bench(root, args)
	default:
		err = fmt.Errorf("unknown command %q; use build, serve, test or bench", cmd)
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "build:", err)
	os.Exit(1)
}

func buildDist(root string) (*dist.Manifest, error) {
	m, err := dist.Build(dist.Options{
		Root:  root,
		Out:   filepath.Join(root, "dist"),
		Cache: filepath.Join(root, "build", ".cache", "compress"),
		Dicts: dist.OpenCCDicts(root, os.Stderr),
		Log:   os.Stderr,
	})
	if err != nil {
		return nil, err
	}
	dist.PrintTable(os.Stdout, m)
	fmt.Printf("\nscript tag: <script src=\".../%s\" defer blocking=\"render\" integrity=\"%s\" crossorigin=\"anonymous\"></script>\n", m.Loader, m.Integrity)
	return m, nil
}

func serve(root string, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	fs.Parse(args)
	if _, err := buildDist(root); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	h := server.New(server.Options{
		Dist:     filepath.Join(root, "dist"),
		Examples: filepath.Join(root, "examples", "portal"),
		TTS:      ttsHandler(os.Stderr),
	})
	fmt.Printf("serving the example portal on http://%s/report.html\n", ln.Addr())
	return http.Serve(ln, h)
}
