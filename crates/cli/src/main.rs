//! The `tally` binary: the allocator and its options, then [`tally_cli::main`].

/// mimalloc rather than the system allocator: a build allocates many small
/// strings per article on every core (measured by `cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option: how many milliseconds freed memory stays
/// with the process before it is given back to the system. The option's
/// number, which the `extended` bindings do not name: the one before
/// `use_numa_nodes` in mimalloc's list of options (checked below).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const _: () = assert!(PURGE_DELAY + 1 == libmimalloc_sys::mi_option_use_numa_nodes);

/// Freed memory is given back to the system after 1 ms instead of a second
/// (mimalloc 3's default). The
/// per-article stage frees most of what it allocates on the worker threads,
/// which then sit idle while reconciliation runs: with the default delay
/// their freed pages were never purged and stayed resident through the
/// build's peak (a fifth of the peak RSS of 50 MB of news).
fn purge_freed_memory_promptly() {
    // SAFETY: sets one of mimalloc's options, before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 1) }
}

/// Gives back every page the allocator holds free (on all threads' heaps)
/// now, not when their threads next allocate.
fn give_back_freed_memory() {
    // SAFETY: asks the allocator in use to collect and purge its free pages.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

fn main() -> std::process::ExitCode {
    purge_freed_memory_promptly();
    tally_release::set_give_back(give_back_freed_memory);
    tally_cli::main()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // mimalloc 3's default for `purge_delay` is 1000 ms; no other option
        // has that default, so this fails if the number names another one.
        // SAFETY: reads and sets an option of the allocator in use.
        unsafe {
            assert_eq!(libmimalloc_sys::mi_option_get(PURGE_DELAY), 1000);
            purge_freed_memory_promptly();
            assert_eq!(libmimalloc_sys::mi_option_get(PURGE_DELAY), 1);
        }
    }
}
