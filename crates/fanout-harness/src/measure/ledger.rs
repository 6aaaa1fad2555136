//! [`Ledger`]: proof that a measured run delivered exactly one result per item.

use std::fmt;

use serde::Deserialize;

/// One bit per item: set when its result arrives. A run that lost or duplicated an item
/// yields an error, never a number.
#[derive(Clone, Debug)]
pub struct Ledger {
    bits: Vec<u64>,
    items: usize,
    received: usize,
    first_duplicate: Option<u64>,
}

/// A run that did not deliver exactly one result per item. The Go program's ledger
/// reports the same fields, read back as this type.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct LostOrDuplicated {
    /// Items in the run.
    pub items: usize,
    /// Results received.
    pub received: usize,
    /// Items with no result.
    pub lost: usize,
    /// An item with more than one result, if any.
    pub first_duplicate: Option<u64>,
}

impl fmt::Display for LostOrDuplicated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the run did not deliver exactly one result per item: {} items, {} results, \
             {} lost",
            self.items, self.received, self.lost
        )?;
        if let Some(item) = self.first_duplicate {
            write!(f, ", item {item} duplicated")?;
        }
        Ok(())
    }
}

impl std::error::Error for LostOrDuplicated {}

impl Ledger {
    /// A ledger for items `0..items`.
    pub fn new(items: usize) -> Ledger {
        Ledger {
            bits: vec![0; items.div_ceil(64)],
            items,
            received: 0,
            first_duplicate: None,
        }
    }

    /// Records the result of item `id`.
    #[inline]
    pub fn record(&mut self, id: u64) {
        self.received += 1;
        let (word, bit) = ((id / 64) as usize, 1u64 << (id % 64));
        match self.bits.get_mut(word) {
            Some(bits) if *bits & bit == 0 && (id as usize) < self.items => *bits |= bit,
            _ => {
                self.first_duplicate.get_or_insert(id);
            }
        }
    }

    /// `Ok` if every item had exactly one result.
    pub fn settle(&self) -> Result<(), LostOrDuplicated> {
        let delivered: usize = self
            .bits
            .iter()
            .map(|bits| bits.count_ones() as usize)
            .sum();
        if delivered == self.items && self.received == self.items {
            return Ok(());
        }
        Err(LostOrDuplicated {
            items: self.items,
            received: self.received,
            lost: self.items - delivered,
            first_duplicate: self.first_duplicate,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_once_settles() {
        let mut ledger = Ledger::new(130);
        (0..130).rev().for_each(|id| ledger.record(id));
        assert_eq!(ledger.settle(), Ok(()));
    }

    #[test]
    fn a_lost_or_duplicated_item_is_an_error() {
        let mut lost = Ledger::new(10);
        (0..9).for_each(|id| lost.record(id));
        assert_eq!(lost.settle().unwrap_err().lost, 1);

        let mut duplicated = Ledger::new(10);
        (0..10).chain([4]).for_each(|id| duplicated.record(id));
        assert_eq!(duplicated.settle().unwrap_err().first_duplicate, Some(4));

        let mut swapped = Ledger::new(3);
        [0, 1, 1].into_iter().for_each(|id| swapped.record(id));
        let error = swapped.settle().unwrap_err();
        assert_eq!((error.lost, error.first_duplicate), (1, Some(1)));
        assert!(error.to_string().contains("item 1 duplicated"));
    }
}
