// The seed's RunFan topology, as seed/fan-out-fan-in.md writes it: one job channel all
// workers share, one result channel per worker closed together after a WaitGroup, and
// one forwarding goroutine per worker into one output channel. Two changes only: the
// item and result types and the work are parameters, so that every workload runs through
// this one code, and every channel is made with capacity "capacity" (the seed's are
// unbuffered: capacity 0), so that the benches can measure what buffering changes.

package main

import "sync"

// seedFan runs work over items the seed's way and hands each result to consume, on the
// calling goroutine, as RunFan's final loop does.
func seedFan[I, R any](items []I, numWorkers, capacity int, work func(int, I) R, consume func(R)) {
	jobs := generate(items, capacity)
	results := seedFanOut(jobs, numWorkers, capacity, work)
	for result := range seedFanIn(results, capacity) {
		consume(result)
	}
}

// generate is the seed's generateWorkItems: a goroutine sends the items into one
// channel and closes it.
func generate[I any](items []I, capacity int) <-chan I {
	jobs := make(chan I, capacity)
	go func() {
		for _, item := range items {
			jobs <- item
		}
		close(jobs)
	}()
	return jobs
}

// seedFanOut is the seed's fanOut.
func seedFanOut[I, R any](jobs <-chan I, numWorkers, capacity int, work func(int, I) R) []<-chan R {
	var workers []chan R
	var wg sync.WaitGroup

	for i := 0; i < numWorkers; i++ {
		workerResults := make(chan R, capacity)
		workers = append(workers, workerResults)

		wg.Add(1)
		go seedWorker(i+1, jobs, workerResults, &wg, work)
	}

	// Close worker result channels when all workers are done.
	go func() {
		wg.Wait()
		for _, workerChan := range workers {
			close(workerChan)
		}
	}()

	var resultChannels []<-chan R
	for _, ch := range workers {
		resultChannels = append(resultChannels, ch)
	}
	return resultChannels
}

// seedWorker is the seed's worker, its simulated processing replaced by work.
func seedWorker[I, R any](id int, jobs <-chan I, results chan<- R, wg *sync.WaitGroup, work func(int, I) R) {
	defer wg.Done()
	for job := range jobs {
		results <- work(id, job)
	}
}

// seedFanIn is the seed's fanIn.
func seedFanIn[R any](inputs []<-chan R, capacity int) <-chan R {
	out := make(chan R, capacity)
	var wg sync.WaitGroup

	forward := func(c <-chan R) {
		defer wg.Done()
		for result := range c {
			out <- result
		}
	}

	wg.Add(len(inputs))
	for _, input := range inputs {
		go forward(input)
	}

	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
