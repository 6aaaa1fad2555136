//! The workloads: what each item costs, named as on the command line (`noop`, `seed`,
//! `spin-10us`, `sleep-100us`, `skewed`, `skewed-rare`, `payload-1KiB`; for async work
//! `async-noop`, `async-sleep-1ms`, `tcp-echo`, `spawn-blocking-spin-10us`).
//!
//! Every row runs every workload: blocking rows call its blocking form, async rows await
//! its async form, which for the blocking workloads is the blocking work done inside the
//! future (so `spin-10us` and `sleep-100us` on an async row block the runtime's thread, as
//! CPU work or a blocking call written in an `async fn` does).

mod async_kinds;
mod kinds;
mod rare;
mod remote;
mod spin;
mod tcp_echo;

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

pub(crate) use kinds::{Kind, KindVisitor, SKEWED_HEAVY, SKEWED_LIGHT};
pub use rare::{RARE_HEAVY, RARE_LIGHT, RARE_PERIOD};
pub use remote::{WireItem, WorkloadJob, workload_jobs};
pub use spin::{calibrated_spin_iterations, spin};

/// A workload: the work done per item and the items it is done on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Workload {
    /// `u64 -> u64`, no work: the pure cost of moving an item out and back.
    Noop,
    /// The seed's item through [`WorkItem::process`](fanout_core::WorkItem::process),
    /// without the sleep.
    Seed,
    /// A calibrated busy loop of this long per item.
    Spin(Duration),
    /// A blocking sleep of this long per item, standing in for I/O.
    Sleep(Duration),
    /// Heavy-tailed CPU work: a seeded 90% of items spin 1 us, 10% spin 50 us.
    Skewed,
    /// Rare, very heavy items placed where round robin deals them all to one worker:
    /// what a static split cannot balance ([`RARE_PERIOD`]).
    SkewedRare,
    /// Items carrying this many bytes, moved to the worker and back.
    Payload(PayloadSize),
    /// No work, as a future ready at its first poll: the pure cost of moving an item
    /// through an async engine (on blocking rows, `noop`).
    AsyncNoop,
    /// A sleep of this long on tokio's timer, standing in for I/O that waits without a
    /// thread (on blocking rows, a blocking sleep).
    AsyncSleep(Duration),
    /// A request and its response over a TCP connection per worker to an echo server on
    /// 127.0.0.1 the harness starts itself (tokio's sockets on async rows, `std::net`'s on
    /// blocking rows).
    TcpEcho,
    /// A calibrated busy loop of this long, run through tokio's `spawn_blocking` on async
    /// rows (on blocking rows, `spin-<d>`).
    SpawnBlockingSpin(Duration),
}

/// The payload sizes the `payload-<n>` workload comes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PayloadSize {
    /// 8 bytes.
    B8,
    /// 64 bytes.
    B64,
    /// 1 KiB.
    KiB1,
    /// 16 KiB.
    KiB16,
}

impl PayloadSize {
    /// Every size, smallest first.
    pub const ALL: [PayloadSize; 4] = [
        PayloadSize::B8,
        PayloadSize::B64,
        PayloadSize::KiB1,
        PayloadSize::KiB16,
    ];

    /// The size in bytes.
    pub fn bytes(self) -> usize {
        match self {
            PayloadSize::B8 => 8,
            PayloadSize::B64 => 64,
            PayloadSize::KiB1 => 1024,
            PayloadSize::KiB16 => 16 * 1024,
        }
    }

    fn label(self) -> &'static str {
        match self {
            PayloadSize::B8 => "8B",
            PayloadSize::B64 => "64B",
            PayloadSize::KiB1 => "1KiB",
            PayloadSize::KiB16 => "16KiB",
        }
    }
}

/// The longest spin or sleep a workload may ask for per item.
const LONGEST_ITEM: Duration = Duration::from_secs(1);

impl Workload {
    /// The workloads the throughput benches sweep, in order.
    pub const THROUGHPUT_SET: [Workload; 6] = [
        Workload::Noop,
        Workload::Seed,
        Workload::Spin(Duration::from_micros(1)),
        Workload::Spin(Duration::from_micros(10)),
        Workload::Skewed,
        Workload::Sleep(Duration::from_micros(100)),
    ];

    /// The workloads that test load balancing against a static split, swept by the
    /// throughput bench beside [`Workload::THROUGHPUT_SET`] over fewer rows.
    pub const BALANCE_SET: [Workload; 1] = [Workload::SkewedRare];

