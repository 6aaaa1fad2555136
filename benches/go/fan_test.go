// Tests of the Go program: every topology on every workload delivers each item exactly
// once, the ledger catches a lost and a doubled item, bad requests are refused with what
// is accepted, and the demo prints the seed's lines.

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

var workloads = []workSpec{
	{Kind: "noop"},
	{Kind: "seed"},
	{Kind: "spin", Nanos: 1_000},
	{Kind: "sleep", Nanos: 10_000},
	{Kind: "uneven", LightNanos: 1_000, HeavyNanos: 20_000, Heavy: "hashed-tenth"},
	{Kind: "uneven", LightNanos: 1_000, HeavyNanos: 20_000, Heavy: "period", Period: 48},
}

func TestEveryTopologyDeliversEachItemOnce(t *testing.T) {
	for _, topology := range []string{"seed", "pool", "static-split"} {
		for _, work := range workloads {
			for _, shape := range [][2]int{{1, 0}, {3, 0}, {4, 2}, {8, 64}} {
				r := request{Topology: topology, Workers: shape[0], Capacity: shape[1], Items: 500, Work: work}
				got := run(r)
				if got.Error != "" || got.Failure != nil {
					t.Fatalf("%+v: error %q, failure %+v", r, got.Error, got.Failure)
				}
				total := uint64(0)
				for _, count := range got.PerWorker {
					total += count
				}
				if len(got.PerWorker) != r.Workers || total != uint64(r.Items) || got.ElapsedNanos <= 0 {
					t.Fatalf("%+v: %+v", r, got)
				}
			}
		}
	}
}

func TestTheSeedTopologySharesItsJobsAmongWorkers(t *testing.T) {
	// Sleeping items leave every worker time to take its share from the one job channel.
	r := request{Topology: "seed", Workers: 4, Items: 200, Work: workSpec{Kind: "sleep", Nanos: 200_000}}
	got := run(r)
	for worker, count := range got.PerWorker {
		if count == 0 {
			t.Fatalf("worker %d took no item: %v", worker+1, got.PerWorker)
		}
	}
}

func TestTheLedgerCatchesLostAndDoubledItems(t *testing.T) {
	lost := newLedger(3)
	lost.record(0)
	lost.record(2)
	if failure := lost.settle(); failure == nil || failure.Lost != 1 || failure.Received != 2 {
		t.Fatalf("a lost item passed: %+v", failure)
	}
	doubled := newLedger(2)
	for _, id := range []uint64{0, 1, 1} {
		doubled.record(id)
	}
	if failure := doubled.settle(); failure == nil || failure.FirstDuplicate == nil || *failure.FirstDuplicate != 1 {
		t.Fatalf("a doubled item passed: %+v", failure)
	}
	outside := newLedger(1)
	outside.record(7)
	if outside.settle() == nil {
		t.Fatal("an item past the run passed")
	}
	whole := newLedger(2)
	whole.record(1)
	whole.record(0)
	if failure := whole.settle(); failure != nil {
		t.Fatalf("a whole run failed: %+v", failure)
	}
}

func TestBadRequestsAreRefusedWithWhatIsAccepted(t *testing.T) {
	for line, want := range map[string]string{
		`not json`: "expected a JSON object",
		`{"topology":"seed","workers":2,"items":10,"work":{"kind":"noop"},"extra":1}`:                                          "unknown field",
		`{"topology":"ring","workers":2,"items":10,"work":{"kind":"noop"}}`:                                                    "expected seed, pool or static-split",
		`{"topology":"seed","workers":0,"items":10,"work":{"kind":"noop"}}`:                                                    "workers must be from 1",
		`{"topology":"seed","workers":2,"capacity":-1,"items":10,"work":{"kind":"noop"}}`:                                      "capacity must be from 0",
		`{"topology":"seed","workers":2,"items":-5,"work":{"kind":"noop"}}`:                                                    "items must be from 0",
		`{"topology":"seed","workers":2,"items":10,"work":{"kind":"dance"}}`:                                                   "expected noop, seed, spin",
		`{"topology":"seed","workers":2,"items":10,"work":{"kind":"spin"}}`:                                                    "nanos must be from 1 ns to 1 s",
		`{"topology":"seed","workers":2,"items":10,"work":{"kind":"sleep","nanos":2000000000}}`:                                "nanos must be from 1 ns to 1 s",
		`{"topology":"seed","workers":2,"items":10,"work":{"kind":"uneven","light_nanos":1,"heavy_nanos":2,"heavy":"most"}}`:   "expected hashed-tenth or period",
		`{"topology":"seed","workers":2,"items":10,"work":{"kind":"uneven","light_nanos":1,"heavy_nanos":2,"heavy":"period"}}`: "needs a period",
	} {
		if got := answer([]byte(line)); !strings.Contains(got.Error, want) {
			t.Errorf("%s: got %q, want it to say %q", line, got.Error, want)
		}
	}
}

