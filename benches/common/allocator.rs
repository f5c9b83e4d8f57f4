//! The benchmarks allocate with mimalloc, as the `apigw-vtl` binary does (src/main.rs), so that
//! `cargo bench` and `apigw-vtl bench` measure the same thing. An embedder's figures depend on the
//! allocator it chooses.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
