//! [`Machine`]: the provenance the figures carry, summed up for subtitles and the README.

use fanout_harness::Provenance;

/// Where and when the figures were measured.
#[derive(Clone, Debug)]
pub(crate) struct Machine {
    /// The newest provenance among the records.
    pub(crate) provenance: Provenance,
    /// The earliest measurement date among the records.
    pub(crate) first_date: String,
    /// Every distinct commit the records name, in the order first seen.
    pub(crate) commits: Vec<String>,
    /// Whether the provenance came from the records; criterion's files carry none, so
    /// without records it is this machine's, now.
    pub(crate) from_records: bool,
}

impl Machine {
    /// The machine the records name, or this one when there are none.
    pub(crate) fn of<'a>(provenances: impl Iterator<Item = &'a Provenance>) -> Machine {
        let mut newest: Option<&Provenance> = None;
        let mut first_date: Option<&str> = None;
        let mut commits: Vec<String> = Vec::new();
        for provenance in provenances {
            // ISO 8601 dates in UTC sort as text.
            if newest.is_none_or(|newest| provenance.date > newest.date) {
                newest = Some(provenance);
            }
            if first_date.is_none_or(|first| provenance.date.as_str() < first) {
                first_date = Some(&provenance.date);
            }
            if !commits.contains(&provenance.commit) {
                commits.push(provenance.commit.clone());
            }
        }
        match newest {
            Some(provenance) => Machine {
                first_date: first_date.unwrap_or(&provenance.date).to_owned(),
                provenance: provenance.clone(),
                commits,
                from_records: true,
            },
            None => {
                let provenance = Provenance::current().clone();
                Machine {
                    first_date: provenance.date.clone(),
                    commits: vec![provenance.commit.clone()],
                    provenance,
                    from_records: false,
                }
            }
        }
    }

    /// Logical cores of the measuring machine.
    pub(crate) fn cores(&self) -> usize {
        self.provenance.cores.max(1)
    }

    /// The day (or days) measured: `2026-11-28`, or `2026-11-27 to 2026-11-28`.
    pub(crate) fn days(&self) -> String {
        let day = |date: &str| date.get(..10).unwrap_or(date).to_owned();
        let (first, last) = (day(&self.first_date), day(&self.provenance.date));
        if first == last {
            last
        } else {
            format!("{first} to {last}")
        }
    }

    /// The line under every chart's title: CPU, cores, date and commit.
    pub(crate) fn subtitle(&self) -> String {
        format!(
            "{}, {} logical cores, {}, {}",
            self.provenance.cpu,
            self.cores(),
            self.days(),
            self.commits_in_brief()
        )
    }

    /// The commits measured, as a chart's subtitle has room for: one or two named, more
    /// counted (the README lists them all).
    fn commits_in_brief(&self) -> String {
        match self.commits.as_slice() {
            [one] => format!("commit {one}"),
            [first, second] => format!("commits {first} and {second}"),
            [first, rest @ ..] => format!(
                "commit {first} and {} others (listed in the README)",
                rest.len()
            ),
            [] => String::from("no commit recorded"),
        }
    }

    /// What a sweep up to `most_workers` means on this machine, when it goes past the
    /// cores: every row beyond them runs more threads than cores, so the figures there
    /// say how an engine copes with oversubscription, not how it scales. `None` when the
    /// sweep stays within the cores.
    pub(crate) fn oversubscription(&self, most_workers: Option<usize>) -> Option<String> {
        let cores = self.cores();
        let most = most_workers.filter(|&most| most > cores)?;
        let measured = if self.from_records {
            "Measured on"
        } else {
            "Taken from the plotting machine, which has"
        };
        Some(format!(
            "{measured} {cores} logical {core_word}, swept to {most} workers: at more than \
             {cores} {worker_word} every row is oversubscribed (more threads than cores), so \
             the columns beyond {cores} show how each engine copes with oversubscription, \
             not how it scales.",
            core_word = if cores == 1 { "core" } else { "cores" },
            worker_word = if cores == 1 { "worker" } else { "workers" },
        ))
    }

    /// A short phrase for sentences: `AMD EPYC with 2 logical cores`.
    pub(crate) fn phrase(&self) -> String {
        format!(
            "{} with {} logical cores",
            self.provenance.cpu,
            self.cores()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine(cores: usize) -> Machine {
        let mut provenance = Provenance::current().clone();
        provenance.cores = cores;
        Machine {
            first_date: provenance.date.clone(),
            commits: vec![provenance.commit.clone()],
            provenance,
            from_records: true,
        }
    }

    #[test]
    fn a_sweep_past_the_cores_is_read_as_oversubscription() {
        let statement = machine(2).oversubscription(Some(16)).unwrap();
        assert!(
            statement.contains("2 logical cores")
                && statement.contains("at more than 2 workers every row is oversubscribed"),
            "{statement}"
        );
        let bigger = machine(8).oversubscription(Some(64)).unwrap();
        assert!(bigger.contains("at more than 8 workers"), "{bigger}");
        assert_eq!(machine(16).oversubscription(Some(16)), None);
        assert_eq!(machine(2).oversubscription(None), None);
    }

    #[test]
    fn a_subtitle_names_at_most_two_commits() {
        let mut measured = machine(2);
        measured.commits = vec!["aaa".to_owned()];
        assert!(measured.subtitle().ends_with(", commit aaa"));
        measured.commits.push("bbb".to_owned());
        assert!(measured.subtitle().ends_with(", commits aaa and bbb"));
        measured
            .commits
            .extend(["ccc".to_owned(), "ddd".to_owned()]);
        assert!(
            measured
                .subtitle()
                .ends_with(", commit aaa and 3 others (listed in the README)")
        );
    }
}
