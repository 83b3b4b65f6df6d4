//! `cargo xtask`: schema, validate, release, verify, bench (issue #2).

fn main() {}
