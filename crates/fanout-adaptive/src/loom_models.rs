//! Loom models of the adaptive engine's own synchronisation, its hub ([`crate::hub`]),
//! the consumer that works and steals, the feeder ([`crate::feeder`]) and its kept threads
//! ([`crate::pool`]), built only with `RUSTFLAGS="--cfg loom"`: `cargo test -p
//! fanout-adaptive --lib --release loom`. Each states the property it checks and is seen
//! catching a broken variant. The deques are loom's stand-in (see [`crate::deque`]):
//! crossbeam checks its own; these check the protocol around them.

use fanout_core::kit::{GuardedInput, RunControl, RunWorkers};
use fanout_core::loom_check::{caught, explore};
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::sync::{Arc, Condvar, Mutex};
use loom::thread;

use crate::deque::Deque;
use crate::feeder::feeder_loop;
use crate::flaw::{FLAW, Flaw};
use crate::hub::Hub;
use crate::pool::{Pool, RunThreads};
use crate::source::Source;
use crate::worker::Run;

/// A run's shared parts for a model: an input of `items`, `deques` deques.
type ModelRun = Run<std::ops::Range<u64>, fn(usize, u64) -> u64, u64>;

fn run_of(items: u64, deques: usize) -> (Arc<ModelRun>, Vec<Deque<u64>>) {
    let control = RunControl::new();
    let deques: Vec<Deque<u64>> = (0..deques).map(|_| Deque::new()).collect();
    let run = Arc::new(Run {
        source: Source::new(GuardedInput::new(0..items, Arc::clone(&control)), 64),
        hub: Hub::new(),
        thieves: deques.iter().map(Deque::thief).collect(),
        work: (|_, item| item) as fn(usize, u64) -> u64,
        control,
        target: std::time::Duration::from_micros(100),
        spin: false,
        cheap_items: fanout_core::sync::AtomicBool::new(false),
    });
    (run, deques)
}

/// The consumer's way to wait for a batch: look, mark the hub, look again, sleep.
fn consumer_waits_for_a_batch<R>(hub: &Hub<R>) -> Vec<R> {
    loop {
        if let Some(batch) = hub.take(0) {
            return batch;
        }
        let mark = hub.mark();
        if let Some(batch) = hub.take(0) {
            return batch;
        }
        hub.consumer_sleep(mark, 0, None);
    }
}

/// A thread sends a batch while the consumer looks for one and sleeps. Checked: the
/// consumer wakes and takes it (a send that does not wake a sleeping consumer leaves it
/// asleep for good, which loom reports).
fn a_sent_batch_wakes_the_consumer() {
    let hub = Arc::new(Hub::<u64>::new());
    let sender = {
        let hub = Arc::clone(&hub);
        thread::spawn(move || hub.send(vec![7]).unwrap())
    };
    assert_eq!(consumer_waits_for_a_batch(&hub), [7]);
    sender.join().unwrap();
}

/// A thread pulls two items, announces them and starts a call on the first that waits
/// until the second has been run, as calls synchronising their workers do; the consumer,
/// finding no batch, steals the second and runs it, or sleeps until it can. Checked: both
/// calls complete, each item run once (an announce that wakes no sleeper leaves the
/// consumer asleep and the call waiting, which loom reports).
fn the_consumer_steals_what_a_waiting_call_holds() {
    consumer_steals_from_a_waiting_call(false);
}

/// The same with items the thread measured as cheap, which the consumer leaves to their
/// owner until its look before a sleep. Checked: both calls complete (a consumer that
/// skips cheap items on that look too sleeps for good, which loom reports).
fn the_consumer_steals_cheap_items_before_it_sleeps() {
    consumer_steals_from_a_waiting_call(true);
}

