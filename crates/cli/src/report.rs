//! Printing diagnostics on stderr in the form `--message-format` asks for:
//! `path:line:col: error[T0201]: message`, or one JSON object per line.
//! Summaries ("3 file(s) valid") are for people: [`note`] prints them only in
//! the human form, so a JSON consumer reads nothing but diagnostics.

use tally_model::Diagnostic;

use crate::{MessageFormat, Output};

/// Prints one diagnostic (warnings are left out with `--quiet`).
pub fn emit(d: &Diagnostic, output: Output) {
    if output.quiet && !d.is_error() {
        return;
    }
    match output.message_format {
        MessageFormat::Human => eprintln!("{d:#}"),
        MessageFormat::Json => match serde_json::to_string(&d.to_json()) {
            Ok(line) => eprintln!("{line}"),
            Err(_) => eprintln!("{d:#}"),
        },
    }
}

/// Prints every diagnostic.
pub fn emit_all<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>, output: Output) {
    diagnostics.into_iter().for_each(|d| emit(d, output));
}

/// A line for people on stderr: not with `--quiet`, not in the JSON form.
pub fn note(output: Output, text: impl std::fmt::Display) {
    if !output.quiet && output.message_format == MessageFormat::Human {
        eprintln!("{text}");
    }
}

/// A closing line that says a run failed: printed even with `--quiet`, but
/// not in the JSON form (the exit status says it there).
pub fn failure(output: Output, text: impl std::fmt::Display) {
    if output.message_format == MessageFormat::Human {
        eprintln!("{text}");
    }
}
