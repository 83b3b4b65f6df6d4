//! The `tally` binary: the allocator, then [`tally_cli::main`].

/// mimalloc rather than the system allocator: a build allocates many small
/// strings per article on every core (measured by `cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    tally_cli::main()
}
