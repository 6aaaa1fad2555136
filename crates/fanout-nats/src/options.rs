//! How to reach and authenticate to the server, and the timings of runs and workers.

use std::path::{Path, PathBuf};
use std::time::Duration;

use async_nats::{ConnectOptions, Event};
use tokio::sync::watch;

use crate::Error;
use crate::servers::server_addrs;

/// The shortest wait before a run says what it waits for, so that it never says so in a loop.
const MIN_WAIT_NOTICE: Duration = Duration::from_millis(100);

/// The most replicas JetStream keeps of a stream.
pub const MAX_REPLICAS: usize = 5;

/// Connection and timing options, shared by [`Nats`](crate::Nats) and workers.
///
/// The URL they connect to may name several servers of a cluster, separated by commas
/// (`nats://a:4222,nats://b:4222,nats://c:4222`): the client connects to any of them
/// and, when that one goes, fails over to another (and to those the cluster announces).
///
/// Authentication follows `async-nats`: a token, a user and password, or a credentials
/// file (`.creds`, a JWT and an nkey seed). TLS uses rustls: a CA file to trust the
/// server's certificate, and a client certificate and key for servers that verify
/// clients; a `tls://` URL or [`NatsOptions::require_tls`] insists on TLS.
///
/// ```
/// use std::time::Duration;
/// use fanout_nats::NatsOptions;
///
/// let options = NatsOptions::new()
///     .user_and_password("fan", "s3cret")
///     .tls_ca_file("/etc/nats/ca.pem")
///     .connect_timeout(Duration::from_secs(5))
///     .ack_wait(Duration::from_secs(60));
/// assert_eq!(options.ack_wait_value(), Duration::from_secs(60));
/// ```
#[derive(Clone, Debug)]
pub struct NatsOptions {
    token: Option<String>,
    user_and_password: Option<(String, String)>,
    credentials_file: Option<PathBuf>,
    tls_ca_file: Option<PathBuf>,
    tls_client: Option<(PathBuf, PathBuf)>,
    require_tls: bool,
    connect_timeout: Duration,
    ack_wait: Duration,
    max_ack_pending: i64,
    max_deliver: i64,
    publish_patience: Duration,
    wait_notice: Duration,
    replicas: Option<usize>,
}

impl Default for NatsOptions {
    fn default() -> NatsOptions {
        NatsOptions {
            token: None,
            user_and_password: None,
            credentials_file: None,
            tls_ca_file: None,
            tls_client: None,
            require_tls: false,
            connect_timeout: Duration::from_secs(2),
            ack_wait: Duration::from_secs(30),
            max_ack_pending: 1024,
            max_deliver: 10,
            publish_patience: Duration::from_secs(30),
            wait_notice: Duration::from_secs(5),
            replicas: None,
        }
    }
}

impl NatsOptions {
    /// No authentication, no TLS unless the URL asks for it, the default timings.
    pub fn new() -> NatsOptions {
        NatsOptions::default()
    }

    /// Authenticate with a token.
    pub fn token(self, token: impl Into<String>) -> NatsOptions {
        NatsOptions {
            token: Some(token.into()),
            ..self
        }
    }

    /// Authenticate with a user and password.
    pub fn user_and_password(
        self,
        user: impl Into<String>,
        password: impl Into<String>,
    ) -> NatsOptions {
        NatsOptions {
            user_and_password: Some((user.into(), password.into())),
            ..self
        }
    }

    /// Authenticate with a credentials file (a JWT and an nkey seed, as `nsc` writes).
    pub fn credentials_file(self, path: impl Into<PathBuf>) -> NatsOptions {
        NatsOptions {
            credentials_file: Some(path.into()),
            ..self
        }
    }

    /// Trust the certificate authority in this PEM file for the server's certificate.
    pub fn tls_ca_file(self, path: impl Into<PathBuf>) -> NatsOptions {
        NatsOptions {
            tls_ca_file: Some(path.into()),
            ..self
        }
    }

    /// Present this client certificate and key (PEM files) to a server that verifies clients.
    pub fn tls_client_certificate(
        self,
        cert: impl Into<PathBuf>,
        key: impl Into<PathBuf>,
    ) -> NatsOptions {
        NatsOptions {
            tls_client: Some((cert.into(), key.into())),
            ..self
        }
    }

