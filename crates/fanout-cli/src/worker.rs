//! `fanout worker`: serve the built-in workloads as jobs to runs on a NATS server.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use fanout_harness::workload_jobs;
use fanout_nats::{MAX_REPLICAS, NatsOptions, Worker};

use crate::args::{MAX_WORKERS, whole};

/// Serve the workloads (`noop`, `seed`, `spin-<d>`, `sleep-<d>`, `payload-<n>`, ...) as
/// jobs to any run on a NATS JetStream server, until stopped.
#[derive(Args, Debug)]
pub(crate) struct WorkerArgs {
    /// The server: `nats://host:4222`, or `tls://host:4222` to insist on TLS; several of
    /// a cluster separated by commas, to connect to any and fail over between them.
    #[arg(long, value_name = "URL[,URL...]")]
    nats: String,
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
    /// A token to authenticate with.
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    /// A user to authenticate as (with `--password`).
    #[arg(long, value_name = "USER", requires = "password")]
    user: Option<String>,
    /// The password of `--user`.
    #[arg(long, value_name = "PASSWORD", requires = "user")]
    password: Option<String>,
    /// A credentials file (a JWT and an nkey seed) to authenticate with.
    #[arg(long, value_name = "FILE")]
    creds: Option<PathBuf>,
    /// A PEM file of the certificate authority to trust for the server's certificate.
    #[arg(long, value_name = "FILE")]
    tls_ca: Option<PathBuf>,
    /// A PEM client certificate, for servers that verify clients (with `--tls-key`).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The PEM key of `--tls-cert`.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
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
        if let Some(token) = self.token {
            options = options.token(token);
        }
        if let (Some(user), Some(password)) = (self.user, self.password) {
            options = options.user_and_password(user, password);
        }
        if let Some(path) = self.creds {
            options = options.credentials_file(path);
        }
        if let Some(path) = self.tls_ca {
            options = options.tls_ca_file(path);
        }
        if let (Some(cert), Some(key)) = (self.tls_cert, self.tls_key) {
            options = options.tls_client_certificate(cert, key);
        }
        let workers = usize::try_from(self.workers).expect("range-checked by clap");
        let worker = Worker::start(&self.nats, workers, workload_jobs(), &options)
            .map_err(|error| error.to_string())?;
        // Tests and scripts wait for this line before they start runs.
        let noun = if workers == 1 { "worker" } else { "workers" };
        println!(
            "serving the workloads with {workers} {noun} on {}",
            self.nats
        );
        worker.wait().map_err(|error| error.to_string())
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