    /// The workloads the async bench sweeps concurrency over: I/O that waits on a timer,
    /// I/O on real sockets, and CPU work inside async work, plain and off the runtime.
    pub const ASYNC_SET: [Workload; 4] = [
        Workload::AsyncSleep(Duration::from_millis(1)),
        Workload::TcpEcho,
        Workload::Spin(Duration::from_micros(10)),
        Workload::SpawnBlockingSpin(Duration::from_micros(10)),
    ];

    /// A sentence listing what `FromStr` accepts, for error messages and help.
    pub const ACCEPTED: &'static str = "noop, seed, spin-<duration> (e.g. spin-10us), \
        sleep-<duration> (e.g. sleep-100us), skewed, skewed-rare, payload-<size> (8B, 64B, 1KiB or 16KiB), \
        async-noop, async-sleep-<duration> (e.g. async-sleep-1ms), tcp-echo, \
        spawn-blocking-spin-<duration> (e.g. spawn-blocking-spin-10us); \
        durations are a whole number of ns, us, ms or s, up to 1s";

    /// How many items one measured run uses: enough for tens of milliseconds of work on
    /// one worker, and at most 5 000, so that a configuration that hands items over slowly
    /// still fits a bench's time budget: with small queues, every hand-off between OS
    /// threads can cost 10 to 35 us (a context switch), so 5 000 free items can take
    /// 0.1 s, and a bench takes ten runs at the least.
    pub fn default_items(self) -> usize {
        const MOST: u128 = 5_000;
        let per_item = self.nominal_cost().as_nanos();
        if per_item == 0 {
            return MOST as usize;
        }
        let items = Duration::from_millis(20).as_nanos() / per_item;
        items.clamp(100, MOST) as usize
    }

    /// What one item costs by design, apart from moving it (zero for noop, seed, payload).
    pub fn nominal_cost(self) -> Duration {
        match self {
            Workload::Spin(duration)
            | Workload::Sleep(duration)
            | Workload::AsyncSleep(duration)
            | Workload::SpawnBlockingSpin(duration) => duration,
            // A tenth of the items are heavy.
            Workload::Skewed => SKEWED_LIGHT * 9 / 10 + SKEWED_HEAVY / 10,
            Workload::SkewedRare => rare::mean_cost(),
            Workload::Noop
            | Workload::Seed
            | Workload::Payload(_)
            | Workload::AsyncNoop
            | Workload::TcpEcho => Duration::ZERO,
        }
    }

    /// The payload size in bytes each item carries (8 for the `u64` workloads).
    pub fn payload_bytes(self) -> usize {
        match self {
            Workload::Payload(size) => size.bytes(),
            Workload::Seed => std::mem::size_of::<fanout_core::WorkItem>(),
            _ => std::mem::size_of::<u64>(),
        }
    }

    pub(crate) fn visit<V: KindVisitor>(self, visitor: V) -> V::Output {
        kinds::visit(self, visitor)
    }
}

impl fmt::Display for Workload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Workload::Noop => f.write_str("noop"),
            Workload::Seed => f.write_str("seed"),
            Workload::Spin(duration) => write!(f, "spin-{}", DurationLabel(*duration)),
            Workload::Sleep(duration) => write!(f, "sleep-{}", DurationLabel(*duration)),
            Workload::Skewed => f.write_str("skewed"),
            Workload::SkewedRare => f.write_str("skewed-rare"),
            Workload::Payload(size) => write!(f, "payload-{}", size.label()),
            Workload::AsyncNoop => f.write_str("async-noop"),
            Workload::AsyncSleep(duration) => {
                write!(f, "async-sleep-{}", DurationLabel(*duration))
            }
            Workload::TcpEcho => f.write_str("tcp-echo"),
            Workload::SpawnBlockingSpin(duration) => {
                write!(f, "spawn-blocking-spin-{}", DurationLabel(*duration))
            }
        }
    }
}

/// A duration written the way workload names write it: `10us`, `1ms`.
struct DurationLabel(Duration);

impl fmt::Display for DurationLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nanos = self.0.as_nanos();
        for (unit, size) in [("s", 1_000_000_000), ("ms", 1_000_000), ("us", 1_000)] {
            if nanos >= size && nanos.is_multiple_of(size) {
                return write!(f, "{}{unit}", nanos / size);
            }
        }
        write!(f, "{nanos}ns")
    }
}

