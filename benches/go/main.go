// Command fanout-go is the seed of the fanout project, its RunFan topology written in Go
// as the seed wrote it, measured beside the Rust ports on the same workloads.
//
// It has two commands. "serve" reads one JSON request a line on stdin (a topology, a
// workload, workers, capacity and items), runs it once, checks that every item came back
// exactly once, and answers one JSON line on stdout with the run's time; the Rust benches
// drive it this way, so that Go and Rust runs alternate within one bench process. "demo"
// runs the seed's demo and prints the seed's own lines, as "fanout demo" does in Rust.
//
// Standard library only; built by the benches with "go build" into the target folder.
package main

import (
	"bufio"
	"fmt"
	"os"
)

const usage = `usage: fanout-go serve
       fanout-go demo [-items N] [-workers N] [-random-state N] [-time-scale F]`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	switch os.Args[1] {
	case "serve":
		out := bufio.NewWriter(os.Stdout)
		if err := serve(os.Stdin, out); err != nil {
			fmt.Fprintln(os.Stderr, "fanout-go serve:", err)
			os.Exit(1)
		}
	case "demo":
		settings, err := parseDemo(os.Args[2:])
		if err != nil {
			fmt.Fprintf(os.Stderr, "fanout-go demo: %v\n%s\n", err, usage)
			os.Exit(2)
		}
		runDemo(settings, os.Stdout)
	default:
		fmt.Fprintf(os.Stderr, "fanout-go: unknown command %q\n%s\n", os.Args[1], usage)
		os.Exit(2)
	}
}