/// The consumer's side of the two models above: it steals, or marks the hub, steals
/// eagerly and sleeps.
fn consumer_steals_from_a_waiting_call(cheap: bool) {
    let (run, mut deques) = run_of(2, 2);
    run.cheap_items.store(cheap, Ordering::Relaxed);
    let second_ran = Arc::new((Mutex::new(false), Condvar::new()));
    let thread_deque = deques.remove(0);
    let consumer_deque = deques.remove(0);
    let worker = {
        let (run, second_ran) = (Arc::clone(&run), Arc::clone(&second_ran));
        thread::spawn(move || {
            run.source.pull(&thread_deque, 2, 0, run.target);
            run.hub.announce();
            let first = thread_deque.pop().expect("the thread's own first item");
            let (ran, changed) = &*second_ran;
            let mut ran = ran.lock().unwrap();
            while !*ran {
                ran = changed.wait(ran).unwrap();
            }
            first
        })
    };
    let stolen = loop {
        if let Some(item) = run.consumer_steal(1, &consumer_deque, false) {
            break item;
        }
        let mark = run.hub.mark();
        if let Some(item) = run.consumer_steal(1, &consumer_deque, true) {
            break item;
        }
        run.hub.consumer_sleep(mark, 0, None);
    };
    let (ran, changed) = &*second_ran;
    *ran.lock().unwrap() = true;
    changed.notify_all();
    let first = worker.join().unwrap();
    let mut taken = [first, stolen];
    taken.sort_unstable();
    assert_eq!(taken, [0, 1], "each item taken once");
    assert!(consumer_deque.pop().is_none(), "nothing else stolen");
}

/// A thread waits for the consumer to hand out a result before it may pull again; the
/// consumer publishes its count. Checked: the thread wakes (a publish that forgets the
/// waiting thread leaves it asleep, which loom reports).
fn a_published_count_wakes_the_room_waiter() {
    let hub = Arc::new(Hub::<u64>::new());
    let waiter = {
        let hub = Arc::clone(&hub);
        thread::spawn(move || {
            loop {
                if hub.received() >= 1 {
                    return;
                }
                let mark = hub.mark();
                if hub.received() >= 1 {
                    return;
                }
                hub.thread_sleep(mark, true);
            }
        })
    };
    hub.publish(1);
    waiter.join().unwrap();
}

/// An idle thread sleeps for work while the consumer ends the run. Checked: the close
/// wakes it and it ends (a close that forgets sleeping threads leaves the join waiting,
/// which loom reports).
fn the_close_wakes_an_idle_thread() {
    let (run, _deques) = run_of(0, 1);
    let idle = {
        let run = Arc::clone(&run);
        thread::spawn(move || {
            while !run.control.is_stopped() {
                let mark = run.hub.mark();
                if run.control.is_stopped() {
                    break;
                }
                run.hub.thread_sleep(mark, false);
            }
        })
    };
    run.control.stop();
    assert!(run.hub.close().is_empty());
    idle.join().unwrap();
}

/// Every thread is busy, so the consumer asks the feeder for an item and waits to steal
/// it; then it ends the run. Checked: the feeder pulls and the consumer gets the item,
/// and the feeder ends with the run (a request that does not wake the feeder, or a pull
/// it does not announce, leaves both asleep, which loom reports).
fn the_feeder_answers_the_consumer() {
    let (run, mut deques) = run_of(1, 2);
    let consumer_deque = deques.remove(0);
    let feeder_deque = deques.remove(0);
    let feeder = {
        let run = Arc::clone(&run);
        thread::spawn(move || feeder_loop(&run, feeder_deque))
    };
    run.hub.request_pull(1);
    let item = loop {
        if let Some(item) = run.steal(0, &consumer_deque) {
            break item;
        }
        let mark = run.hub.mark();
        if let Some(item) = run.steal(0, &consumer_deque) {
            break item;
        }
        run.hub.consumer_sleep(mark, 0, None);
    };
    assert_eq!(item, 0);
    run.control.stop();
    drop(run.hub.close());
    feeder.join().unwrap();
}

