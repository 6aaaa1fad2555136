// The worker pool a Go programmer writes without the seed in front of them: the workers
// share the job channel and one result channel, closed once every worker is done. The
// seed's forwarding goroutines and per-worker channels are gone, which is what its
// claim "each worker has its own result channel, preventing blocking" is judged against.

package main

import "sync"

// pool runs work over items on numWorkers goroutines sharing one job and one result
// channel, and hands each result to consume on the calling goroutine.
func pool[I, R any](items []I, numWorkers, capacity int, work func(int, I) R, consume func(R)) {
	jobs := generate(items, capacity)
	results := make(chan R, capacity)
	var wg sync.WaitGroup
	wg.Add(numWorkers)
	for i := 0; i < numWorkers; i++ {
		go func(id int) {
			defer wg.Done()
			for job := range jobs {
				results <- work(id, job)
			}
		}(i + 1)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for result := range results {
		consume(result)
	}
}
