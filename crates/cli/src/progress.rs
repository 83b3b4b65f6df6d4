//! Progress feedback for long runs, shown only to a person watching: never
//! when stderr is a pipe or a file (CI logs), never with `--quiet`.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::Output;

/// Runs shorter than this many files finish before a bar would help.
const MIN_FILES_FOR_BAR: u64 = 20;

fn wanted(output: Output) -> bool {
    !output.quiet && std::io::stderr().is_terminal()
}

/// A bar counting `total` files, or a hidden one.
pub fn bar(total: u64, output: Output) -> ProgressBar {
    if !wanted(output) || total < MIN_FILES_FOR_BAR {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// A spinner for work whose length is unknown, or a hidden one.
pub fn spinner(message: &str, output: Output) -> ProgressBar {
    if !wanted(output) {
        return ProgressBar::hidden();
    }
    let spinner = ProgressBar::new_spinner();
    spinner.set_message(message.to_string());
    spinner.enable_steady_tick(Duration::from_millis(120));
    spinner
}
