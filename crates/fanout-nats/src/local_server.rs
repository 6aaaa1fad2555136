//! A real `nats-server` with JetStream on a free port of 127.0.0.1, for tests and benches.

use std::fmt;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long a server may take to accept connections after it starts.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// A `nats-server -js` child process with its store in a temporary directory, killed
/// and its store removed on drop. [`LocalServer::restart`] restarts it on the same port
/// and store, as a server restart in production would.
///
/// ```no_run
/// let server = fanout_nats::LocalServer::start(&[])?;
/// println!("JetStream at {}", server.url());
/// # Ok::<(), fanout_nats::ServerError>(())
/// ```
pub struct LocalServer {
    child: Option<Child>,
    program: PathBuf,
    port: u16,
    store: PathBuf,
    extra: Vec<String>,
}

/// Why a [`LocalServer`] could not start.
#[derive(Debug)]
pub enum ServerError {
    /// `nats-server` is not on the PATH (nor in /usr/sbin, where Debian puts it).
    NotInstalled,
    /// It started but did not accept connections, or could not be started.
    Failed(String),
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerError::NotInstalled => f.write_str(
                "nats-server is not installed (not on the PATH nor in /usr/sbin): install it \
                 with `apt-get install nats-server`, or set FANOUT_SKIP_NATS=1 to skip what needs it",
            ),
            ServerError::Failed(message) => write!(f, "nats-server: {message}"),
        }
    }
}

impl std::error::Error for ServerError {}

impl LocalServer {
    /// Starts a server with JetStream, `extra` arguments added (auth, TLS), and waits
    /// until it accepts connections.
    pub fn start(extra: &[&str]) -> Result<LocalServer, ServerError> {
        let ports = free_ports(1)?;
        LocalServer::start_on(ports[0], extra.iter().map(|&arg| arg.to_owned()).collect())
    }

    /// [`LocalServer::start`] on `port`, with `extra` arguments (a cluster's).
    pub(crate) fn start_on(port: u16, extra: Vec<String>) -> Result<LocalServer, ServerError> {
        let program = LocalServer::program().ok_or(ServerError::NotInstalled)?;
        let store = temporary_store()?;
        let mut server = LocalServer {
            child: None,
            program,
            port,
            store,
            extra,
        };
        server.launch()?;
        Ok(server)
    }

    /// For tests: a started server, or `None` when `nats-server` is missing and
    /// `FANOUT_SKIP_NATS=1` is set (saying so on stderr).
    ///
    /// # Panics
    /// When the server is missing without `FANOUT_SKIP_NATS=1`, saying how to install
    /// it, so that a test needing it fails rather than passing unrun; and when it fails
    /// to start.
    pub fn for_tests(extra: &[&str]) -> Option<LocalServer> {
        for_tests(LocalServer::start(extra))
    }

    /// Where `nats-server` is: on the PATH, or in /usr/sbin.
    pub fn program() -> Option<PathBuf> {
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/bin")])
            .map(|dir| dir.join("nats-server"))
            .find(|candidate| candidate.is_file())
    }

