//! The `tally` command-line interface (issue #2).

fn main() {}
