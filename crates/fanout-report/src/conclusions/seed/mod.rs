//! The seed's own design claims (`seed/fan-out-fan-in.md`), each put to the measurements:
//! per-worker result channels, automatic load balancing, and unbuffered channels; and
//! the seed itself, in Go, against its ports, its claims judged on its Go rows too
//! ([`go`]).

pub(crate) mod go;
mod grid;
mod load_balancing;
mod result_channels;
mod sweep;
mod unbuffered;
mod unbuffered_work;

use crate::conclusions::Finding;
use crate::data::Results;

/// One finding per claim.
pub(crate) fn findings(results: &Results) -> Vec<Finding> {
    vec![
        result_channels::finding(results),
        load_balancing::finding(results),
        unbuffered::finding(results),
    ]
}
