//! One random run for the property: its shape, its faults, and how proptest draws it.

use std::fmt;
use std::thread;
use std::time::Duration;

use proptest::option::weighted;
use proptest::prelude::*;

/// Everything one case of the property varies.
#[derive(Clone, Debug)]
pub(crate) struct Scenario {
    /// Items in the input, `0..items`.
    pub(crate) items: u64,
    pub(crate) workers: usize,
    pub(crate) capacity: usize,
    pub(crate) work: WorkShape,
    /// The item on which `work` panics; no panic when it is not below `items`.
    pub(crate) panic_at: Option<u64>,
    /// The consumer drops the iterator after this many results.
    pub(crate) drop_after: Option<usize>,
    /// `run_ordered` instead of `run`.
    pub(crate) ordered: bool,
    /// The consumer pauses briefly after every this many results, so that queues fill.
    pub(crate) pause_every: Option<usize>,
}

/// How long `work` takes per item.
#[derive(Clone, Copy, Debug)]
pub(crate) enum WorkShape {
    /// No time at all.
    Instant,
    /// A spin of up to `most` steps, different for each item.
    Spin { most: u64 },
    /// A sleep of `micros` on every `every`-th item.
    Sleep { every: u64, micros: u64 },
}

impl WorkShape {
    /// Spends the time this shape gives `item`.
    pub(crate) fn spend(self, item: u64) {
        match self {
            WorkShape::Instant => {}
            WorkShape::Spin { most } => {
                let spins = item.wrapping_mul(0x9E37_79B9_7F4A_7C15) % (most + 1);
                let mut value = item;
                for _ in 0..spins {
                    value = std::hint::black_box(value.rotate_left(5) ^ 0x5555);
                }
                std::hint::black_box(value);
            }
            WorkShape::Sleep { every, micros } => {
                if item.is_multiple_of(every) {
                    thread::sleep(Duration::from_micros(micros));
                }
            }
        }
    }
}

impl Scenario {
    /// Whether `work` panics on an item of the input.
    pub(crate) fn panic_due(&self) -> Option<u64> {
        self.panic_at.filter(|&at| at < self.items)
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "workers={} capacity={} items={} ordered={} work={:?} panic_at={:?} \
             drop_after={:?} pause_every={:?}",
            self.workers,
            self.capacity,
            self.items,
            self.ordered,
            self.work,
            self.panic_at,
            self.drop_after,
            self.pause_every
        )
    }
}

/// Scenarios as the issue asks for them: 0 to 5 000 items, 1 to 32 workers, capacity 0 to
/// 64, uneven work, a panicking item in about a third of the cases, an early drop in
/// about a third, `run` and `run_ordered` alike.
pub(crate) fn scenarios() -> impl Strategy<Value = Scenario> {
    (0..=5_000u64)
        .prop_flat_map(|items| {
            (
                Just(items),
                1..=32usize,
                0..=64usize,
                work_shapes(),
                weighted(0.3, 0..items.max(1)),
                weighted(0.3, 0..=200usize),
                any::<bool>(),
                weighted(0.3, 10..=500usize),
            )
        })
        .prop_map(
            |(items, workers, capacity, work, panic_at, drop_after, ordered, pause_every)| {
                Scenario {
                    items,
                    workers,
                    capacity,
                    work,
                    panic_at,
                    drop_after,
                    ordered,
                    pause_every,
                }
            },
        )
}

fn work_shapes() -> impl Strategy<Value = WorkShape> {
    prop_oneof![
        Just(WorkShape::Instant),
        (1..=2_000u64).prop_map(|most| WorkShape::Spin { most }),
        (20..=500u64, 1..=200u64).prop_map(|(every, micros)| WorkShape::Sleep { every, micros }),
    ]
}
