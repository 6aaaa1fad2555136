//! Records, at build time, what the compiled benches cannot find out later: the rustc
//! that built them and the versions of the compared crates, from the workspace's
//! Cargo.lock.

use std::path::Path;
use std::process::Command;
use std::{env, fs};

/// The crates whose versions every record names.
const COMPARED: [&str; 4] = ["crossbeam-channel", "flume", "tokio", "rayon"];

fn main() {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| String::from("rustc"));
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .map(|text| text.trim().to_owned())
        .unwrap_or_else(|| String::from("unknown"));
    println!("cargo:rustc-env=FANOUT_RUSTC_VERSION={version}");

    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let lock = Path::new(&manifest).join("../../Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    let text = fs::read_to_string(&lock).unwrap_or_default();
    let versions: Vec<String> = COMPARED
        .iter()
        .map(|name| format!("{name}={}", locked_version(&text, name)))
        .collect();
    println!(
        "cargo:rustc-env=FANOUT_CRATE_VERSIONS={}",
        versions.join(",")
    );
}

/// The version Cargo.lock gives `name` (the first, should there be several).
fn locked_version(lock: &str, name: &str) -> String {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted
            && let Some(version) = lines.next()
            && let Some(value) = version.trim().strip_prefix("version = ")
        {
            return value.trim_matches('"').to_owned();
        }
    }
    String::from("unknown")
}
