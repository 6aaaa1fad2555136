//! Distance between the workers and the server, simulated: a latency-injecting TCP proxy
//! (noxious, a Rust port of Toxiproxy) run in-process on a runtime of its own, with a
//! latency toxic on each direction.
//!
//! noxious delays each chunk it reads, one after another, and tokio's timer counts whole
//! milliseconds, so the round trip it adds is measured ([`LatencyProxy::round_trip`]),
//! not taken from the toxic's setting.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use fanout_benches::median;
use noxious::proxy::{ProxyConfig, ProxyRunner, Runner, Toxics};
use noxious::signal::{Close, Stop, Stopper};
use noxious::socket::TcpListener;
use noxious::toxic::{StreamDirection, Toxic, ToxicEvent, ToxicEventResult, ToxicKind};
use tokio::runtime::Runtime;

/// A proxy from a port of its own to the server's, each way delayed by `one_way`.
pub(crate) struct LatencyProxy {
    runtime: Option<Runtime>,
    stopper: Option<Stopper>,
    port: u16,
    /// Kept so that the proxy's event loop, which ends when its sender goes, runs.
    _events: bmrng::RequestSender<ToxicEvent, ToxicEventResult>,
    _close: Close,
}

/// A latency toxic of `millis` on `direction`.
fn latency(direction: StreamDirection, millis: u64) -> Toxic {
    Toxic {
        kind: ToxicKind::Latency {
            latency: millis,
            jitter: 0,
        },
        name: format!("latency-{direction:?}"),
        toxicity: 1.0,
        direction,
    }
}

impl LatencyProxy {
    /// Starts one in front of the server on `upstream_port`, with a latency toxic of
    /// `one_way_millis` each way, or none.
    pub(crate) fn start(upstream_port: u16, one_way_millis: Option<u64>) -> LatencyProxy {
        // noxious binds the address it is given and does not say which port it got, so a
        // free one is found first (a race with other processes this bench accepts).
        let port = std::net::TcpListener::bind(("127.0.0.1", 0))
            .and_then(|listener| listener.local_addr())
            .expect("a free loopback port")
            .port();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("latency-proxy")
            .enable_all()
            .build()
            .expect("the proxy's runtime starts");
        let config = ProxyConfig {
            name: "fanout-distance".to_owned(),
            listen: format!("127.0.0.1:{port}"),
            upstream: format!("127.0.0.1:{upstream_port}"),
            enabled: true,
            rand_seed: None,
        };
        let toxics = Toxics {
            upstream: one_way_millis
                .map(|millis| latency(StreamDirection::Upstream, millis))
                .into_iter()
                .collect(),
            downstream: one_way_millis
                .map(|millis| latency(StreamDirection::Downstream, millis))
                .into_iter()
                .collect(),
        };
        let (listener, info) = runtime
            .block_on(ProxyRunner::initialize_proxy::<TcpListener>(config, toxics))
            .expect("the proxy binds its port");
        let (events, receiver) = bmrng::channel(1);
        let (stop, stopper) = Stop::new();
        let (close, closer) = Close::new();
        runtime.spawn(ProxyRunner::run_proxy(
            listener, info, receiver, stop, closer,
        ));
        LatencyProxy {
            runtime: Some(runtime),
            stopper: Some(stopper),
            port,
            _events: events,
            _close: close,
        }
    }

    /// The URL workers connect to.
    pub(crate) fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// The round trip through the proxy and the server, measured: the median of 21
    /// NATS `PING`s answered by `PONG` on one connection.
    pub(crate) fn round_trip(&self) -> Duration {
        let mut connection =
            TcpStream::connect(("127.0.0.1", self.port)).expect("the proxy accepts");
        connection.set_nodelay(true).expect("TCP_NODELAY");
        let mut reader = BufReader::new(connection.try_clone().expect("a second handle"));
        let mut line = String::new();
        reader.read_line(&mut line).expect("the server's INFO");
        connection
            .write_all(b"CONNECT {\"verbose\":false}\r\n")
            .expect("CONNECT");
        let times: Vec<f64> = (0..21)
            .map(|_| {
                let started = Instant::now();
                connection.write_all(b"PING\r\n").expect("PING");
                line.clear();
                reader.read_line(&mut line).expect("PONG");
                assert_eq!(line, "PONG\r\n", "the server answers PING");
                started.elapsed().as_secs_f64()
            })
            .collect();
        Duration::from_secs_f64(median(&times).expect("21 round trips"))
    }
}

impl Drop for LatencyProxy {
    fn drop(&mut self) {
        if let Some(stopper) = self.stopper.take() {
            stopper.stop();
        }
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(Duration::from_secs(1));
        }
    }
}
