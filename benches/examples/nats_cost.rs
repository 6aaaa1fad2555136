//! What one item costs crossing a local `nats-server`, broken into the client calls
//! fanout-nats makes: encoding and decoding an item (postcard), publishing an item and
//! waiting for JetStream's acknowledgement, fetching it from a pull consumer, and
//! acknowledging it. Each call is timed alone, in a loop of `ROUNDS`, and printed in µs.
//! Then real runs of noop items through fanout-nats and one `fanout worker` process, one
//! item to a message and in batches (the default), with the CPU time each process spent
//! per item (server, worker, consumer), from `/proc`.
//!
//! `cargo run --release -p fanout-benches --example nats_cost` (needs `nats-server`).

use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer::pull, stream};
use bytes::Bytes;
use fanout_benches::{WorkerProcess, fanout_binary};
use fanout_core::FanConfig;
use fanout_harness::{WireItem, Workload, WorkloadJob};
use fanout_nats::{LocalServer, Nats};
use futures_util::StreamExt;

const ROUNDS: u32 = 2_000;

fn main() -> Result<(), async_nats::Error> {
    let server = LocalServer::start(&[])?;
    let job = WorkloadJob::new(Workload::Noop);
    let codec = time(100 * ROUNDS, |id| {
        let bytes = postcard::to_stdvec(&job.input(u64::from(id))).expect("encodes");
        let item: WireItem = postcard::from_bytes(&bytes).expect("decodes");
        std::hint::black_box(item);
    });
    println!(
        "encode + decode a noop item (postcard):      {:>8.3} us",
        micros(codec)
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let js = jetstream::new(async_nats::connect(server.url()).await?);
        let stream = js
            .create_stream(stream::Config {
                name: "COST".into(),
                subjects: vec!["cost".into()],
                retention: stream::RetentionPolicy::WorkQueue,
                storage: stream::StorageType::File,
                ..Default::default()
            })
            .await?;
        let payload = Bytes::from(postcard::to_stdvec(&job.input(7))?);

        let started = Instant::now();
        for _ in 0..ROUNDS {
            js.publish("cost", payload.clone()).await?.await?;
        }
        let publish = started.elapsed() / ROUNDS;
        println!(
            "publish, acknowledged by JetStream (1 by 1): {:>8.3} us",
            micros(publish)
        );

        let started = Instant::now();
        let mut acks = Vec::new();
        for _ in 0..ROUNDS {
            acks.push(js.publish("cost", payload.clone()).await?);
        }
        for ack in acks {
            ack.await?;
        }
        let pipelined = started.elapsed() / ROUNDS;
        println!(
            "publish, acknowledged by JetStream (pipelined): {:>5.3} us",
            micros(pipelined)
        );

        let consumer = stream
            .create_consumer(pull::Config {
                durable_name: Some("cost".into()),
                ..Default::default()
            })
            .await?;
        let (mut fetch, mut ack, mut double_ack) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
        for round in 0..ROUNDS {
            let started = Instant::now();
            let mut batch = consumer.fetch().max_messages(1).messages().await?;
            let message = batch.next().await.ok_or("a message")??;
            fetch += started.elapsed();
            let started = Instant::now();
            if round % 2 == 0 {
                message.ack().await?;
                ack += started.elapsed();
            } else {
                message.double_ack().await?;
                double_ack += started.elapsed();
            }
        }
        println!(
            "fetch one item from a pull consumer:         {:>8.3} us",
            micros(fetch / ROUNDS)
        );
        println!(
            "acknowledge it (sent, not confirmed):        {:>8.3} us",
            micros(ack / (ROUNDS / 2))
        );
        println!(
            "acknowledge it (confirmed by the server):    {:>8.3} us",
            micros(double_ack / (ROUNDS / 2))
        );
        Ok::<_, async_nats::Error>(())
    })?;
    let fanout = fanout_binary().ok_or("the `fanout` binary could not be built")?;
    let worker = WorkerProcess::start(&fanout, &server.url());
    let engine = Nats::connect(&server.url(), FanConfig::new(1)?)?;
    let batched = engine.max_batch();
    cpu_per_item(
        &server,
        &worker,
        &engine.with_max_batch(1),
        job,
        "one item to a message",
    )?;
    let engine = Nats::connect(&server.url(), FanConfig::new(1)?)?;
    cpu_per_item(
        &server,
        &worker,
        &engine,
        job,
        &format!("batches of up to {batched} items"),
    )
}

/// A run of noop items through `engine` and one worker process, and the CPU time per
/// item of the server, the worker and this process (the consumer).
fn cpu_per_item(
    server: &LocalServer,
    worker: &WorkerProcess,
    engine: &Nats,
    job: WorkloadJob,
    how: &str,
) -> Result<(), async_nats::Error> {
    const ITEMS: u64 = 20_000;
    let server_pid = server.pid().ok_or("the server is not running")?;
    let pids = [server_pid, worker.id(), std::process::id()];
    let before = pids.map(cpu_seconds);
    let started = Instant::now();
    let results = engine
        .run((0..ITEMS).map(move |id| job.input(id)), job)
        .count();
    let elapsed = started.elapsed();
    let after = pids.map(cpu_seconds);
    let per_item = |index: usize| Some((after[index]? - before[index]?) / results as f64 * 1e6);
    println!(
        "a run of {results} noop items, {how}, 1 worker process: {:.0} items/s; CPU per item:",
        results as f64 / elapsed.as_secs_f64()
    );
    for (index, process) in ["nats-server", "the worker", "the consumer"]
        .iter()
        .enumerate()
    {
        match per_item(index) {
            Some(micros) => println!("  {process:<13} {micros:>8.1} us"),
            None => println!("  {process:<13} unknown (no /proc)"),
        }
    }
    Ok(())
}

/// The user and system CPU time of process `pid` so far, from `/proc/<pid>/stat`.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces:
    // utime and stime are the 12th and 13th of them, in clock ticks (100 a second).
    let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split(' ').collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn time(rounds: u32, mut call: impl FnMut(u32)) -> Duration {
    let started = Instant::now();
    for round in 0..rounds {
        call(round);
    }
    started.elapsed() / rounds
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}
