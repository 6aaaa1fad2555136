//! `fanout demo --go`: the seed's demo in Go itself (`benches/go/`), built with the `go`
//! toolchain and run with the same items, workers, random state and time scale, printing
//! the seed's own lines under the same header as the Rust demo, so that the two outputs
//! can be set side by side.

use std::path::PathBuf;
use std::process::Command;

use fanout_harness::go::GoProgram;

use crate::demo::Demo;

/// Where the Go program is built: beside this executable (`target/<profile>/fanout-go`,
/// where the benches build it too), or in the temporary folder if that is unknown.
fn build_folder() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|executable| Some(executable.parent()?.to_path_buf()))
        .unwrap_or_else(std::env::temp_dir)
}

/// The Go demo's command for `demo`'s settings.
pub(crate) fn command(program: &GoProgram, demo: &Demo) -> Command {
    let mut command = program.demo();
    command.args([
        "-items",
        &demo.items.to_string(),
        "-workers",
        &demo.workers.to_string(),
        "-random-state",
        &demo.random_state.to_string(),
        "-time-scale",
        &demo.time_scale.to_string(),
    ]);
    command
}

/// Builds the Go program and runs its demo, its lines going straight to this stdout; an
/// error says how to install Go where it is missing.
pub(crate) fn run(demo: &Demo) -> Result<(), String> {
    let program = GoProgram::build(&build_folder()).map_err(|error| error.to_string())?;
    let status = command(&program, demo)
        .status()
        .map_err(|error| format!("could not run {}: {error}", program.binary().display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the Go demo failed ({status})"))
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroUsize;

    use fanout_harness::go::GoError;

    use super::*;

    #[test]
    fn the_go_demo_prints_the_seeds_lines_for_each_item() {
        let folder = std::env::temp_dir().join(format!("fanout-go-demo-{}", std::process::id()));
        let program = match GoProgram::build(&folder) {
            Ok(program) => program,
            Err(GoError::NoToolchain) => {
                println!("skipped: {}", GoError::NoToolchain);
                return;
            }
            Err(error) => panic!("{error}"),
        };
        let demo = Demo {
            items: 5,
            workers: NonZeroUsize::new(2).unwrap(),
            capacity: None,
            random_state: 11,
            time_scale: 0.001,
        };
        let output = command(&program, &demo).output().unwrap();
        let _removed = std::fs::remove_dir_all(&folder);
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(output.status.success(), "{text}");
        assert!(
            text.starts_with(
                "== go-seed: 5 items, 2 workers, capacity 0, random state 11, time scale 0.001 =="
            ),
            "{text}"
        );
        for id in 1..=5 {
            for line in [
                format!("processed item {id}\n"),
                format!("Processed: Item {id} -> processed-item-{id}-by-worker-"),
            ] {
                assert_eq!(text.matches(&line).count(), 1, "{line:?} in {text}");
            }
        }
        assert!(text.contains("\n5 results in "), "{text}");
    }
}
