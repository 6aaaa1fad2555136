//! What one item costs crossing a local `nats-server`, broken into the client calls
//! fanout-nats makes: encoding and decoding an item (postcard), publishing an item and
//! waiting for JetStream's acknowledgement, fetching it from a pull consumer, and
//! acknowledging it. Each call is timed alone, in a loop of `ROUNDS`, and printed in µs.
//!
//! `cargo run --release -p fanout-benches --example nats_cost` (needs `nats-server`).

use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer::pull, stream};
use bytes::Bytes;
use fanout_harness::{WireItem, Workload, WorkloadJob};
use fanout_nats::LocalServer;
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
    })
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
