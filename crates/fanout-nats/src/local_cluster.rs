//! Real `nats-server`s with JetStream, routed into one cluster on free ports of
//! 127.0.0.1, for tests of what survives losing a server.

use std::time::{Duration, Instant};

use async_nats::jetstream;
use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::local_server::{LocalServer, ServerError, for_tests, free_ports};
use crate::runtime::{block_on, new_runtime};

/// How long the servers may take to elect the JetStream meta leader once they all run.
const ELECTION_TIMEOUT: Duration = Duration::from_secs(30);

/// How often a server is asked whether JetStream is ready, and how long it may take to
/// answer.
const ELECTION_POLL: Duration = Duration::from_millis(250);

/// The JetStream API's answer to `$JS.API.INFO`, read only for whether it is an error
/// (the client's own account type expects fields a 2.9 server does not send).
#[derive(Deserialize)]
struct Info {
    error: Option<IgnoredAny>,
}

/// A cluster of [`LocalServer`]s: each with its own client port, cluster port, store
/// and `server_name` (`fanout-1`, `fanout-2`, ...), with routes to all the others.
/// Every server is killed and its store removed on drop.
///
/// ```no_run
/// let mut cluster = fanout_nats::LocalCluster::start(3)?;
/// println!("connect to {}", cluster.urls()); // nats://127.0.0.1:p1,nats://127.0.0.1:p2,...
/// cluster.kill("fanout-2")?; // SIGKILL, as a machine dying would
/// # Ok::<(), fanout_nats::ServerError>(())
/// ```
pub struct LocalCluster {
    servers: Vec<(String, LocalServer)>,
}

impl LocalCluster {
    /// Starts `size` servers (at least 1) and waits until each answers JetStream
    /// requests, which it does once the cluster has elected its meta leader.
    pub fn start(size: usize) -> Result<LocalCluster, ServerError> {
        if size == 0 {
            return Err(ServerError::Failed(
                "a cluster needs at least 1 server (got 0)".to_owned(),
            ));
        }
        let client_ports = free_ports(size)?;
        let cluster_ports = free_ports(size)?;
        let route = |port: &u16| format!("nats://127.0.0.1:{port}");
        let mut servers = Vec::with_capacity(size);
        for (index, (&client, own)) in client_ports.iter().zip(&cluster_ports).enumerate() {
            let name = format!("fanout-{}", index + 1);
            let routes: Vec<String> = cluster_ports
                .iter()
                .filter(|&port| port != own)
                .map(route)
                .collect();
            let extra = vec![
                "--server_name".to_owned(),
                name.clone(),
                "--cluster_name".to_owned(),
                "fanout".to_owned(),
                "--cluster".to_owned(),
                route(own),
                "--routes".to_owned(),
                routes.join(","),
            ];
            // A server started before its error is returned is dropped with `servers`:
            // killed, its store removed.
            servers.push((name, LocalServer::start_on(client, extra)?));
        }
        let cluster = LocalCluster { servers };
        cluster.wait_for_jetstream()?;
        Ok(cluster)
    }

    /// For tests: [`LocalCluster::start`], or `None` when `nats-server` is missing and
    /// `FANOUT_SKIP_NATS=1` is set, as [`LocalServer::for_tests`].
    ///
    /// # Panics
    /// As [`LocalServer::for_tests`].
    pub fn for_tests(size: usize) -> Option<LocalCluster> {
        for_tests(LocalCluster::start(size))
    }

    /// Every server's URL, separated by commas, as [`Nats::connect`](crate::Nats::connect)
    /// and workers take them.
    pub fn urls(&self) -> String {
        self.servers
            .iter()
            .map(|(_, server)| server.url())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The servers, by `server_name`, those killed included.
    pub fn servers(&self) -> impl Iterator<Item = (&str, &LocalServer)> {
        self.servers
            .iter()
            .map(|(name, server)| (name.as_str(), server))
    }

    /// Kills the server named `name` (SIGKILL, as a crash would), leaving its store.
    pub fn kill(&mut self, name: &str) -> Result<(), ServerError> {
        let names: Vec<&str> = self.servers().map(|(name, _)| name).collect();
        let message = format!("no server is named `{name}`; the cluster has {names:?}");
        let (_, server) = self
            .servers
            .iter_mut()
            .find(|(named, _)| named == name)
            .ok_or(ServerError::Failed(message))?;
        server.kill();
        Ok(())
    }

    /// Waits until every server answers a JetStream request (`$JS.API.INFO`), which a
    /// clustered server refuses until it knows the meta leader.
    fn wait_for_jetstream(&self) -> Result<(), ServerError> {
        let failed = |message: String| ServerError::Failed(message);
        let runtime = new_runtime("fanout-nats-cluster", 1)
            .map_err(|error| failed(format!("no runtime to wait with: {error}")))?;
        let urls: Vec<String> = self.servers.iter().map(|(_, s)| s.url()).collect();
        block_on(runtime.handle(), async move {
            let deadline = Instant::now() + ELECTION_TIMEOUT;
            for url in urls {
                let client = async_nats::connect(&url)
                    .await
                    .map_err(|error| failed(format!("could not connect to {url}: {error}")))?;
                let js = jetstream::new(client);
                loop {
                    // A server not ready may not answer at all: each request waits
                    // a poll's time rather than the client's 5 s.
                    let asking = js.request::<_, _, Info>("INFO", &());
                    match tokio::time::timeout(ELECTION_POLL, asking).await {
                        Ok(Ok(Info { error: None })) => break,
                        _not_yet if Instant::now() > deadline => {
                            return Err(failed(format!(
                                "JetStream at {url} was not ready within \
                                 {ELECTION_TIMEOUT:?}: no meta leader elected"
                            )));
                        }
                        _not_yet => tokio::time::sleep(ELECTION_POLL).await,
                    }
                }
            }
            Ok(())
        })
    }
}