    /// `nats://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Publishes `header` (raw header bytes, status line included) and `body` on `subject`
    /// over a bare protocol connection, as a client that writes whatever it likes would,
    /// and waits until the server has taken them: how tests forge messages.
    ///
    /// # Panics
    /// When the server cannot be reached or does not answer as a NATS server does.
    pub fn forge(&self, subject: &str, header: &[u8], body: &[u8]) {
        let mut connection = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let mut reader = BufReader::new(connection.try_clone().unwrap());
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("INFO "), "{line}");
        let mut message = Vec::new();
        message.extend_from_slice(b"CONNECT {\"headers\":true,\"verbose\":false}\r\n");
        let total = header.len() + body.len();
        message
            .extend_from_slice(format!("HPUB {subject} {} {total}\r\n", header.len()).as_bytes());
        message.extend_from_slice(header);
        message.extend_from_slice(body);
        message.extend_from_slice(b"\r\nPING\r\n");
        connection.write_all(&message).unwrap();
        line.clear();
        reader.read_line(&mut line).unwrap();
        assert_eq!(line, "PONG\r\n", "the server took the message");
    }

    /// The server's process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Kills the server (as a crash would: SIGKILL), leaving its store.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ignored = child.kill();
            let _reaped = child.wait();
        }
    }

    /// Kills the server (SIGKILL, as a crash would: whatever it had not yet written to
    /// its store is lost), and starts it again on the same port with the same store.
    pub fn crash_and_restart(&mut self) -> Result<(), ServerError> {
        self.kill();
        self.launch()
    }

    /// Stops the server (SIGTERM, as an operator's restart would: it flushes its
    /// store), and starts it again on the same port with the same store.
    pub fn restart(&mut self) -> Result<(), ServerError> {
        if let Some(mut child) = self.child.take() {
            let stopped = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status()
                .is_ok_and(|status| status.success());
            let deadline = Instant::now() + START_TIMEOUT;
            while stopped && Instant::now() < deadline {
                if let Ok(Some(_status)) = child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ignored = child.kill();
            let _reaped = child.wait();
        }
        self.launch()
    }

    fn launch(&mut self) -> Result<(), ServerError> {
        let port = self.port.to_string();
        let mut child = Command::new(&self.program)
            .args(["-js", "-a", "127.0.0.1", "-p", &port, "-sd"])
            .arg(&self.store)
            .args(&self.extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| {
                ServerError::Failed(format!(
                    "could not start {}: {error}",
                    self.program.display()
                ))
            })?;
        let started = Instant::now();
        loop {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                self.child = Some(child);
                return Ok(());
            }
            if let Ok(Some(status)) = child.try_wait() {
                return Err(ServerError::Failed(format!(
                    "exited with {status} before accepting connections on port {}",
                    self.port
                )));
            }
            if started.elapsed() > START_TIMEOUT {
                let _ignored = child.kill();
                let _reaped = child.wait();
                return Err(ServerError::Failed(format!(
                    "did not accept connections on port {} within {START_TIMEOUT:?}",
                    self.port
                )));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Its store directory.
    pub fn store(&self) -> &Path {
        &self.store
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.kill();
        let _ignored = std::fs::remove_dir_all(&self.store);
    }
}

/// What a test does with a started server (or cluster): `None` where `nats-server` is
/// missing and `FANOUT_SKIP_NATS=1` is set (saying so on stderr); else the server, or a
/// panic saying why there is none.
pub(crate) fn for_tests<T>(started: Result<T, ServerError>) -> Option<T> {
    match started {
        Ok(server) => Some(server),
        Err(ServerError::NotInstalled) if skipping() => {
            eprintln!("skipped: nats-server is not installed and FANOUT_SKIP_NATS=1");
            None
        }
        Err(error) => panic!("{error}"),
    }
}

fn skipping() -> bool {
    std::env::var_os("FANOUT_SKIP_NATS").is_some_and(|value| value == "1")
}

/// `count` distinct free ports of 127.0.0.1.
pub(crate) fn free_ports(count: usize) -> Result<Vec<u16>, ServerError> {
    // Each listener stays open until all are bound, so that no port is picked twice. A
    // port is free when its listener closes; another process could take it before the
    // server binds it, which `launch` reports as a server that exited.
    let failed = |error: std::io::Error| ServerError::Failed(format!("no free port: {error}"));
    let listeners = (0..count)
        .map(|_| TcpListener::bind(("127.0.0.1", 0)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(failed)?;
    listeners
        .iter()
        .map(|listener| Ok(listener.local_addr().map_err(failed)?.port()))
        .collect()
}

fn temporary_store() -> Result<PathBuf, ServerError> {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let store = std::env::temp_dir().join(format!(
        "fanout-nats-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&store)
        .map(|()| store.clone())
        .map_err(|error| {
            ServerError::Failed(format!("could not create {}: {error}", store.display()))
        })
}
