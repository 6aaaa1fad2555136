// The "demo" command: the seed's RunFan with its simulated work, printing the seed's
// own lines, framed by the same header and footer as "fanout demo" so that the Go and
// Rust outputs can be set side by side.

package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// demoSettings are the demo's flags.
type demoSettings struct {
	items       int
	workers     int
	randomState uint64
	timeScale   float64
}

// parseDemo reads the demo's flags, refusing values out of the ranges "fanout demo"
// accepts.
func parseDemo(args []string) (demoSettings, error) {
	flags := flag.NewFlagSet("demo", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	items := flags.Int("items", 20, "how many work items (0 to 1000000)")
	workers := flags.Int("workers", 4, "how many workers (1 to 4096)")
	// Go 1.19's global source starts from the same seed in every process: a fresh one
	// draws a different state each run, as the Rust demo does.
	drawn := rand.New(rand.NewSource(time.Now().UnixNano())).Uint64()
	randomState := flags.Uint64("random-state", drawn, "replays the same simulated work times")
	timeScale := flags.Float64("time-scale", 0.1, "factor on the seed's 100-300 ms per item (0 to 100)")
	if err := flags.Parse(args); err != nil {
		return demoSettings{}, err
	}
	if flags.NArg() > 0 {
		return demoSettings{}, fmt.Errorf("unexpected argument %q", flags.Arg(0))
	}
	if *items < 0 || *items > 1_000_000 {
		return demoSettings{}, fmt.Errorf("-items must be from 0 to 1000000, got %d", *items)
	}
	if *workers < 1 || *workers > mostWorkers {
		return demoSettings{}, fmt.Errorf("-workers must be from 1 to %d, got %d", mostWorkers, *workers)
	}
	if !(*timeScale >= 0 && *timeScale <= 100) {
		return demoSettings{}, fmt.Errorf("-time-scale must be from 0 to 100, got %v", *timeScale)
	}
	return demoSettings{*items, *workers, *randomState, *timeScale}, nil
}

// processingTime is the seed's simulated work for one item, rand.Intn(200)+100 ms,
// scaled, drawn from the random state and the item's id so that a run is reproducible
// whichever worker takes which item.
func (s demoSettings) processingTime(id int) time.Duration {
	state := s.randomState ^ uint64(id)*0x9E3779B97F4A7C15
	millis := rand.New(rand.NewSource(int64(state))).Intn(200) + 100
	return time.Duration(float64(time.Duration(millis)*time.Millisecond) * s.timeScale)
}

// runDemo runs the seed's RunFan on its unbuffered channels and prints its lines to out,
// one whole line at a time, whichever goroutine prints it. A reader that goes away
// ("fanout demo --go | head") ends the printing, not the run, as in the Rust demo.
func runDemo(s demoSettings, out io.Writer) {
	signal.Ignore(syscall.SIGPIPE)
	var lock sync.Mutex
	say := func(format string, args ...interface{}) {
		lock.Lock()
		defer lock.Unlock()
		fmt.Fprintf(out, format, args...)
	}
	say("== go-seed: %d items, %d workers, capacity 0, random state %d, time scale %v ==\n",
		s.items, s.workers, s.randomState, s.timeScale)
	items := make([]WorkItem, s.items)
	for index := range items {
		items[index] = WorkItem{ID: index + 1, Data: fmt.Sprintf("item-%d", index+1)}
	}
	work := func(id int, job WorkItem) Result {
		time.Sleep(s.processingTime(job.ID))
		result := process(job, id)
		say("Worker %d processed item %d\n", id, job.ID)
		return result
	}
	started := time.Now()
	received := 0
	seedFan(items, s.workers, 0, work, func(result Result) {
		say("Processed: Item %d -> %s (by Worker %d)\n",
			result.OriginalID, result.Processed, result.WorkerID)
		received++
	})
	say("%d results in %.0f ms\n\n", received, float64(time.Since(started).Microseconds())/1e3)
}
