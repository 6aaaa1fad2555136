//! Fault: more workers than the OS will start threads for.
//!
//! Asking this machine for 100 000 threads for real would take every process id it has
//! (Linux's `pid_max` is often 32 768) from every other process on it, and where memory
//! maps run out first, std's own thread start-up (its stack-overflow guard) can abort the
//! process before any error reaches the caller. So the attempt runs in a child process (the
//! test binary itself, running just this test) that may own only [`THREAD_LIMIT`] threads:
//! `ulimit -u`, which binds only users other than root, so a child started by root also
//! drops to user `nobody` (`setpriv`), running a copy of the binary in the temporary
//! directory, where `nobody` may. The OS then refuses the next thread cleanly (`EAGAIN`),
//! exactly as it would refuse the 100 000th elsewhere.

use std::fs;
use std::io::{self, Read};
use std::os::unix::fs::PermissionsExt;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use fanout_core::{FanConfig, FanOutFanIn};

use crate::accounting::{AliveTasks, expect_no_newcomers, threads_before_engine};
use crate::checks::{PATIENCE, echo, expect_stopped};
use crate::probe::{Latch, Probe, eventually};
use crate::watchdog::{Check, alone_with_own_runs, panic_message};

/// The workers asked for.
const WORKERS: usize = 100_000;

/// Items in the attempted run.
const ITEMS: u64 = 1_000;

/// The most threads (of all processes of its user) the child may have.
const THREAD_LIMIT: u32 = 256;

/// Caps the threads, drops to `nobody` where root would ignore the cap, and runs the rest.
const LIMITED: &str = r#"ulimit -u "$1" && shift
if [ "$(id -u)" = 0 ]; then
    exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
fi
exec "$@""#;

/// Set in the child's environment: run the attempt, not the parent's supervision.
const CHILD: &str = "FANOUT_TOO_MANY_WORKERS_CHILD";

/// How long the child may take before it counts as hung.
const CHILD_LIMIT: Duration = Duration::from_secs(60);