func TestServeAnswersEachLineAndGoesOnAfterABadOne(t *testing.T) {
	in := strings.NewReader("{\"topology\":\"pool\",\"workers\":2,\"items\":100,\"work\":{\"kind\":\"noop\"}}\n\nbad\n" +
		"{\"topology\":\"seed\",\"workers\":2,\"items\":100,\"work\":{\"kind\":\"seed\"}}\n")
	var out bytes.Buffer
	if err := serve(in, bufio.NewWriter(&out)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 replies, got %q", out.String())
	}
	for index, want := range []bool{true, false, true} {
		var got reply
		if err := json.Unmarshal([]byte(lines[index]), &got); err != nil {
			t.Fatal(err)
		}
		if (got.Error == "" && got.Failure == nil) != want {
			t.Fatalf("reply %d: %+v", index, got)
		}
	}
}

func TestSpinIterationsAreCalibratedOncePerProcess(t *testing.T) {
	// One calibration serves every duration, so iterations grow with the duration.
	one, ten := spinIterations(time.Microsecond), spinIterations(10*time.Microsecond)
	if one == 0 || ten < 9*one || ten > 11*one || spinIterations(time.Microsecond) != one {
		t.Fatalf("1 us: %d iterations, 10 us: %d", one, ten)
	}
	if spin(1000, 5) != spin(1000, 5) || spin(1000, 5) == spin(1001, 5) {
		t.Fatal("spin is not a fixed function of its iterations and seed")
	}
}

// firstHeavy are the heavy items below 200, which the harness's kinds.rs states too: Go's
// skewed workload must pick the same items as Rust's.
var firstHeavy = []uint64{2, 18, 29, 30, 31, 43, 68, 72, 75, 82, 102, 107, 117, 120, 121, 128,
	131, 133, 135, 153, 161, 171, 173, 178, 186}

func TestTheSkewedRuleIsTheHarnesss(t *testing.T) {
	var heavy []uint64
	for item := uint64(0); item < 200; item++ {
		if isHeavyHashed(item) {
			heavy = append(heavy, item)
		}
	}
	if fmt.Sprint(heavy) != fmt.Sprint(firstHeavy) {
		t.Fatalf("heavy items %v, the harness's are %v", heavy, firstHeavy)
	}
}

func TestTheSkewedRuleMakesATenthHeavy(t *testing.T) {
	heavy := 0
	for item := uint64(0); item < 10_000; item++ {
		if isHeavyHashed(item) {
			heavy++
		}
	}
	if heavy < 900 || heavy >= 1_100 {
		t.Fatalf("%d heavy items of 10 000", heavy)
	}
}

func TestTheDemoPrintsTheSeedsLines(t *testing.T) {
	var out bytes.Buffer
	settings, err := parseDemo([]string{"-items", "6", "-workers", "3", "-random-state", "7", "-time-scale", "0"})
	if err != nil {
		t.Fatal(err)
	}
	runDemo(settings, &out)
	text := out.String()
	if !strings.HasPrefix(text, "== go-seed: 6 items, 3 workers, capacity 0, random state 7, time scale 0 ==\n") {
		t.Fatalf("header: %q", text)
	}
	for id := 1; id <= 6; id++ {
		for _, want := range []string{"processed item " + strconv.Itoa(id) + "\n", "Processed: Item " + strconv.Itoa(id) + " -> processed-item-" + strconv.Itoa(id) + "-by-worker-"} {
			if strings.Count(text, want) != 1 {
				t.Fatalf("want one %q in %q", want, text)
			}
		}
	}
	if !strings.Contains(text, "\n6 results in ") {
		t.Fatalf("footer: %q", text)
	}
}

func TestDemoFlagsOutOfRangeAreRefused(t *testing.T) {
	for _, args := range [][]string{{"-workers", "0"}, {"-items", "-1"}, {"-time-scale", "101"}, {"-time-scale", "NaN"}, {"-colour"}, {"extra"}} {
		if _, err := parseDemo(args); err == nil {
			t.Errorf("%v was accepted", args)
		}
	}
}

func TestProcessingTimesAreTheSeedsRangeAndReproducible(t *testing.T) {
	settings := demoSettings{randomState: 42, timeScale: 1}
	for id := 1; id <= 100; id++ {
		wait := settings.processingTime(id)
		if wait < 100*time.Millisecond || wait >= 300*time.Millisecond || wait != settings.processingTime(id) {
			t.Fatalf("item %d: %v", id, wait)
		}
	}
}
