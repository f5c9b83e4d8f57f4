//! The `apigw-vtl` command: see `apigw-vtl --help`.

/// mimalloc: see Cargo.toml (a quarter of a render's instructions were glibc's malloc and free).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    apigw_vtl::cli::run()
}
