// The "serve" command: one JSON request a line in, one JSON reply a line out, until the
// input ends. The Rust benches keep one such process per row and alternate its runs
// with their own, so Go and Rust see the same machine, round by round.

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

// serve answers every request line of in on out, flushing after each reply so the
// caller can time the next run at once. A line that is not a request is answered with
// an error reply, and serving goes on.
func serve(in io.Reader, out *bufio.Writer) error {
	// Calibrate before any run: calibrated inside a run, beside goroutines that keep the
	// other core busy, the loop read up to a third slow in some processes, so that their
	// spin items came out that much shorter than the Rust rows' (results/NOTES.md).
	spinIterations(0)
	scanner := bufio.NewScanner(in)
	encoder := json.NewEncoder(out)
	for scanner.Scan() {
		line := bytes.TrimSpace(scanner.Bytes())
		if len(line) == 0 {
			continue
		}
		if err := encoder.Encode(answer(line)); err != nil {
			return err
		}
		if err := out.Flush(); err != nil {
			return err
		}
	}
	return scanner.Err()
}

// answer is the reply to one request line.
func answer(line []byte) reply {
	decoder := json.NewDecoder(bytes.NewReader(line))
	decoder.DisallowUnknownFields()
	var r request
	if err := decoder.Decode(&r); err != nil {
		return reply{Error: "not a request (" + err.Error() + "): expected a JSON object with " +
			`topology, workers, capacity, items and work, e.g. {"topology":"seed","workers":2,` +
			`"capacity":0,"items":1000,"work":{"kind":"noop"}}`}
	}
	return run(r)
}
