//! Each workload as a type: its items, its `work` and how a result names its item.

use std::future::Future;
use std::thread;
use std::time::Duration;

use fanout_core::{WorkItem, WorkResult, WorkerId};

use super::async_kinds::{OffRuntime, OnTimer};
use super::tcp_echo::TcpEcho;
use super::{
    PayloadSize, RARE_HEAVY, RARE_LIGHT, Workload, calibrated_spin_iterations, rare, spin,
};

/// What a light `skewed` item spins.
pub(crate) const SKEWED_LIGHT: Duration = Duration::from_micros(1);

/// What a heavy `skewed` item spins.
pub(crate) const SKEWED_HEAVY: Duration = Duration::from_micros(50);

/// A workload's types and functions, so that measurement code is written once over it.
pub(crate) trait Kind: Clone + Send + Sync + 'static {
    /// What the input yields.
    type Item: Send + 'static;
    /// What `work` returns.
    type Output: Send + 'static;

    /// Item number `id`.
    fn item(&self, id: u64) -> Self::Item;

    /// The input of a run of `count` items, numbered `0..count`.
    fn items(&self, count: usize) -> Vec<Self::Item> {
        (0..count as u64).map(|id| self.item(id)).collect()
    }

    /// The work on one item, as a blocking call.
    fn work(&self, worker: WorkerId, item: Self::Item) -> Self::Output;

    /// The work on one item as a future, for async rows: by default the blocking work done
    /// inside the future's first poll, as CPU work written in an `async fn` runs, blocking
    /// the runtime's thread meanwhile. Workloads that wait without blocking override it.
    fn work_async(
        &self,
        worker: WorkerId,
        item: Self::Item,
    ) -> impl Future<Output = Self::Output> + Send + 'static + use<Self> {
        let kind = self.clone();
        async move { kind.work(worker, item) }
    }

    /// The number of the item a result came from, to check exactly-once delivery.
    fn id(output: &Self::Output) -> u64;
}

/// Code to run with a workload's [`Kind`], once the workload has picked it.
pub(crate) trait KindVisitor {
    type Output;
    fn visit<K: Kind>(self, kind: K) -> Self::Output;
}

pub(crate) fn visit<V: KindVisitor>(workload: Workload, visitor: V) -> V::Output {
    match workload {
        Workload::Noop | Workload::AsyncNoop => visitor.visit(Noop),
        Workload::Seed => visitor.visit(Seed),
        Workload::Spin(duration) => visitor.visit(Spin {
            iterations: calibrated_spin_iterations(duration),
        }),
        Workload::Sleep(duration) => visitor.visit(Sleep { duration }),
        Workload::AsyncSleep(duration) => visitor.visit(OnTimer(Sleep { duration })),
        Workload::SpawnBlockingSpin(duration) => visitor.visit(OffRuntime(Spin {
            iterations: calibrated_spin_iterations(duration),
        })),
        Workload::TcpEcho => visitor.visit(TcpEcho::new()),
        Workload::Skewed => visitor.visit(Uneven {
            light: calibrated_spin_iterations(SKEWED_LIGHT),
            heavy: calibrated_spin_iterations(SKEWED_HEAVY),
            is_heavy: Skewed::is_heavy,
        }),
        Workload::SkewedRare => visitor.visit(Uneven {
            light: calibrated_spin_iterations(RARE_LIGHT),
            heavy: calibrated_spin_iterations(RARE_HEAVY),
            is_heavy: rare::is_heavy,
        }),
        Workload::Payload(PayloadSize::B8) => visitor.visit(Payload::<8>),
        Workload::Payload(PayloadSize::B64) => visitor.visit(Payload::<64>),
        Workload::Payload(PayloadSize::KiB1) => visitor.visit(Payload::<1024>),
        Workload::Payload(PayloadSize::KiB16) => visitor.visit(Payload::<16384>),
    }
}

#[derive(Clone, Copy)]
struct Noop;

impl Kind for Noop {
    type Item = u64;
    type Output = u64;

    fn item(&self, id: u64) -> u64 {
        id
    }

    #[inline]
    fn work(&self, _worker: WorkerId, item: u64) -> u64 {
        item
    }

    fn id(output: &u64) -> u64 {
        *output
    }
}

#[derive(Clone, Copy)]
struct Seed;

impl Kind for Seed {
    type Item = WorkItem;
    type Output = WorkResult;

    fn item(&self, id: u64) -> WorkItem {
        // The seed numbers its items from 1, as `generate_work_items` does.
        WorkItem {
            id: id + 1,
            data: format!("item-{}", id + 1),
        }
    }

