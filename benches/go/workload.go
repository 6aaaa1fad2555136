// The workloads, each as its items, its work and how a result names its item. The Rust
// side sends what each costs (durations, which items are heavy) in every request, from
// the harness's own definitions, so that the two languages run the same work.

package main

import (
	"fmt"
	"time"
)

// workSpec is a workload as a request states it.
type workSpec struct {
	// Kind is noop, seed, spin, sleep or uneven.
	Kind string `json:"kind"`
	// Nanos is a spin's or a sleep's length per item.
	Nanos int64 `json:"nanos,omitempty"`
	// LightNanos and HeavyNanos are an uneven workload's two spin lengths.
	LightNanos int64 `json:"light_nanos,omitempty"`
	HeavyNanos int64 `json:"heavy_nanos,omitempty"`
	// Heavy says which items are heavy: "hashed-tenth" (skewed) or "period" (skewed-rare).
	Heavy string `json:"heavy,omitempty"`
	// Period is where "period" puts heavy items: at every multiple of it.
	Period uint64 `json:"period,omitempty"`
}

// kind is one workload's types and functions, so that a run is written once over it.
type kind[I, R any] struct {
	item func(id uint64) I
	work func(worker int, item I) R
	id   func(result R) uint64
}

// WorkItem and Result are the seed's types.
type WorkItem struct {
	ID   int
	Data string
}

// Result is the seed's result type.
type Result struct {
	OriginalID int
	Processed  string
	WorkerID   int
}

// process is the seed's worker body without its sleep, as the harness's "seed" workload.
func process(job WorkItem, worker int) Result {
	return Result{
		OriginalID: job.ID,
		Processed:  fmt.Sprintf("processed-%s-by-worker-%d", job.Data, worker),
		WorkerID:   worker,
	}
}

// spun is a spin item's result: its number and the spin's value, so the loop is used.
type spun struct {
	id    uint64
	value uint64
}

func identity(id uint64) uint64 { return id }

func spunID(result spun) uint64 { return result.id }

// The longest item a request may ask for, as the harness's workloads allow.
const longestItem = time.Second

// checkedDuration is nanos as a duration, or an error naming field if it is not from
// 1 ns to 1 s.
func checkedDuration(field string, nanos int64) (time.Duration, error) {
	d := time.Duration(nanos)
	if d <= 0 || d > longestItem {
		return 0, fmt.Errorf("%s must be from 1 ns to 1 s, got %d ns", field, nanos)
	}
	return d, nil
}

// isHeavyHashed is the skewed workload's choice of heavy items, the harness's
// Skewed::is_heavy: a fixed hash of the item's number, a tenth of them heavy.
func isHeavyHashed(item uint64) bool {
	hash := item + 0x9E3779B97F4A7C15
	hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9
	hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EB
	return (hash^(hash>>31))%10 == 0
}

// heavyRule is the spec's choice of heavy items, or an error saying what is accepted.
func (spec workSpec) heavyRule() (func(uint64) bool, error) {
	switch spec.Heavy {
	case "hashed-tenth":
		return isHeavyHashed, nil
	case "period":
		if spec.Period == 0 {
			return nil, fmt.Errorf("heavy \"period\" needs a period of 1 or more")
		}
		period := spec.Period
		return func(item uint64) bool { return item%period == 0 }, nil
	default:
		return nil, fmt.Errorf("unknown heavy rule %q: expected hashed-tenth or period", spec.Heavy)
	}
}
