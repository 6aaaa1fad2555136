//! [`BatchSizer`]: a batch size fitted to the work measured, for engines that hand off
//! batches (`fanout-adaptive`'s workers, `fanout-nats`' consumer).

use std::time::Duration;

/// How much bigger than the last one a batch may be.
pub const BATCH_GROWTH: usize = 16;

/// How many items to hand off in the next batch.
///
/// A sizer starts at one item, so a run's first results come as fast as from a per-item
/// engine. After each batch the engine reports how many items it held and how long
/// they took (`fanout-adaptive`'s workers count pulling and work but not waiting for the
/// input's lock, which is contention, not work; `fanout-nats` counts the remote work). The next batch is the
/// number of items that fit in the target at that cost per item, at least 1, at most
/// [`max`](BatchSizer::new), and at most [`BATCH_GROWTH`] times the last batch: a size shrinks at
/// once when the work turns slow, and grows within a few batches when it turns fast (1,
/// 16, 256, 4096 items), so that a first item cheaper than the rest costs at most 16
/// items held by one worker.
#[derive(Clone, Debug)]
pub struct BatchSizer {
    size: usize,
    max: usize,
    target_ns: u64,
}

impl BatchSizer {
    /// A sizer starting at one item, growing to at most `max` (at least 1) items whose
    /// pulling and work together take about `target`.
    pub fn new(max: usize, target: Duration) -> BatchSizer {
        BatchSizer {
            size: 1,
            max: max.max(1),
            target_ns: u64::try_from(target.as_nanos()).unwrap_or(u64::MAX),
        }
    }

    /// The size of the next batch: in `1..=max`.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The work one batch should carry.
    pub fn target(&self) -> Duration {
        Duration::from_nanos(self.target_ns)
    }

    /// Fits the next batch to one that held `items` items and took `busy`.
    pub fn record(&mut self, items: usize, busy: Duration) {
        if items == 0 {
            return;
        }
        let busy_ns = u64::try_from(busy.as_nanos()).unwrap_or(u64::MAX);
        let per_item_ns = (busy_ns / items as u64).max(1);
        let fit = usize::try_from(self.target_ns / per_item_ns).unwrap_or(usize::MAX);
        self.size = fit.clamp(1, self.size.saturating_mul(BATCH_GROWTH).min(self.max));
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    const TARGET: Duration = Duration::from_micros(20);

    fn us(micros: u64) -> Duration {
        Duration::from_micros(micros)
    }

    #[test]
    fn starts_at_one_and_grows_to_the_maximum_on_cheap_work() {
        let mut sizer = BatchSizer::new(1024, TARGET);
        let mut sizes = vec![sizer.size()];
        for _ in 0..5 {
            sizer.record(sizer.size(), Duration::from_nanos(sizer.size() as u64 * 5));
            sizes.push(sizer.size());
        }
        assert_eq!(sizes, [1, 16, 256, 1024, 1024, 1024]);
    }

    #[test]
    fn long_work_keeps_batches_at_one_item() {
        let mut sizer = BatchSizer::new(256, TARGET);
        for _ in 0..10 {
            sizer.record(1, us(100));
            assert_eq!(sizer.size(), 1);
        }
    }

    #[test]
    fn fits_the_target_and_shrinks_at_once() {
        let mut sizer = BatchSizer::new(256, TARGET);
        sizer.record(1, us(1));
        assert_eq!(sizer.size(), 16, "growth is capped");
        sizer.record(16, us(16));
        assert_eq!(sizer.size(), 20, "1 us items fill a 20 us target");
        sizer.record(20, us(20));
        assert_eq!(sizer.size(), 20);
        sizer.record(20, us(20 * 10));
        assert_eq!(sizer.size(), 2, "10 us items: two to a batch");
    }

    #[test]
    fn degenerate_settings_stay_in_bounds() {
        let mut zero_target = BatchSizer::new(0, Duration::ZERO);
        zero_target.record(1, Duration::ZERO);
        assert_eq!(zero_target.size(), 1);
        let mut endless_target = BatchSizer::new(usize::MAX, Duration::MAX);
        for _ in 0..100 {
            endless_target.record(endless_target.size(), Duration::ZERO);
        }
        assert_eq!(endless_target.size(), usize::MAX);
        endless_target.record(0, Duration::MAX);
        endless_target.record(usize::MAX, Duration::MAX);
        assert!(endless_target.size() >= 1);
    }
}
