//! [`StartError`]: an engine that could not start the threads it keeps.

use std::error::Error;
use std::fmt;

/// Why an engine could not be built: the OS refused one of the threads it keeps (its pool
/// or runtime), or the pool's builder failed otherwise.
/// [`FanOutFanIn::try_new`](crate::FanOutFanIn::try_new) returns it where `new` would
/// panic with its text.
#[derive(Debug)]
pub struct StartError {
    engine: &'static str,
    what: String,
    source: Option<Box<dyn Error + Send + Sync + 'static>>,
}

impl StartError {
    /// `engine` could not start: `what` says which step failed, `source` why, where an
    /// error of its own says it.
    pub fn new(
        engine: &'static str,
        what: impl Into<String>,
        source: Option<Box<dyn Error + Send + Sync + 'static>>,
    ) -> StartError {
        StartError {
            engine,
            what: what.into(),
            source,
        }
    }

    /// The engine's [`NAME`](crate::FanOutFanIn::NAME).
    pub fn engine(&self) -> &'static str {
        self.engine
    }
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fanout engine {}: {}", self.engine, self.what)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl Error for StartError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_the_engine_the_step_and_the_cause() {
        let cause = std::io::Error::from_raw_os_error(11);
        let error = StartError::new(
            "rayon",
            "could not start a pool of 8 threads",
            Some(cause.into()),
        );
        let text = error.to_string();
        assert!(text.starts_with("fanout engine rayon: could not start a pool of 8 threads: "));
        assert!(text.contains("os error 11"), "{text}");
        assert!(error.source().is_some());
        assert_eq!(error.engine(), "rayon");
    }
}