/// An engine of 100 000 workers, asked for in a process the OS will not give that many
/// threads, either fails (`try_new` with an error, or `run` with a panic) saying that the
/// OS refused a thread, or runs the whole input correctly; within seconds, never hanging
/// and never delivering part of the input silently; and once a run has failed, every
/// thread it started is gone and it holds neither input nor `work`.
///
/// `test_path` is the test's path as `module_path!()` and its name give it
/// (`crate::module::too_many_workers`), which the child is asked to run.
pub fn too_many_workers<E: FanOutFanIn + 'static>(
    alive_tasks: AliveTasks<E>,
    test_path: &'static str,
) {
    if std::env::var_os(CHILD).is_some() {
        // Said on the output too, so that the parent sees a failure even where the test
        // that runs this function expects it to fail (as the suite's self-tests do).
        if let Err(failure) = catch_unwind(|| attempt::<E>(alive_tasks)) {
            println!("attempt failed: {}", panic_message(&*failure));
            resume_unwind(failure);
        }
        return;
    }
    alone_with_own_runs::<E>("too_many_workers", move |check| {
        // libtest names a test by its path without the crate's name.
        let test_name = test_path
            .split_once("::")
            .map_or(test_path, |(_, name)| name);
        check.case(format_args!(
            "{WORKERS} workers, in a child process (`{test_name}`) allowed {THREAD_LIMIT} threads"
        ));
        let exe = std::env::current_exe()
            .and_then(|exe| RunnableCopy::of(&exe, E::NAME))
            .unwrap_or_else(|error| check.fail(error));
        let spawned = Command::new("bash")
            .args(["-c", LIMITED, "bash"])
            .arg(THREAD_LIMIT.to_string())
            .arg(&exe.0)
            .args(["--exact", test_name, "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = spawned.unwrap_or_else(|error| check.fail(error));
        let readers = [read_all(child.stdout.take()), read_all(child.stderr.take())];
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if started.elapsed() < CHILD_LIMIT => {
                    thread::sleep(Duration::from_millis(20));
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
            }
        };
        let output: String = readers
            .map(|reader| reader.join().unwrap_or_default())
            .concat();
        let lines: Vec<&str> = output.lines().collect();
        let tail = lines[lines.len().saturating_sub(40)..].join("\n");
        if let Some(failure) = output
            .lines()
            .find(|line| line.starts_with("attempt failed:"))
        {
            check.fail(format_args!("the child's {failure}"));
        }
        match status {
            None => check.fail(format_args!(
                "the child did not finish within {CHILD_LIMIT:?}, so it hangs; its output:\n{tail}"
            )),
            Some(status) => check.ensure(status.success(), || {
                format!("the child failed ({status}); its output:\n{tail}")
            }),
        }
        check.ensure(output.contains("outcome:"), || {
            format!(
                "the child ran no attempt (is the test named `{test_name}`?); its output:\n{tail}"
            )
        });
    });
}

/// The test binary, copied where user `nobody` may run it (the checkout may sit in a
/// directory that only root can enter); removed when dropped.
struct RunnableCopy(PathBuf);

impl RunnableCopy {
    fn of(exe: &Path, engine: &str) -> io::Result<RunnableCopy> {
        let name = format!("fanout-too-many-workers-{}-{engine}", std::process::id());
        let copy = RunnableCopy(std::env::temp_dir().join(name));
        fs::copy(exe, &copy.0)?;
        fs::set_permissions(&copy.0, fs::Permissions::from_mode(0o755))?;
        Ok(copy)
    }
}

impl Drop for RunnableCopy {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// Reads all of `stream` on a thread of its own, so that a full pipe never stalls the child.
fn read_all<R: Read + Send + 'static>(stream: Option<R>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut stream) = stream {
            let _ = stream.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The attempt itself, in the child.
fn attempt<E: FanOutFanIn + 'static>(alive_tasks: AliveTasks<E>) {
    alone_with_own_runs::<E>("too_many_workers", move |check| {
        check.case(format_args!(
            "{WORKERS} workers, items={ITEMS}, in the child"
        ));
        // Never ask for 100 000 threads where the cap is not in force: that would take the
        // whole machine's process ids. Linux's /proc tells the cap and the user; where it
        // cannot be read nothing confirms the cap, so the check fails rather than guess.
        let read = |path: &str| {
            std::fs::read_to_string(path).unwrap_or_else(|error| {
                check.fail(format_args!(
                    "cannot read {path} to confirm the cap on threads: {error}"
                ))
            })
        };
        let (limits, status) = (read("/proc/self/limits"), read("/proc/self/status"));
        let capped = limits.lines().any(|line| {
            line.starts_with("Max processes")
                && line.split_whitespace().nth(2) == Some(&THREAD_LIMIT.to_string())
        });
        let root = status
            .lines()
            .any(|line| line.starts_with("Uid:") && line.split_whitespace().nth(1) == Some("0"));
        check.ensure(capped && !root, || {
            format!(
                "the child's threads are not capped at {THREAD_LIMIT} for a user other than root"
            )
        });
        let before = threads_before_engine(check);
        let probe = Probe::new();
        // Each call waits until `run` has returned (or a little while, if it never does),
        // so that the workers that took an item are still alive as the next ones start:
        // the OS must refuse threads that all exist at once, not threads that came and went.
        let run_returned = Arc::new(Latch::default());
        let work = {
            let run_returned = Arc::clone(&run_returned);
            probe.work(move |worker, item| {
                run_returned.wait(Duration::from_millis(200));
                echo(worker, item)
            })
        };
        let config = FanConfig::new(WORKERS)
            .expect("workers > 0")
            .with_capacity(1);
        let engine = match catch_unwind(|| E::try_new(config)) {
            Ok(Ok(engine)) => engine,
            // A pool that could not start may leave the threads it did start (tokio's
            // builder does; rayon's stops them): no run ever began, so none are counted.
            Ok(Err(error)) => {
                expect_refusal_message(check, "try_new", &error.to_string());
                return;
            }
            Err(payload) => check.fail(format_args!(
                "try_new panicked ({}) where it should return the error",
                panic_message(&*payload)
            )),
        };
        let attempt = catch_unwind(AssertUnwindSafe(|| {
            let results = engine.run(probe.input(0..ITEMS), work);
            run_returned.open();
            let mut ids: Vec<u64> = results.map(|result| result.item).collect();
            ids.sort_unstable();
            ids
        }));
        match attempt {
            Ok(ids) => {
                println!("outcome: complete, {} results", ids.len());
                check.ensure(ids.iter().copied().eq(0..ITEMS), || {
                    format!(
                        "the run delivered {} results for {ITEMS} items without a panic: a \
                         silent partial run",
                        ids.len()
                    )
                });
                let gone = eventually(PATIENCE, || alive_tasks(&engine) == 0);
                check.ensure(gone, || {
                    String::from("tasks of the run alive after it ended")
                });
            }
            Err(payload) => expect_refusal_message(check, "run", &panic_message(&*payload)),
        }
        drop(engine);
        expect_stopped(check, &probe);
        expect_no_newcomers(check, &before, "of the refused engine and run");
    });
}

/// Fails unless `message`, the error or panic `stage` (`try_new` or `run`) raised, says
/// that the OS refused a thread.
fn expect_refusal_message(check: &Check, stage: &str, message: &str) {
    println!("outcome: refused in {stage}: {message}");
    let lower = message.to_lowercase();
    check.ensure(
        lower.contains("thread") && (lower.contains("os error") || lower.contains("the os")),
        || format!("the panic in {stage} does not say that the OS refused a thread: {message}"),
    );
}
