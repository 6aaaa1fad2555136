// The proof that a measured run delivered exactly one result per item, as the Rust
// harness's Ledger: a run that lost or doubled an item fails instead of giving a time.

package main

import "math/bits"

// ledger holds one bit per item, set when its result arrives.
type ledger struct {
	bits           []uint64
	items          int
	received       int
	firstDuplicate *uint64
}

// lostOrDuplicated is a run that did not deliver exactly one result per item, in the
// Rust harness's terms (LostOrDuplicated), so that the benches report it the same way.
type lostOrDuplicated struct {
	Items          int     `json:"items"`
	Received       int     `json:"received"`
	Lost           int     `json:"lost"`
	FirstDuplicate *uint64 `json:"first_duplicate"`
}

func newLedger(items int) *ledger {
	return &ledger{bits: make([]uint64, (items+63)/64), items: items}
}

// record notes the result of item id; a second result, or an id past the items, is a
// duplicate.
func (l *ledger) record(id uint64) {
	l.received++
	word, bit := id/64, uint64(1)<<(id%64)
	if id < uint64(l.items) && l.bits[word]&bit == 0 {
		l.bits[word] |= bit
		return
	}
	if l.firstDuplicate == nil {
		duplicate := id
		l.firstDuplicate = &duplicate
	}
}

// settle is nil if every item had exactly one result.
func (l *ledger) settle() *lostOrDuplicated {
	delivered := 0
	for _, word := range l.bits {
		delivered += bits.OnesCount64(word)
	}
	if delivered == l.items && l.received == l.items {
		return nil
	}
	return &lostOrDuplicated{
		Items:          l.items,
		Received:       l.received,
		Lost:           l.items - delivered,
		FirstDuplicate: l.firstDuplicate,
	}
}
