//! `fanout worker`: serve the built-in workloads as jobs to runs on a NATS server.

use std::time::Duration;

use clap::Args;
use fanout_harness::workload_jobs;
use fanout_nats::{MAX_REPLICAS, NatsOptions, Worker};

use crate::args::{MAX_WORKERS, whole};
use crate::connection::ConnectionArgs;
use crate::stop_signal::StopSignals;

/// Serve the workloads (`noop`, `seed`, `spin-<d>`, `sleep-<d>`, `payload-<n>`, ...) as
/// jobs to any run on a NATS JetStream server, until stopped (SIGTERM or SIGINT: it then
/// prints what it served on stderr and exits 0). It logs on stderr, one line each, every
/// item it refuses and every message it terminates, with the run and the job.
#[derive(Args, Debug)]
pub(crate) struct WorkerArgs {
    #[command(flatten)]
    connection: ConnectionArgs,
    /// How many items this process works on at once, each on a thread.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true, value_parser = whole(1, MAX_WORKERS))]
    workers: u64,
    /// Seconds the server waits for an item's result before handing it to another worker.
    #[arg(long, default_value_t = 30.0, allow_negative_numbers = true, value_parser = parse_ack_wait)]
    ack_wait: f64,
    /// The most times the server delivers one batch before it gives up on it.
    #[arg(long, default_value_t = 10, allow_negative_numbers = true, value_parser = whole(1, 1000))]
    max_deliver: u64,
    /// How many servers of a cluster keep a copy of the work stream (1 to 5; a single
    /// server takes 1): this worker creates it so if it is the first, else checks that
    /// the stream has as many. Without it, 1 for a stream this worker creates.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole(1, MAX_REPLICAS as u64))]
    replicas: Option<u64>,
}

impl WorkerArgs {
    pub(crate) fn run(self) -> Result<(), String> {
        let max_deliver = usize::try_from(self.max_deliver).expect("range-checked by clap");
        let mut options = NatsOptions::new()
            .ack_wait(Duration::from_secs_f64(self.ack_wait))
            .max_deliver(max_deliver);
        if let Some(replicas) = self.replicas {
            options = options.replicas(usize::try_from(replicas).expect("range-checked by clap"));
        }
        let options = self.connection.apply(options);
        let workers = usize::try_from(self.workers).expect("range-checked by clap");
        // Before the worker's threads start, so that they inherit the mask.
        let signals = StopSignals::block()?;
        let url = &self.connection.nats;
        let worker = Worker::start(url, workers, workload_jobs(), &options)
            .map_err(|error| error.to_string())?;
        // Tests and scripts wait for this line before they start runs.
        let noun = if workers == 1 { "worker" } else { "workers" };
        println!("serving the workloads with {workers} {noun} on {url}");
        let signal = signals.wait()?;
        let served = worker.served();
        // Batches held and not acknowledged go back to the server after the ack wait.
        drop(worker);
        eprintln!("fanout worker: stopped by {signal} after serving {served}");
        Ok(())
    }
}

fn parse_ack_wait(text: &str) -> Result<f64, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if seconds.is_finite() && (0.1..=3600.0).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(format!("{text} is not in 0.1..=3600 seconds"))
    }
}
