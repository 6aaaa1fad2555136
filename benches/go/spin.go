// The busy loop of the spin workloads and its calibration, the same loop and the same
// calibration as the Rust harness's (crates/fanout-harness/src/workload/spin.rs), so that
// spin-10us costs 10 us per item in Go as in Rust, each calibrated on its own compiler.

package main

import (
	"math"
	"sync"
	"time"
)

// spin runs iterations steps of xorshift64 from seed and returns the state: cheap,
// serially dependent, impossible to vectorise or skip, and returned so that it is used.
//
//go:noinline
func spin(iterations, seed uint64) uint64 {
	state := seed | 1
	for i := uint64(0); i < iterations; i++ {
		state ^= state << 13
		state ^= state >> 7
		state ^= state << 17
	}
	return state
}

var (
	calibration        sync.Once
	nanosPerIteration  float64
	calibrationRound   = uint64(200_000)
	calibrationRounds  = 7
	fastestCalibration = 0.01
	calibrationWarmUp  = 20 * time.Millisecond
)

// spinIterations is how many spin iterations take d on this machine, measured once per
// process as the harness does, after a warm-up of 20 ms: the fastest of seven rounds, since
// interruptions only ever make a round slower.
func spinIterations(d time.Duration) uint64 {
	calibration.Do(func() {
		// A warm-up long enough for the core to reach its working speed.
		sink := spin(calibrationRound, 1)
		for warm := time.Now(); time.Since(warm) < calibrationWarmUp; {
			sink ^= spin(calibrationRound, 1)
		}
		nanosPerIteration = math.Inf(1)
		for round := 0; round < calibrationRounds; round++ {
			started := time.Now()
			sink ^= spin(calibrationRound, uint64(round)+2)
			perIteration := float64(time.Since(started).Nanoseconds()) / float64(calibrationRound)
			nanosPerIteration = math.Min(nanosPerIteration, perIteration)
		}
		nanosPerIteration = math.Max(nanosPerIteration, fastestCalibration)
		spinSink = sink
	})
	return uint64(math.Round(float64(d.Nanoseconds()) / nanosPerIteration))
}

// spinSink keeps the calibration rounds' results alive.
var spinSink uint64
