package main

import "testing"

func TestDeadlineRace(t *testing.T) {
	for _, c := range []struct {
		name, out string
		want      bool
	}{
		{"race at the end of fuzztime", "fuzz: elapsed: 3s, execs: 35409 (11800/sec), new interesting: 0 (total: 221)\nfuzz: elapsed: 4s, execs: 35409 (0/sec), new interesting: 0 (total: 221)\n--- FAIL: FuzzParseRequest (4.02s)\n    context deadline exceeded\nFAIL\nexit status 1\n", true},
		{"a finding", "--- FAIL: FuzzParseRequest (0.51s)\n    --- FAIL: FuzzParseRequest (0.00s)\n        parse_test.go:40: bad\n\n    Failing input written to testdata/fuzz/FuzzParseRequest/0123\n    To re-run:\n    go test -run=FuzzParseRequest/0123\nFAIL\n", false},
		{"a panic after the deadline", "--- FAIL: FuzzX (3.1s)\n    context deadline exceeded\npanic: runtime error: index out of range\n", false},
		{"a timeout in the target", "--- FAIL: FuzzX (3.1s)\n    fuzz_test.go:12: context deadline exceeded after 2s\nFAIL\n", false},
	} {
		if got := deadlineRace([]byte(c.out)); got != c.want {
			t.Errorf("%s: deadlineRace = %v, want %v", c.name, got, c.want)
		}
	}
}
