//! The consumer of the README's "Past one machine": runs 1 000 items of the built-in
//! `spin-1ms` workload on whatever `fanout worker` processes serve the server at the
//! URL given (`cargo run --example nats_consumer -- nats://server:4222`).

use fanout_core::FanConfig;
use fanout_harness::WorkloadJob;
use fanout_nats::{Nats, NatsOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::args()
        .nth(1)
        .unwrap_or("nats://127.0.0.1:4222".into());
    let engine = Nats::connect_with(&url, FanConfig::new(8)?, NatsOptions::new())?;
    let job = WorkloadJob::new("spin-1ms".parse()?); // a job `fanout worker` serves
    // `run(inputs, job)`: workers look the job up by name; each input is serialized.
    let done = engine
        .run((0..1000).map(move |id| job.input(id)), job)
        .count();
    println!("{done} items"); // a failed run panics saying why; `try_run` gives Results
    Ok(())
}