/// A pool of one kept thread serves two runs one after the other, and is then dropped.
/// Checked: each run finds the pool free and its job runs on the kept thread exactly once
/// before the run's wait ends (a job handed over must wake the idle thread), and the drop
/// ends and joins the thread (the word to end must wake it too; a lost wake-up blocks
/// the join, which loom reports).
fn kept_thread_runs_each_job_once_and_ends_with_the_pool() {
    let pool = Arc::new(Pool::start("model", 1, false).expect("a kept thread"));
    for _run in 0..2 {
        let control = RunControl::new();
        let mut threads = RunThreads::new(&pool, &control);
        assert!(
            matches!(threads, RunThreads::Pooled { .. }),
            "the pool is free again after a run"
        );
        let ran = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&ran);
        threads.start(1, move || {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        threads.wait_stopped();
        assert_eq!(ran.load(Ordering::SeqCst), 1, "the job ran once");
    }
    drop(pool);
}

/// A run hands jobs to a pool of three kept threads in the start's tree: the caller hands
/// the first two, and the first thread hands the third its job before it runs its own.
/// Checked: every job runs exactly once before the run's wait ends (a thread that does
/// not hand its children on leaves their jobs unrun).
fn the_start_tree_runs_every_job() {
    let pool = Arc::new(Pool::start("model", 3, false).expect("kept threads"));
    let control = RunControl::new();
    let mut threads = RunThreads::new(&pool, &control);
    let ran = Arc::new(AtomicUsize::new(0));
    let bodies = (1..=3)
        .map(|worker| {
            let counter = Arc::clone(&ran);
            let body: crate::pool::Job = Box::new(move || {
                counter.fetch_add(1, Ordering::SeqCst);
            });
            (worker, body)
        })
        .collect();
    threads.start_each(bodies);
    threads.wait_stopped();
    assert_eq!(ran.load(Ordering::SeqCst), 3, "every job ran once");
    drop(threads);
    drop(pool);
}

/// What a broken variant's run must report for the model to count as catching it: a
/// lost wake-up hangs, which loom reports as a deadlock; a job never handed over is
/// seen missing.
fn symptom(flaw: Flaw) -> &'static str {
    match flaw {
        Flaw::TreeForgetsTheChildren => "every job ran once",
        _ => "deadlock",
    }
}

/// A model and its broken variants: the model's test, and for each flaw an ignored test
/// that runs the model with it and a test that sees loom catch that one.
macro_rules! model {
    ($model:ident, $name:literal $(, $flaw:ident => $broken:ident, $catches:ident)*) => {
        #[test]
        fn $model() {
            explore($name, super::$model);
        }
        $(
            #[test]
            #[ignore = "a broken variant, run in a child process by the test that must catch it"]
            fn $broken() {
                *FLAW.lock().unwrap() = Some(Flaw::$flaw);
                explore(concat!("broken ", $name), super::$model);
            }

            #[test]
            fn $catches() {
                assert!(caught(
                    concat!(module_path!(), "::", stringify!($broken)),
                    symptom(Flaw::$flaw),
                ));
            }
        )*
    };
}

mod models {
    use super::*;

    model!(a_sent_batch_wakes_the_consumer, "hub send",
        SendForgetsTheConsumer => broken_send_forgets_the_consumer,
        catches_a_send_that_forgets_the_consumer);
    model!(the_consumer_steals_what_a_waiting_call_holds, "consumer steals",
        AnnounceForgetsTheSleepers => broken_announce_forgets_the_sleepers,
        catches_an_announce_that_forgets_the_sleepers);
    model!(the_consumer_steals_cheap_items_before_it_sleeps, "consumer steals cheap items",
        SleeperSkipsCheapItems => broken_sleeper_skips_cheap_items,
        catches_a_sleeper_that_skips_cheap_items);
    model!(a_published_count_wakes_the_room_waiter, "room",
        PublishForgetsTheRoomWaiter => broken_publish_forgets_the_room_waiter,
        catches_a_publish_that_forgets_the_room_waiter);
    model!(the_close_wakes_an_idle_thread, "close",
        CloseForgetsTheThreads => broken_close_forgets_the_threads,
        catches_a_close_that_forgets_the_threads);
    model!(the_feeder_answers_the_consumer, "feeder",
        RequestForgetsTheFeeder => broken_request_forgets_the_feeder,
        catches_a_request_that_forgets_the_feeder);
    model!(kept_thread_runs_each_job_once_and_ends_with_the_pool, "kept threads",
        HandForgetsTheThread => broken_hand_forgets_the_thread,
        catches_a_hand_that_forgets_the_thread,
        EndForgetsTheThread => broken_end_forgets_the_thread,
        catches_an_end_that_forgets_the_thread);
    model!(the_start_tree_runs_every_job, "start tree",
        TreeForgetsTheChildren => broken_tree_forgets_the_children,
        catches_a_tree_that_forgets_the_children);
}