    /// Refuse to talk to the server without TLS.
    pub fn require_tls(self, required: bool) -> NatsOptions {
        NatsOptions {
            require_tls: required,
            ..self
        }
    }

    /// How long connecting to one server may take before it fails (default 2 s); with
    /// several servers, the client tries each in turn, within this long each.
    pub fn connect_timeout(self, timeout: Duration) -> NatsOptions {
        NatsOptions {
            connect_timeout: timeout,
            ..self
        }
    }

    /// Workers: how long the server waits for a batch's acknowledgement before it hands
    /// the batch to another worker (default 30 s). A batch that runs longer is run twice;
    /// the gather keeps one result. The workers' consumer is set to the value of the
    /// worker that started last.
    pub fn ack_wait(self, ack_wait: Duration) -> NatsOptions {
        NatsOptions { ack_wait, ..self }
    }

    /// Workers: the most batches all workers together hold unacknowledged (the
    /// consumer's `max_ack_pending`, default 1024).
    pub fn max_ack_pending(self, max_ack_pending: usize) -> NatsOptions {
        NatsOptions {
            max_ack_pending: i64::try_from(max_ack_pending).unwrap_or(i64::MAX),
            ..self
        }
    }

    /// Workers: the most times the server delivers one batch (the consumer's
    /// `max_deliver`, default 10, at least 1), so that no message is redelivered
    /// forever: a worker that dies holding it, a batch that outlasts the ack wait, a
    /// result the server did not take each count one. A run whose batch runs out of
    /// deliveries waits, saying so (see [`NatsOptions::wait_notice`]).
    pub fn max_deliver(self, max_deliver: usize) -> NatsOptions {
        NatsOptions {
            max_deliver: i64::try_from(max_deliver.max(1)).unwrap_or(i64::MAX),
            ..self
        }
    }

    /// Runs: how long a run keeps retrying to publish a batch the server did not
    /// acknowledge (a server restarting) before the run fails (default 30 s).
    pub fn publish_patience(self, patience: Duration) -> NatsOptions {
        NatsOptions {
            publish_patience: patience,
            ..self
        }
    }

    /// Runs: how long a run with items out goes without any result before it says on
    /// stderr what it waits for (how many items of which job, and whether any worker has
    /// joined the server, pulls or holds batches), default 5 s; it says so again each
    /// time the silence has doubled, and at least once a minute. Shorter than 0.1 s is
    /// taken as 0.1 s.
    pub fn wait_notice(self, after: Duration) -> NatsOptions {
        NatsOptions {
            wait_notice: after.max(MIN_WAIT_NOTICE),
            ..self
        }
    }

    /// How many servers of a cluster keep a copy of the work stream (its replicas, in
    /// `1..=`[`MAX_REPLICAS`]), so that a run survives losing all but a majority of
    /// them; default 1, all a single server takes. It applies when this client is the
    /// one that creates the work stream; each run's results stream takes the work
    /// stream's count. Connecting fails, saying what is accepted, on a count outside
    /// `1..=5`, on more than the server or cluster can place, and on a work stream that
    /// exists with another count.
    pub fn replicas(self, replicas: usize) -> NatsOptions {
        NatsOptions {
            replicas: Some(replicas),
            ..self
        }
    }

    /// The ack wait workers use.
    pub fn ack_wait_value(&self) -> Duration {
        self.ack_wait
    }

    pub(crate) fn max_ack_pending_value(&self) -> i64 {
        self.max_ack_pending
    }

    pub(crate) fn max_deliver_value(&self) -> i64 {
        self.max_deliver
    }

    pub(crate) fn publish_patience_value(&self) -> Duration {
        self.publish_patience
    }

    pub(crate) fn wait_notice_value(&self) -> Duration {
        self.wait_notice
    }

    /// The replica count asked for, if one was, once checked to be one JetStream takes.
    pub(crate) fn replicas_value(&self) -> Result<Option<usize>, Error> {
        match self.replicas {
            Some(replicas) if !(1..=MAX_REPLICAS).contains(&replicas) => {
                Err(Error::Config(format!(
                    "replicas must be in 1..={MAX_REPLICAS}, as JetStream keeps 1 to \
                     {MAX_REPLICAS} copies of a stream (got {replicas})"
                )))
            }
            replicas => Ok(replicas),
        }
    }