/// Why a workload name was not understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownWorkload(pub String);

impl fmt::Display for UnknownWorkload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown workload `{}`: expected one of {}",
            self.0,
            Workload::ACCEPTED
        )
    }
}

impl std::error::Error for UnknownWorkload {}

impl FromStr for Workload {
    type Err = UnknownWorkload;

    fn from_str(name: &str) -> Result<Workload, UnknownWorkload> {
        let unknown = || UnknownWorkload(name.to_owned());
        let workload = match name {
            "noop" => Workload::Noop,
            "seed" => Workload::Seed,
            "skewed" => Workload::Skewed,
            "skewed-rare" => Workload::SkewedRare,
            "async-noop" => Workload::AsyncNoop,
            "tcp-echo" => Workload::TcpEcho,
            _ => {
                if let Some(duration) = name.strip_prefix("async-sleep-") {
                    Workload::AsyncSleep(parse_item_duration(duration).ok_or_else(unknown)?)
                } else if let Some(duration) = name.strip_prefix("spawn-blocking-spin-") {
                    Workload::SpawnBlockingSpin(parse_item_duration(duration).ok_or_else(unknown)?)
                } else if let Some(duration) = name.strip_prefix("spin-") {
                    Workload::Spin(parse_item_duration(duration).ok_or_else(unknown)?)
                } else if let Some(duration) = name.strip_prefix("sleep-") {
                    Workload::Sleep(parse_item_duration(duration).ok_or_else(unknown)?)
                } else if let Some(size) = name.strip_prefix("payload-") {
                    let size = PayloadSize::ALL
                        .into_iter()
                        .find(|candidate| {
                            candidate.label().eq_ignore_ascii_case(size)
                                || candidate.bytes().to_string() == size
                        })
                        .ok_or_else(unknown)?;
                    Workload::Payload(size)
                } else {
                    return Err(unknown());
                }
            }
        };
        Ok(workload)
    }
}

/// `10us`, `250ns`, `1ms`, `1s`: a non-zero whole number and a unit, at most one second.
fn parse_item_duration(text: &str) -> Option<Duration> {
    let digits = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(digits);
    let number: u64 = number.parse().ok()?;
    let duration = match unit {
        "ns" => Duration::from_nanos(number),
        "us" | "µs" => Duration::from_micros(number),
        "ms" => Duration::from_millis(number),
        "s" => Duration::from_secs(number),
        _ => return None,
    };
    (!duration.is_zero() && duration <= LONGEST_ITEM).then_some(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in [
            "noop",
            "seed",
            "spin-1us",
            "spin-10us",
            "spin-250ns",
            "sleep-100us",
            "sleep-2ms",
            "skewed",
            "skewed-rare",
            "payload-8B",
            "payload-64B",
            "payload-1KiB",
            "payload-16KiB",
            "async-noop",
            "async-sleep-1ms",
            "async-sleep-250us",
            "tcp-echo",
            "spawn-blocking-spin-10us",
        ] {
            let workload: Workload = name.parse().unwrap();
            assert_eq!(workload.to_string(), name);
        }
        assert_eq!(
            "payload-1024".parse::<Workload>(),
            Ok(Workload::Payload(PayloadSize::KiB1))
        );
    }

    #[test]
    fn bad_names_are_refused_with_the_accepted_forms() {
        for bad in [
            "",
            "spin",
            "spin-",
            "spin-0us",
            "spin-2s",
            "spin-10",
            "sleep-1h",
            "payload-3B",
            "fast",
            "skewed-often",
            "async-sleep",
            "async-sleep-0ms",
            "async-spin-10us",
            "spawn-blocking-sleep-1ms",
            "tcp",
        ] {
            let error = bad.parse::<Workload>().unwrap_err();
            assert!(
                error.to_string().contains("expected one of noop, seed"),
                "{error}"
            );
        }
    }

    #[test]
    fn default_item_counts_stay_in_bounds() {
        for workload in Workload::THROUGHPUT_SET
            .into_iter()
            .chain(Workload::BALANCE_SET)
            .chain(Workload::ASYNC_SET)
        {
            let items = workload.default_items();
            assert!((100..=5_000).contains(&items), "{workload}: {items}");
        }
        assert_eq!(
            Workload::Spin(Duration::from_micros(10)).default_items(),
            2_000
        );
    }
}
