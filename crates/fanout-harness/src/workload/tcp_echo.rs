//! `tcp-echo`: each item a request and its response over a real TCP connection to an echo
//! server on 127.0.0.1 that the harness starts itself, with a connection per worker.
//!
//! The request is the item's number, 8 bytes; the response is the same 8 bytes, echoed,
//! and the result is the number read back, so the exactly-once check also checks every
//! echo. Blocking rows use `std::net` sockets, async rows tokio's; both set `TCP_NODELAY`
//! (without it, Nagle's algorithm and delayed acknowledgements hold small writes for up
//! to 40 ms). A worker keeps its connection from one item to the next: worker ids are
//! unique among the items in progress, so a connection is never shared.

use std::future::Future;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::thread;
use std::time::Duration;

use fanout_core::WorkerId;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::kinds::Kind;

/// Round trips over a connection per worker to the process's echo server.
#[derive(Clone)]
pub(super) struct TcpEcho {
    server: SocketAddr,
    blocking: Arc<Connections<std::net::TcpStream>>,
    asynchronous: Arc<Connections<tokio::net::TcpStream>>,
}

impl TcpEcho {
    /// Clients of the echo server, which starts on first use; connections open as workers
    /// first need them (in a bench, during the run outside the timing).
    pub(super) fn new() -> TcpEcho {
        TcpEcho {
            server: echo_server(),
            blocking: Arc::default(),
            asynchronous: Arc::default(),
        }
    }
}

/// Each worker's open connection, indexed by worker id; a worker takes its own out for an
/// item and puts it back after.
struct Connections<S>(Mutex<Vec<Option<S>>>);

impl<S> Default for Connections<S> {
    fn default() -> Self {
        Connections(Mutex::new(Vec::new()))
    }
}

impl<S> Connections<S> {
    fn take(&self, worker: WorkerId) -> Option<S> {
        let mut slots = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        slots.get_mut(worker).and_then(Option::take)
    }

    fn put_back(&self, worker: WorkerId, connection: S) {
        let mut slots = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if slots.len() <= worker {
            slots.resize_with(worker + 1, || None);
        }
        slots[worker] = Some(connection);
    }
}

/// Stops the run with what failed and where: the echo server is the harness's own, so a
/// failure is the machine's (out of file descriptors or ports), not the input's.
fn failed(server: SocketAddr, what: &str, error: &std::io::Error) -> ! {
    panic!("tcp-echo: {what} with the echo server at {server} failed: {error}")
}

impl Kind for TcpEcho {
    type Item = u64;
    type Output = u64;

    fn item(&self, id: u64) -> u64 {
        id
    }

    fn work(&self, worker: WorkerId, item: u64) -> u64 {
        let server = self.server;
        let mut connection = self.blocking.take(worker).unwrap_or_else(|| {
            let connection = std::net::TcpStream::connect(server)
                .unwrap_or_else(|error| failed(server, "connecting", &error));
            connection
                .set_nodelay(true)
                .unwrap_or_else(|error| failed(server, "setting TCP_NODELAY", &error));
            connection
        });
        let mut reply = [0; 8];
        connection
            .write_all(&item.to_le_bytes())
            .and_then(|()| connection.read_exact(&mut reply))
            .unwrap_or_else(|error| failed(server, "a round trip", &error));
        self.blocking.put_back(worker, connection);
        u64::from_le_bytes(reply)
    }

    fn work_async(
        &self,
        worker: WorkerId,
        item: u64,
    ) -> impl Future<Output = u64> + Send + 'static + use<> {
        let (server, connections) = (self.server, Arc::clone(&self.asynchronous));
        async move {
            let mut connection = match connections.take(worker) {
                Some(connection) => connection,
                None => {
                    let connection = tokio::net::TcpStream::connect(server)
                        .await
                        .unwrap_or_else(|error| failed(server, "connecting", &error));
                    connection
                        .set_nodelay(true)
                        .unwrap_or_else(|error| failed(server, "setting TCP_NODELAY", &error));
                    connection
                }
            };
            let mut reply = [0; 8];
            let round_trip = async {
                connection.write_all(&item.to_le_bytes()).await?;
                connection.read_exact(&mut reply).await
            };
            round_trip
                .await
                .unwrap_or_else(|error| failed(server, "a round trip", &error));
            connections.put_back(worker, connection);
            u64::from_le_bytes(reply)
        }
    }

    fn id(output: &u64) -> u64 {
        *output
    }
}

/// The address of the process's echo server, started on first use: a tokio runtime of its
/// own on a thread of its own, a task per connection, running until the process ends.
fn echo_server() -> SocketAddr {
    static SERVER: OnceLock<SocketAddr> = OnceLock::new();
    *SERVER.get_or_init(|| {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .unwrap_or_else(|error| panic!("tcp-echo: cannot listen on 127.0.0.1: {error}"));
        let address = listener
            .local_addr()
            .unwrap_or_else(|error| panic!("tcp-echo: the listener has no address: {error}"));
        listener
            .set_nonblocking(true)
            .unwrap_or_else(|error| panic!("tcp-echo: cannot make the listener async: {error}"));
        thread::Builder::new()
            .name("tcp-echo-server".into())
            .spawn(move || serve(listener))
            .unwrap_or_else(|error| panic!("tcp-echo: cannot start the server thread: {error}"));
        address
    })
}

/// Accepts connections for ever, echoing each on a task of its own.
fn serve(listener: TcpListener) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("tcp-echo-server")
        .build()
        .unwrap_or_else(|error| panic!("tcp-echo: cannot start the server's runtime: {error}"));
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .unwrap_or_else(|error| panic!("tcp-echo: cannot register the listener: {error}"));
        loop {
            match listener.accept().await {
                Ok((connection, _)) => {
                    tokio::spawn(echo(connection));
                }
                // Out of file descriptors, say: the client's connect fails and says so;
                // the server waits a little rather than spin on the error.
                Err(_) => tokio::time::sleep(Duration::from_millis(1)).await,
            }
        }
    });
}

/// Writes back every byte read, until the client closes the connection.
async fn echo(mut connection: tokio::net::TcpStream) {
    if connection.set_nodelay(true).is_err() {
        return;
    }
    let mut buffer = [0; 64];
    while let Ok(read) = connection.read(&mut buffer).await {
        if read == 0 || connection.write_all(&buffer[..read]).await.is_err() {
            return;
        }
    }
}
