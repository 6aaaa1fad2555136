// One measured run: a request checked, its items made, the topology timed from its
// first item to its last result, and every result checked off in a ledger.

package main

import (
	"fmt"
	"time"
)

// request is one run the Rust benches ask for.
type request struct {
	// Topology is "seed" (the seed's RunFan), "pool" or "static-split".
	Topology string   `json:"topology"`
	Workers  int      `json:"workers"`
	Capacity int      `json:"capacity"`
	Items    int      `json:"items"`
	Work     workSpec `json:"work"`
}

// reply is what a run measured, or why it has no figure: a run that lost or doubled an
// item reports that as its Failure, and a request that cannot be run says why in Error.
type reply struct {
	ElapsedNanos int64             `json:"elapsed_nanos"`
	PerWorker    []uint64          `json:"per_worker"`
	Failure      *lostOrDuplicated `json:"failure,omitempty"`
	Error        string            `json:"error,omitempty"`
}

// The bounds a request may ask for, those of the fanout command line.
const (
	mostWorkers  = 4096
	mostCapacity = 1 << 20
	mostItems    = 10_000_000
)

// check says what is wrong with the request's shape, naming what is accepted.
func (r request) check() error {
	switch r.Topology {
	case "seed", "pool", "static-split":
	default:
		return fmt.Errorf("unknown topology %q: expected seed, pool or static-split", r.Topology)
	}
	if r.Workers < 1 || r.Workers > mostWorkers {
		return fmt.Errorf("workers must be from 1 to %d, got %d", mostWorkers, r.Workers)
	}
	if r.Capacity < 0 || r.Capacity > mostCapacity {
		return fmt.Errorf("capacity must be from 0 to %d, got %d", mostCapacity, r.Capacity)
	}
	if r.Items < 0 || r.Items > mostItems {
		return fmt.Errorf("items must be from 0 to %d, got %d", mostItems, r.Items)
	}
	return nil
}

// run runs the request once on its workload.
func run(r request) reply {
	if err := r.check(); err != nil {
		return reply{Error: err.Error()}
	}
	spec := r.Work
	switch spec.Kind {
	case "noop":
		return measure(r, kind[uint64, uint64]{
			item: identity,
			work: func(_ int, item uint64) uint64 { return item },
			id:   identity,
		})
	case "seed":
		return measure(r, kind[WorkItem, Result]{
			// The seed numbers its items from 1.
			item: func(id uint64) WorkItem {
				return WorkItem{ID: int(id) + 1, Data: fmt.Sprintf("item-%d", id+1)}
			},
			work: func(worker int, job WorkItem) Result { return process(job, worker) },
			id:   func(result Result) uint64 { return uint64(result.OriginalID - 1) },
		})
	case "spin":
		d, err := checkedDuration("nanos", spec.Nanos)
		if err != nil {
			return reply{Error: err.Error()}
		}
		iterations := spinIterations(d)
		return measure(r, kind[uint64, spun]{
			item: identity,
			work: func(_ int, item uint64) spun { return spun{item, spin(iterations, item)} },
			id:   spunID,
		})
	case "sleep":
		d, err := checkedDuration("nanos", spec.Nanos)
		if err != nil {
			return reply{Error: err.Error()}
		}
		return measure(r, kind[uint64, uint64]{
			item: identity,
			work: func(_ int, item uint64) uint64 { time.Sleep(d); return item },
			id:   identity,
		})
	case "uneven":
		light, err := checkedDuration("light_nanos", spec.LightNanos)
		if err != nil {
			return reply{Error: err.Error()}
		}
		heavy, err := checkedDuration("heavy_nanos", spec.HeavyNanos)
		if err != nil {
			return reply{Error: err.Error()}
		}
		isHeavy, err := spec.heavyRule()
		if err != nil {
			return reply{Error: err.Error()}
		}
		lightIterations, heavyIterations := spinIterations(light), spinIterations(heavy)
		return measure(r, kind[uint64, spun]{
			item: identity,
			work: func(_ int, item uint64) spun {
				iterations := lightIterations
				if isHeavy(item) {
					iterations = heavyIterations
				}
				return spun{item, spin(iterations, item)}
			},
			id: spunID,
		})
	default:
		return reply{Error: fmt.Sprintf(
			"unknown work kind %q: expected noop, seed, spin, sleep or uneven", spec.Kind)}
	}
}

// workerCount is one worker's item count, alone on its cache line so that counting
// does not make the workers share one.
type workerCount struct {
	n uint64
	_ [56]byte
}

// measure times one run of r's topology over k's items. The items are made before the
// clock starts, as the harness makes them; each worker counts the items it took.
func measure[I, R any](r request, k kind[I, R]) reply {
	items := make([]I, r.Items)
	for index := range items {
		items[index] = k.item(uint64(index))
	}
	counts := make([]workerCount, r.Workers)
	work := func(worker int, item I) R {
		counts[worker-1].n++
		return k.work(worker, item)
	}
	ledger := newLedger(r.Items)
	consume := func(result R) { ledger.record(k.id(result)) }

	started := time.Now()
	switch r.Topology {
	case "seed":
		seedFan(items, r.Workers, r.Capacity, work, consume)
	case "pool":
		pool(items, r.Workers, r.Capacity, work, consume)
	case "static-split":
		staticSplit(items, r.Workers, r.Capacity, work, consume)
	}
	elapsed := time.Since(started)

	perWorker := make([]uint64, r.Workers)
	for index := range counts {
		perWorker[index] = counts[index].n
	}
	return reply{
		ElapsedNanos: elapsed.Nanoseconds(),
		PerWorker:    perWorker,
		Failure:      ledger.settle(),
	}
}
