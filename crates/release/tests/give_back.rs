//! A build calls the give-back the binary sets (`tally` gives mimalloc's
//! free pages back to the system there), once reconciliation is done. Its
//! own test binary: the give-back is set once per process.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::Project;

static CALLS: AtomicUsize = AtomicUsize::new(0);

fn count_call() {
    CALLS.fetch_add(1, Ordering::SeqCst);
}

#[test]
fn a_build_gives_freed_memory_back_once_reconciled() {
    tally_release::set_give_back(count_call);
    let project = Project::with_seeds();
    assert_eq!(CALLS.load(Ordering::SeqCst), 0, "not before a build");
    let report = project.release("0.1.0").unwrap();
    assert!(report.published, "{}", report.summary);
    assert_eq!(CALLS.load(Ordering::SeqCst), 1, "once per build");
}
