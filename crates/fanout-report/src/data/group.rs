//! [`Group`]: the question a criterion group answers, parsed from its id, and the order
//! its workloads are shown in.

use std::fmt;

use fanout_harness::Workload;

/// A criterion group of fanout's benches.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Group {
    /// `throughput/<workload>`: every row over worker counts.
    Throughput(String),
    /// `capacity/<c>`: queue capacity `c` at workers = cores, noop.
    Capacity(usize),
    /// `capacity/<c>/<workload>`: queue capacity `c` at workers = cores, on real work.
    CapacityOn(usize, String),
    /// `payload/<workload>`: a `payload-<size>` workload at workers = cores.
    Payload(String),
    /// `startup/<new-engine|warm-engine>`: time to the first result.
    Startup(String),
    /// `async/<workload>`: async engines over concurrency (futures in progress) beside
    /// blocking engines over worker counts (threads), on the async bench's workloads.
    Async(String),
}

impl Group {
    /// The group of a criterion `group_id`; `None` for groups these benches do not write.
    pub(crate) fn parse(id: &str) -> Option<Group> {
        let (question, name) = id.split_once('/')?;
        match question {
            "throughput" => Some(Group::Throughput(name.to_owned())),
            "capacity" => match name.split_once('/') {
                Some((capacity, workload)) => capacity
                    .parse()
                    .ok()
                    .map(|capacity| Group::CapacityOn(capacity, workload.to_owned())),
                None => name.parse().ok().map(Group::Capacity),
            },
            "payload" => Some(Group::Payload(name.to_owned())),
            "startup" => Some(Group::Startup(name.to_owned())),
            "async" => Some(Group::Async(name.to_owned())),
            _ => None,
        }
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Group::Throughput(workload) => write!(f, "throughput/{workload}"),
            Group::Capacity(capacity) => write!(f, "capacity/{capacity}"),
            Group::CapacityOn(capacity, workload) => write!(f, "capacity/{capacity}/{workload}"),
            Group::Payload(workload) => write!(f, "payload/{workload}"),
            Group::Startup(start) => write!(f, "startup/{start}"),
            Group::Async(workload) => write!(f, "async/{workload}"),
        }
    }
}

/// Sort key for workload names: the benches' own order first, any other after, by name.
pub(crate) fn workload_order(name: &str) -> (usize, String) {
    let position = Workload::THROUGHPUT_SET
        .iter()
        .position(|workload| workload.to_string() == name)
        .unwrap_or(Workload::THROUGHPUT_SET.len());
    (position, name.to_owned())
}

/// Sort key for the async bench's workload names: its own order first, any other after.
pub(crate) fn async_workload_order(name: &str) -> (usize, String) {
    let position = Workload::ASYNC_SET
        .iter()
        .position(|workload| workload.to_string() == name)
        .unwrap_or(Workload::ASYNC_SET.len());
    (position, name.to_owned())
}

/// The bytes each item of a workload carries, if the name is a workload.
pub(crate) fn payload_bytes(name: &str) -> Option<usize> {
    name.parse::<Workload>().ok().map(Workload::payload_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_ids_round_trip() {
        for id in [
            "throughput/spin-10us",
            "capacity/0",
            "capacity/4/spin-10us",
            "payload/payload-16KiB",
            "startup/new-engine",
            "async/tcp-echo",
        ] {
            assert_eq!(Group::parse(id).unwrap().to_string(), id);
        }
        assert_eq!(Group::parse("capacity/many"), None);
        assert_eq!(Group::parse("capacity/many/noop"), None);
        assert_eq!(Group::parse("elsewhere/noop"), None);
    }

    #[test]
    fn workloads_sort_as_the_benches_run_them() {
        let mut names = vec!["sleep-100us", "zeta", "noop", "skewed"];
        names.sort_by_key(|name| workload_order(name));
        assert_eq!(names, ["noop", "skewed", "sleep-100us", "zeta"]);
        assert_eq!(payload_bytes("payload-1KiB"), Some(1024));
    }
}