    /// Connects to `url`, one server URL or several separated by commas, with these
    /// options, failing within the connection timeout.
    pub(crate) async fn connect(&self, url: &str) -> Result<async_nats::Client, Error> {
        self.connect_from(url, ConnectOptions::new()).await
    }

    /// [`NatsOptions::connect`], with a counter of the connections made since, which
    /// changes on every reconnection (a server restarted forgets the client's pulls).
    pub(crate) async fn connect_watching(
        &self,
        url: &str,
    ) -> Result<(async_nats::Client, watch::Receiver<u64>), Error> {
        let (connections, watching) = watch::channel(0_u64);
        let counting = ConnectOptions::new().event_callback(move |event| {
            if matches!(event, Event::Connected) {
                connections.send_modify(|count| *count += 1);
            }
            std::future::ready(())
        });
        let client = self.connect_from(url, counting).await?;
        Ok((client, watching))
    }

    /// Checks that every file named is there and readable, and each PEM file holds a PEM
    /// block: the client reads the TLS files only once a server asks for TLS, and would
    /// otherwise ignore a missing one on a `nats://` URL.
    fn check_files(&self) -> Result<(), Error> {
        let pem = [
            ("TLS CA file", self.tls_ca_file.as_ref()),
            (
                "TLS client certificate",
                self.tls_client.as_ref().map(|(cert, _)| cert),
            ),
            (
                "TLS client key",
                self.tls_client.as_ref().map(|(_, key)| key),
            ),
        ];
        if let Some(path) = &self.credentials_file {
            read_file("credentials file", path)?;
        }
        for (what, path) in pem {
            let Some(path) = path else { continue };
            let text = read_file(what, path)?;
            if !text.contains("-----BEGIN ") {
                return Err(Error::Config(format!(
                    "{what} `{}` is not a PEM file: it has no `-----BEGIN` line",
                    path.display()
                )));
            }
        }
        Ok(())
    }

    async fn connect_from(
        &self,
        url: &str,
        options: ConnectOptions,
    ) -> Result<async_nats::Client, Error> {
        let mut options = options
            .connection_timeout(self.connect_timeout)
            .require_tls(self.require_tls);
        if let Some(token) = &self.token {
            options = options.token(token.clone());
        }
        if let Some((user, password)) = &self.user_and_password {
            options = options.user_and_password(user.clone(), password.clone());
        }
        self.check_files()?;
        self.replicas_value()?;
        let servers = server_addrs(url)?;
        if let Some(path) = &self.credentials_file {
            options = options.credentials_file(path).await.map_err(|error| {
                Error::Config(format!(
                    "credentials file `{}` could not be read: {error}",
                    path.display()
                ))
            })?;
        }
        if let Some(path) = &self.tls_ca_file {
            options = options.add_root_certificates(path.clone());
        }
        if let Some((cert, key)) = &self.tls_client {
            options = options.add_client_certificate(cert.clone(), key.clone());
        }
        // The client's own timeout covers each attempt's TCP and TLS set-up, and it tries
        // the servers in turn; this one covers the whole, so that no address or handshake
        // can make it wait longer than one timeout per server.
        let timeout = self
            .connect_timeout
            .saturating_mul(u32::try_from(servers.len()).unwrap_or(u32::MAX));
        let failed = |message: String| Error::Connect {
            url: url.to_owned(),
            timeout,
            message,
        };
        match tokio::time::timeout(timeout, options.connect(servers)).await {
            Ok(Ok(client)) => Ok(client),
            Ok(Err(error)) => Err(failed(error.to_string())),
            Err(_elapsed) => Err(failed("timed out".to_owned())),
        }
    }
}

/// A file's text, or an error naming the file and why it could not be read.
fn read_file(what: &str, path: &Path) -> Result<String, Error> {
    std::fs::read(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .map_err(|error| {
            Error::Config(format!(
                "{what} `{}` could not be read: {error}",
                path.display()
            ))
        })
}
