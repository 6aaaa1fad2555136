// The README is this crate's documentation, so that `cargo test --doc` compiles and runs
// each of its Rust blocks as a doc test.
#![doc = include_str!("../../../README.md")]
