// A static split, as the Rust harness's "static-split" row: the items dealt round robin
// to the workers in advance, no shared job channel. It is what the seed's claim of
// automatic load balancing is measured against, in Go as in Rust.

package main

import "sync"

// staticSplit deals item k to worker k%numWorkers+1, runs each worker's share on its own
// goroutine into one result channel, and hands each result to consume. capacity bounds
// the result channel, as in the other topologies.
func staticSplit[I, R any](items []I, numWorkers, capacity int, work func(int, I) R, consume func(R)) {
	shares := make([][]I, numWorkers)
	for index, item := range items {
		shares[index%numWorkers] = append(shares[index%numWorkers], item)
	}
	results := make(chan R, capacity)
	var wg sync.WaitGroup
	wg.Add(numWorkers)
	for i, share := range shares {
		go func(id int, share []I) {
			defer wg.Done()
			for _, item := range share {
				results <- work(id, item)
			}
		}(i+1, share)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for result := range results {
		consume(result)
	}
}
