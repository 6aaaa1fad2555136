//! [`Interval`]: a figure with the ends of its spread, shared with `fanout compare` so
//! that both judge ties by the same rule.

pub(crate) use fanout_harness::measure::Interval;
