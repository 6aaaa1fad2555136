//! The rows whose thread pools slow down with the square of their threads, and the
//! smaller worker limit the command sets them.
//!
//! An idle rayon thread does not sleep at once: it searches every other thread's queue
//! for work, a few dozen rounds with a yield between them, before it gets sleepy. A pool
//! of n threads that start, wake for a run, or shut down therefore makes about n x n
//! searches, and on a machine with few cores those threads take turns on them. On the
//! project's 2-core machine, `fanout demo --engine rayon --items 8` took 0.03 s with 256
//! workers, 0.08 s with 512, 1.4 s with 1024, 4 to 47 s with 2048 (the pool alone took
//! 8.8 s to start in the slow run) and did not finish in 100 s with 4096, each time
//! with almost all the pool's threads runnable rather than asleep. So these rows get a
//! limit at which they still start, run and stop in well under a second.

/// The most workers the command gives a row that runs on a rayon pool.
pub(crate) const MOST_RAYON_WORKERS: usize = 512;

/// The rows that run on a rayon pool of `workers` threads.
const RAYON_ROWS: [&str; 3] = ["rayon", "rayon-reference", "rayon-par-iter"];

/// Refuses `workers` for `row` when the row's pool cannot start and stop that many
/// threads in reasonable time, saying why and what is accepted.
pub(crate) fn check_workers(row: &str, workers: usize) -> Result<(), String> {
    if RAYON_ROWS.contains(&row) && workers > MOST_RAYON_WORKERS {
        return Err(format!(
            "{row} accepts at most {MOST_RAYON_WORKERS} workers, not {workers}: an idle rayon \
             thread searches every other thread's queue before it sleeps, so a pool's start, \
             each run and its shut-down grow with the square of its threads (2048 took up to \
             47 s for 8 items on 2 cores, 4096 over 100 s). Ask for at most \
             {MOST_RAYON_WORKERS} workers, or leave {row} out."
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use fanout_harness::rows::Row;

    #[test]
    fn the_limited_rows_exist() {
        for row in RAYON_ROWS {
            assert!(Row::named(row).is_some(), "{row} is no longer a row");
        }
    }

    #[test]
    fn rayon_rows_are_refused_past_their_limit_with_the_limit_named() {
        assert!(check_workers("rayon", MOST_RAYON_WORKERS).is_ok());
        assert!(check_workers("crossbeam", 4096).is_ok());
        let error = check_workers("rayon-par-iter", 4096).unwrap_err();
        assert!(error.contains("at most 512 workers, not 4096"), "{error}");
    }
}
