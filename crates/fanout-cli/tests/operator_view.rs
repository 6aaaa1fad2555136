//! What an operator sees, with a real `fanout worker` child process and a real
//! `nats-server`: `fanout nats status` lists the leftovers on the server, the worker logs
//! one line for each message it terminates and each item it refuses (with the run and
//! the job), and on SIGTERM it says what it served and exits 0.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use fanout_core::{FanConfig, WorkerId};
use fanout_harness::{Workload, WorkloadJob};
use fanout_nats::{Error, Job, LocalServer, Nats};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// A job no `fanout worker` serves.
struct Unserved;

impl Job for Unserved {
    const NAME: &'static str = "unserved";
    type Input = u64;
    type Output = u64;
    fn call(&self, _worker: WorkerId, input: u64) -> u64 {
        input
    }
}

/// A batch's headers for `run`, of one `noop` item.
fn batch_header(run: &str) -> String {
    format!(
        "NATS/1.0\r\nFanout-Job: noop\r\nFanout-Run: {run}\r\nFanout-Item: 0\r\nFanout-Count: 1\r\n\r\n"
    )
}

/// One framed `WireItem { id: 7, bytes: [] }`, as a run would send it.
const ONE_ITEM: &[u8] = &[2, 0, 0, 0, 7, 0];

/// `fanout nats status` against `url`: its stdout, after checking it succeeded.
fn status(url: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_fanout"))
        .args(["nats", "status", "--nats", url])
        .output()
        .expect("the fanout binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "fanout nats status failed: {}{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// A child process, killed on drop, so that a failed test leaves no worker behind.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ignored = self.0.kill();
        let _reaped = self.0.wait();
    }
}

/// Starts `fanout worker`, waits until it serves, and sends its stderr lines to the
/// receiver as they come.
fn start_worker(url: &str) -> (Reaped, Stderr) {
    let mut child = Reaped(
        Command::new(env!("CARGO_BIN_EXE_fanout"))
            .args(["worker", "--nats", url, "--ack-wait", "1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the fanout binary starts"),
    );
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().expect("piped"))
        .read_line(&mut line)
        .expect("the worker's stdout is readable");
    assert!(line.starts_with("serving the workloads"), "{line:?}");
    let (send, lines) = mpsc::channel();
    let stderr = child.0.stderr.take().expect("piped");
    thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    (
        child,
        Stderr {
            lines,
            seen: Vec::new(),
        },
    )
}

/// The worker's stderr lines: those read so far, and the rest as they come.
struct Stderr {
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Stderr {
    /// The first line, read before or within `within`, that satisfies `wanted`.
    fn line(&mut self, within: Duration, wanted: impl Fn(&str) -> bool) -> String {
        if let Some(line) = self.seen.iter().find(|line| wanted(line)) {
            return line.clone();
        }
        let deadline = Instant::now() + within;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Ok(line) = self.lines.recv_timeout(left) else {
                break;
            };
            self.seen.push(line.clone());
            if wanted(&line) {
                return line;
            }
        }
        panic!(
            "no wanted line within {within:?} among the worker's stderr: {:#?}",
            self.seen
        );
    }
}

#[test]
fn the_worker_logs_what_it_refuses_and_terminates_and_says_what_it_served() {
    let Some(server) = LocalServer::for_tests(&[]) else {
        return;
    };
    let url = server.url();
    // Creates the work stream.
    let engine = Nats::connect(&url, FanConfig::new(1).unwrap()).unwrap();
    // A batch whose run has gone (no results stream), and a message whose run is not
    // its subject's.
    server.forge(
        "fanout.work.ghost",
        batch_header("ghost").as_bytes(),
        ONE_ITEM,
    );
    server.forge(
        "fanout.work.forged",
        batch_header("other").as_bytes(),
        ONE_ITEM,
    );

    let before = status(&url);
    for expected in [
        "workers: none has ever joined",
        "runs in progress: 0",
        "leftovers (batches whose run has gone): 2",
        "  run forged: 1 batches",
        "  run ghost: 1 batches",
    ] {
        assert!(before.contains(expected), "{expected:?} not in:\n{before}");
    }

    let (worker, mut stderr) = start_worker(&url);
    let wait = Duration::from_secs(10);
    // Each message is terminated at its first delivery, and said so in one line.
    stderr.line(wait, |line| {
        line.contains("run ghost (job `noop`): its run has ended")
    });
    stderr.line(wait, |line| {
        line.contains("terminated message")
            && line.contains("on `fanout.work.forged` (run `other`, job `noop`)")
    });

    let noop = WorkloadJob::new("noop".parse::<Workload>().unwrap());
    let done = engine
        .run((0..20).map(move |id| noop.input(id)), noop)
        .count();
    assert_eq!(done, 20);
    let refused: Vec<Result<u64, Error>> = engine.try_run([1u64], Unserved).unwrap().collect();
    assert!(
        matches!(refused.as_slice(), [Err(Error::Refused { .. })]),
        "{refused:?}"
    );
    stderr.line(wait, |line| {
        line.starts_with("fanout-nats worker: refused item 0 of run ")
            && line.contains("(job `unserved`): unknown job `unserved`")
    });

    let after = status(&url);
    assert!(after.contains("runs in progress: 0"), "{after}");
    assert!(
        after.contains("leftovers (batches whose run has gone): 0"),
        "{after}"
    );

    let pid = Pid::from_raw(i32::try_from(worker.0.id()).unwrap());
    kill(pid, Signal::SIGTERM).unwrap();
    let last = stderr.line(wait, |line| {
        line.starts_with("fanout worker: stopped by SIGTERM after serving ")
    });
    assert!(
        last.contains("serving 2 runs, 21 items in ")
            && last.ends_with("; refused 1 items, terminated 2 messages"),
        "{last}"
    );
    let exit = wait_for(worker, wait);
    assert!(exit.success(), "the worker exited with {exit}");
}

/// Waits for `child` to exit; it is killed on drop if it has not within `within`.
fn wait_for(mut child: Reaped, within: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + within;
    loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            panic!("the worker did not exit within {within:?} of SIGTERM");
        }
        thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn bad_flags_say_what_is_accepted() {
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_fanout"))
            .args(args)
            .output()
            .expect("the fanout binary runs");
        assert!(!output.status.success(), "{args:?} succeeded");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let missing = run(&["nats", "status"]);
    assert!(missing.contains("--nats <URL[,URL...]>"), "{missing}");
    let unknown = run(&["nats", "stats", "--nats", "nats://127.0.0.1:1"]);
    assert!(unknown.contains("status"), "{unknown}");
    let bad_url = run(&["nats", "status", "--nats", "http://127.0.0.1:1"]);
    assert!(bad_url.starts_with("error: "), "{bad_url}");
}
