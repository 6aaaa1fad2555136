//! Faults of a distributed run, with real `fanout worker` child processes and a real
//! `nats-server`: nothing lost and nothing doubled.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use fanout_core::FanConfig;
use fanout_harness::measure::Ledger;
use fanout_harness::{Workload, WorkloadJob};
use fanout_nats::{LocalServer, Nats};

/// A `fanout worker` child process, killed (SIGKILL) on drop.
struct WorkerProcess(Child);

impl WorkerProcess {
    /// Starts one and waits until it serves.
    fn start(url: &str, workers: u32) -> WorkerProcess {
        WorkerProcess::start_with(url, workers, &[])
    }

    /// Starts one with `extra` arguments (authentication).
    fn start_with(url: &str, workers: u32, extra: &[&str]) -> WorkerProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fanout"))
            .args([
                "worker",
                "--nats",
                url,
                "--workers",
                &workers.to_string(),
                "--ack-wait",
                "1",
            ])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the fanout binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped"))
            .read_line(&mut line)
            .expect("the worker's stdout is readable");
        let noun = if workers == 1 { "worker" } else { "workers" };
        assert!(
            line.starts_with(&format!("serving the workloads with {workers} {noun} on ")),
            "the worker did not start: {line:?}"
        );
        WorkerProcess(child)
    }

    /// SIGKILL, as a machine dying would.
    fn kill(mut self) {
        self.0.kill().expect("the worker is running");
        let _reaped = self.0.wait();
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ignored = self.0.kill();
        let _reaped = self.0.wait();
    }
}

/// Checks that `ids` holds each of `0..count` exactly once, with the benches' ledger.
fn assert_exactly_once(ids: Vec<u64>, count: u64, what: &str) {
    let mut ledger = Ledger::new(count as usize);
    for id in ids {
        ledger.record(id);
    }
    if let Err(error) = ledger.settle() {
        panic!("{what}: {error}");
    }
}

fn engine(server: &LocalServer, workers: usize) -> Nats {
    Nats::connect(&server.url(), FanConfig::new(workers).unwrap()).unwrap()
}

fn job(name: &str) -> WorkloadJob {
    WorkloadJob::new(name.parse::<Workload>().unwrap())
}

/// Runs `count` items of `job`, calling `fault` once after `after` results.
fn run_with_fault(
    engine: &Nats,
    job: WorkloadJob,
    count: u64,
    after: usize,
    fault: impl FnOnce(),
) -> Vec<u64> {
    let mut fault = Some(fault);
    let mut ids = Vec::new();
    for result in engine.run((0..count).map(move |id| job.input(id)), job) {
        ids.push(result.id);
        if ids.len() == after {
            fault.take().expect("once")();
        }
    }
    ids
}

#[test]
fn a_worker_killed_mid_item_loses_nothing_and_doubles_nothing() {
    let Some(server) = LocalServer::for_tests(&[]) else {
        return;
    };
    let doomed = WorkerProcess::start(&server.url(), 2);
    let _survivor = WorkerProcess::start(&server.url(), 2);
    let engine = engine(&server, 4);
    // 20 ms items: the killed worker holds items mid-work; they come back after the
    // 1 s ack wait and the survivor runs them.
    let ids = run_with_fault(&engine, job("sleep-20ms"), 120, 10, || doomed.kill());
    assert_exactly_once(ids, 120, "a worker killed");
}

#[test]
fn a_server_restarted_mid_run_loses_nothing_and_doubles_nothing() {
    let Some(mut server) = LocalServer::for_tests(&[]) else {
        return;
    };
    let _worker = WorkerProcess::start(&server.url(), 2);
    let engine = engine(&server, 2);
    let url = server.url();
    let ids = run_with_fault(&engine, job("sleep-5ms"), 150, 20, || {
        server
            .restart()
            .expect("the server restarts on its port and store");
    });
    assert_exactly_once(ids, 150, "the server restarted");
    assert_eq!(server.url(), url);
}