    fn work(&self, worker: WorkerId, item: WorkItem) -> WorkResult {
        item.process(worker)
    }

    fn id(output: &WorkResult) -> u64 {
        // The seed numbers its items from 1.
        output.original_id - 1
    }
}

#[derive(Clone, Copy)]
pub(super) struct Spin {
    iterations: u64,
}

/// A spun item's result: its number, and the spin's value so the loop cannot be skipped.
type Spun = (u64, u64);

impl Kind for Spin {
    type Item = u64;
    type Output = Spun;

    fn item(&self, id: u64) -> u64 {
        id
    }

    fn work(&self, _worker: WorkerId, item: u64) -> Spun {
        (item, spin(self.iterations, item))
    }

    fn id(output: &Spun) -> u64 {
        output.0
    }
}

#[derive(Clone, Copy)]
pub(super) struct Sleep {
    pub(super) duration: Duration,
}

impl Kind for Sleep {
    type Item = u64;
    type Output = u64;

    fn item(&self, id: u64) -> u64 {
        id
    }

    fn work(&self, _worker: WorkerId, item: u64) -> u64 {
        thread::sleep(self.duration);
        item
    }

    fn id(output: &u64) -> u64 {
        *output
    }
}

/// The skewed workloads' hashing of heavy items.
struct Skewed;

impl Skewed {
    /// Whether item `item` is one of the heavy 10%: a fixed hash of its number, so every
    /// engine gets the same heavy items.
    fn is_heavy(item: u64) -> bool {
        let mut hash = item.wrapping_add(0x9E37_79B9_7F4A_7C15);
        hash = (hash ^ (hash >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        hash = (hash ^ (hash >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (hash ^ (hash >> 31)).is_multiple_of(10)
    }
}

/// Spin work of two costs: `heavy` iterations on the items `is_heavy` picks, `light` on
/// the rest (`skewed` and `skewed-rare`, which differ only in which items are heavy).
#[derive(Clone, Copy)]
struct Uneven {
    light: u64,
    heavy: u64,
    is_heavy: fn(u64) -> bool,
}

impl Kind for Uneven {
    type Item = u64;
    type Output = Spun;

    fn item(&self, id: u64) -> u64 {
        id
    }

    fn work(&self, _worker: WorkerId, item: u64) -> Spun {
        let iterations = if (self.is_heavy)(item) {
            self.heavy
        } else {
            self.light
        };
        (item, spin(iterations, item))
    }

    fn id(output: &Spun) -> u64 {
        output.0
    }
}

/// An item carrying `N` bytes inline, so that moving it through a queue moves the bytes.
#[derive(Clone, Copy)]
struct Payload<const N: usize>;

/// A numbered block of `N` bytes.
struct Block<const N: usize> {
    id: u64,
    bytes: [u8; N],
}

impl<const N: usize> Kind for Payload<N> {
    type Item = Block<N>;
    type Output = Block<N>;

    fn item(&self, id: u64) -> Block<N> {
        Block {
            id,
            bytes: [id as u8; N],
        }
    }

    fn work(&self, _worker: WorkerId, item: Block<N>) -> Block<N> {
        // The block passes through `black_box` on its way in and out, so that its bytes
        // are really moved even where nothing but its id is read after (`sequential`
        // moved 1 KiB items at 274 GB/s without it: the copy was optimised away).
        let mut item = std::hint::black_box(item);
        // Touch both ends, as a consumer of the data would, and send the block back.
        item.bytes[0] = item.bytes[N - 1].wrapping_add(1);
        std::hint::black_box(item)
    }

    fn id(output: &Block<N>) -> u64 {
        output.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The heavy items below 200, which `benches/go/fan_test.go` states too: the Go
    /// program's `skewed` must pick the same items as this one.
    const FIRST_HEAVY: [u64; 25] = [
        2, 18, 29, 30, 31, 43, 68, 72, 75, 82, 102, 107, 117, 120, 121, 128, 131, 133, 135, 153,
        161, 171, 173, 178, 186,
    ];

    #[test]
    fn skewed_picks_the_heavy_items_the_go_program_picks() {
        let heavy: Vec<u64> = (0..200).filter(|&item| Skewed::is_heavy(item)).collect();
        assert_eq!(heavy, FIRST_HEAVY);
    }

    #[test]
    fn about_a_tenth_of_skewed_items_are_heavy() {
        let heavy = (0..10_000).filter(|&item| Skewed::is_heavy(item)).count();
        assert!(
            (900..1_100).contains(&heavy),
            "{heavy} heavy items of 10 000"
        );
    }
}
