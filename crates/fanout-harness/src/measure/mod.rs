//! What a measured run reports, and the instruments that take it.

mod fairness;
mod ideal;
mod interval;
mod latency;
mod ledger;
mod median;
mod paired;
mod process;
mod rounds;
mod summary;
mod target;
mod timer;
mod verdict;
mod wake_up;

pub use fairness::{WorkerCounts, coefficient_of_variation};
pub use ideal::Ideal;
pub use interval::Interval;
pub use latency::{LatencyHistogram, Percentiles};
pub use ledger::{Ledger, LostOrDuplicated};
pub use median::{Midpoint, median, quartiles};
pub use paired::PairedRatio;
pub use process::{ProcessUsage, peak_rss_bytes, reset_peak_rss};
pub use rounds::{Candidate, CellVerdict, DecisionCell, WIN_ABOVE};
pub use summary::Scaling;
pub use target::{Target, TargetVerdict};
pub use timer::mean_timer_sleep;
pub use verdict::Verdict;
pub use wake_up::{WakeUp, wake_up_time};
