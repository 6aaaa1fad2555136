//! How many workers an engine runs and how deep its queues are.

use std::fmt;
use std::num::NonZeroUsize;

/// The shape of an engine: its number of workers and the bound of each of its queues.
///
/// ```
/// use fanout_core::FanConfig;
/// let config = FanConfig::new(4)?.with_capacity(0);
/// assert_eq!((config.workers.get(), config.capacity), (4, 0));
/// assert!(FanConfig::new(0).is_err());
/// # Ok::<(), fanout_core::ConfigError>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct FanConfig {
    /// How many workers run `work` at once.
    pub workers: NonZeroUsize,
    /// The bound of each queue. 0 asks for a rendezvous where the primitive has one;
    /// engines whose primitive has none use 1 and say so in their docs.
    pub capacity: usize,
}

impl FanConfig {
    /// A configuration with `workers` workers and queues of `2 * workers` slots.
    ///
    /// Zero workers is an error, not a panic.
    pub fn new(workers: usize) -> Result<FanConfig, ConfigError> {
        let workers = NonZeroUsize::new(workers).ok_or(ConfigError::ZeroWorkers)?;
        Ok(FanConfig {
            workers,
            capacity: workers.get().saturating_mul(2),
        })
    }

    /// The same configuration with each queue bounded to `capacity` items
    /// (0 = rendezvous where the primitive has one, else 1).
    pub fn with_capacity(self, capacity: usize) -> FanConfig {
        FanConfig { capacity, ..self }
    }
}

/// Why a [`FanConfig`] could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// `workers` was 0; an engine needs at least one worker.
    ZeroWorkers,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::ZeroWorkers => f.write_str("workers must be at least 1 (got 0)"),
        }
    }
}

impl std::error::Error for ConfigError {}
