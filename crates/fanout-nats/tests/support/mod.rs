//! Jobs and helpers the guarantee tests share.

#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use fanout_core::{FanConfig, WorkerId};
use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use async_nats::jetstream;
use fanout_nats::{Job, Jobs, LocalServer, Nats, NatsOptions, WORK_STREAM, Worker};
use futures_util::TryStreamExt;

/// `n -> n * n`.
pub struct Square;

impl Job for Square {
    const NAME: &'static str = "square";
    type Input = u64;
    type Output = u64;
    fn call(&self, _worker: WorkerId, input: u64) -> u64 {
        input * input
    }
}

/// Sleeps a millisecond, then `n -> n`, so that items stay in flight a while.
pub struct Slow;

impl Job for Slow {
    const NAME: &'static str = "slow";
    type Input = u64;
    type Output = u64;
    fn call(&self, _worker: WorkerId, input: u64) -> u64 {
        std::thread::sleep(Duration::from_millis(1));
        input
    }
}

/// Panics on item 3's input, else `n -> n`.
pub struct PanicsOnThree;

impl Job for PanicsOnThree {
    const NAME: &'static str = "panics-on-three";
    type Input = u64;
    type Output = u64;
    fn call(&self, _worker: WorkerId, input: u64) -> u64 {
        assert!(input != 3, "three is not welcome");
        input
    }
}

/// A number that cannot be serialized when it is 4.
pub struct Unsendable(pub u64);

impl Serialize for Unsendable {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0 == 4 {
            return Err(S::Error::custom("four cannot travel"));
        }
        serializer.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for Unsendable {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        u64::deserialize(deserializer).map(Unsendable)
    }
}

/// A number that cannot be deserialized when it is 5.
pub struct Picky(pub u64);

impl Serialize for Picky {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for Picky {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match u64::deserialize(deserializer)? {
            5 => Err(D::Error::custom("five is refused")),
            n => Ok(Picky(n)),
        }
    }
}

/// `n -> n`, through the types above.
pub struct Fussy;

impl Job for Fussy {
    const NAME: &'static str = "fussy";
    type Input = Unsendable;
    type Output = Picky;
    fn call(&self, _worker: WorkerId, input: Unsendable) -> Picky {
        Picky(input.0)
    }
}

/// Sends twelve 0xff bytes to `square`, whose workers read a `u64` varint from them: too long.
pub struct MisfitSquare;

impl Job for MisfitSquare {
    const NAME: &'static str = "square";
    type Input = [u8; 12];
    type Output = u64;
    fn call(&self, _worker: WorkerId, _input: [u8; 12]) -> u64 {
        unreachable!("only the consumer's side of this job is used")
    }
}

/// `(id, size) -> (id, size bytes)`: results as large as asked.
pub struct Blob;

impl Job for Blob {
    const NAME: &'static str = "blob";
    type Input = (u64, usize);
    type Output = (u64, Vec<u8>);
    fn call(&self, _worker: WorkerId, (id, size): (u64, usize)) -> (u64, Vec<u8>) {
        (id, vec![id as u8; size])
    }
}

/// A short ack wait, so that held items come back quickly in fault tests.
pub fn quick_options() -> NatsOptions {
    NatsOptions::new().ack_wait(Duration::from_secs(1))
}

/// Every test job.
pub fn all_jobs() -> Jobs {
    Jobs::new()
        .with(Square)
        .and_then(|jobs| jobs.with(Slow))
        .and_then(|jobs| jobs.with(PanicsOnThree))
        .and_then(|jobs| jobs.with(Fussy))
        .and_then(|jobs| jobs.with(Blob))
        .expect("the test jobs have valid names")
}

/// A server, an engine of `workers` and a worker process's loop in this process, or
/// `None` where the server is absent and skipping was asked for.
pub fn setup(workers: usize) -> Option<(LocalServer, Nats, Worker)> {
    let server = LocalServer::for_tests(&[])?;
    let worker = Worker::start(&server.url(), workers, all_jobs(), &quick_options()).unwrap();
    let engine = Nats::connect(&server.url(), FanConfig::new(workers).unwrap()).unwrap();
    Some((server, engine, worker))
}

/// What the server holds: its streams, and the work stream's messages now, messages ever
/// published and consumers.
pub struct ServerState {
    pub streams: Vec<String>,
    pub messages: u64,
    pub published: u64,
    pub consumers: Vec<String>,
    /// The workers' consumer's `max_deliver`, if it exists.
    pub max_deliver: Option<i64>,
}

pub fn server_state(url: &str) -> ServerState {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let js = jetstream::new(async_nats::connect(url).await.unwrap());
        let mut streams: Vec<String> = js.stream_names().try_collect().await.unwrap();
        streams.sort();
        let mut work = js.get_stream(WORK_STREAM).await.unwrap();
        let state = work.info().await.unwrap().state.clone();
        let consumers: Vec<String> = work.consumer_names().try_collect().await.unwrap();
        let max_deliver = work
            .consumer_info("fanout-workers")
            .await
            .ok()
            .map(|info| info.config.max_deliver);
        ServerState {
            streams,
            messages: state.messages,
            published: state.last_sequence,
            consumers,
            max_deliver,
        }
    })
}

/// The `server_name` of `stream`'s leader, as the server at `url` reports it
/// (`$JS.API.STREAM.INFO.<stream>`'s `cluster.leader`), if it has one.
pub fn stream_leader(url: &str, stream: &str) -> Option<String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let js = jetstream::new(async_nats::connect(url).await.unwrap());
        let mut stream = js.get_stream(stream).await.unwrap();
        let info = stream.info().await.unwrap();
        info.cluster
            .as_ref()
            .and_then(|cluster| cluster.leader.clone())
    })
}
