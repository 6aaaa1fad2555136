//! [`GoServer`]: one `fanout-go serve` child process, asked one run at a time.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use super::program::{GoError, GoProgram};
use super::request::{Reply, Request};

/// Longer than any run a bench asks for: a Go program that says nothing for this long is
/// stuck, and the bench stops rather than hang.
const REPLY_TIMEOUT: Duration = Duration::from_secs(300);

/// A running `fanout-go serve`, killed on drop. Its replies are read on a thread of their
/// own, so that waiting for one can time out; that thread wakes only between runs, when
/// no clock runs.
pub(crate) struct GoServer {
    child: Child,
    requests: BufWriter<ChildStdin>,
    replies: Receiver<std::io::Result<String>>,
}

impl GoServer {
    /// Starts the program's `serve` command.
    pub(crate) fn start(program: &GoProgram) -> Result<GoServer, GoError> {
        let mut child = Command::new(program.binary())
            .arg("serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(GoError::io)?;
        let (stdin, stdout) = (child.stdin.take(), child.stdout.take());
        let (Some(stdin), Some(stdout)) = (stdin, stdout) else {
            return Err(GoError::io("its standard input and output were not piped"));
        };
        let (sender, replies) = mpsc::channel();
        thread::Builder::new()
            .name("go-replies".into())
            .spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    if sender.send(line).is_err() {
                        break;
                    }
                }
            })
            .map_err(GoError::io)?;
        Ok(GoServer {
            child,
            requests: BufWriter::new(stdin),
            replies,
        })
    }

    /// Sends `request` and waits for its reply.
    pub(crate) fn ask(&mut self, request: &Request) -> Result<Reply, GoError> {
        let line = serde_json::to_string(request).map_err(GoError::io)?;
        writeln!(self.requests, "{line}").map_err(GoError::io)?;
        self.requests.flush().map_err(GoError::io)?;
        match self.replies.recv_timeout(REPLY_TIMEOUT) {
            Ok(Ok(reply)) => serde_json::from_str(&reply)
                .map_err(|error| GoError::io(format!("its reply {reply:?} is not one: {error}"))),
            Ok(Err(error)) => Err(GoError::io(error)),
            Err(RecvTimeoutError::Timeout) => Err(GoError::NoReply(REPLY_TIMEOUT)),
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().map_err(GoError::io)?;
                Err(GoError::io(format!("it exited ({status}) without a reply")))
            }
        }
    }
}

impl Drop for GoServer {
    fn drop(&mut self) {
        let _ignored = self.child.kill();
        let _reaped = self.child.wait();
    }
}