#[test]
fn a_second_consumer_on_the_same_server_gets_its_own_results() {
    let Some(server) = LocalServer::for_tests(&[]) else {
        return;
    };
    let _workers = [
        WorkerProcess::start(&server.url(), 1),
        WorkerProcess::start(&server.url(), 1),
    ];
    let (first, second) = (engine(&server, 2), engine(&server, 2));
    let (noop, spin) = (job("noop"), job("spin-100us"));
    let other = std::thread::scope(|scope| {
        let other = scope.spawn(|| {
            second
                .run((0..300).map(move |id| spin.input(id + 1000)), spin)
                .map(|item| item.id - 1000)
                .collect::<Vec<_>>()
        });
        let ids: Vec<u64> = first
            .run((0..400).map(move |id| noop.input(id)), noop)
            .map(|item| item.id)
            .collect();
        assert_exactly_once(ids, 400, "the first consumer");
        other.join().expect("the second consumer")
    });
    assert_exactly_once(other, 300, "the second consumer");
}

#[test]
fn a_worker_authenticates_with_a_user_and_password() {
    let Some(server) = LocalServer::for_tests(&["--user", "fan", "--pass", "s3cret"]) else {
        return;
    };
    let _worker =
        WorkerProcess::start_with(&server.url(), 1, &["--user", "fan", "--password", "s3cret"]);
    let options = fanout_nats::NatsOptions::new().user_and_password("fan", "s3cret");
    let engine = Nats::connect_with(&server.url(), FanConfig::new(1).unwrap(), options).unwrap();
    let noop = job("noop");
    let ids: Vec<u64> = engine
        .run((0..50).map(move |id| noop.input(id)), noop)
        .map(|item| item.id)
        .collect();
    assert_exactly_once(ids, 50, "an authenticated worker");
    let (output, _) = fanout_worker(&[
        "--nats",
        &server.url(),
        "--user",
        "fan",
        "--password",
        "wrong",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success() && stderr.contains("authorization violation"),
        "{stderr}"
    );
}

fn fanout_worker(args: &[&str]) -> (Output, Duration) {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_fanout"))
        .arg("worker")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the fanout binary runs");
    (output, started.elapsed())
}

#[test]
fn a_worker_fails_clearly_on_a_server_it_cannot_reach_or_a_bad_url() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let url = format!("nats://{closed}");
    let (output, took) = fanout_worker(&["--nats", &url]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains(&format!(
            "could not connect to the NATS server at `{url}` within 2s"
        )),
        "{stderr}"
    );
    assert!(took < Duration::from_secs(5), "took {took:?}");

    let (output, _) = fanout_worker(&["--nats", "nats://bad host:x"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("`nats://bad host:x` is not a NATS server URL")
            && stderr.contains("several separated by commas"),
        "{stderr}"
    );

    // A TLS file that is not there is an error even where the URL does not ask for TLS.
    let (output, _) = fanout_worker(&["--nats", &url, "--tls-ca", "/nonexistent/ca.pem"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("TLS CA file `/nonexistent/ca.pem` could not be read"),
        "{stderr}"
    );

    for bad in [
        &["--nats", "nats://127.0.0.1:1", "--workers", "0"][..],
        &["--nats", "nats://127.0.0.1:1", "--ack-wait", "0"],
        &["--nats", "nats://127.0.0.1:1", "--replicas", "0"],
        &["--nats", "nats://127.0.0.1:1", "--replicas", "6"],
        &[],
    ] {
        let (output, _) = fanout_worker(bad);
        assert_eq!(output.status.code(), Some(2), "{bad:?}: a usage error");
        assert!(!output.stderr.is_empty());
    }
}

#[test]
fn a_worker_asking_for_more_replicas_than_one_server_takes_fails_clearly() {
    let Some(server) = LocalServer::for_tests(&[]) else {
        return;
    };
    let (output, took) = fanout_worker(&["--nats", &server.url(), "--replicas", "3"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("creating the work stream FANOUT_WORK with 3 replicas")
            && stderr.contains("a single server takes 1"),
        "{stderr}"
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
}
