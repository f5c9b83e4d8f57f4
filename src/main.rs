//! The `apigw-vtl` command: see `apigw-vtl --help`.

fn main() -> std::process::ExitCode {
    apigw_vtl::cli::run()
}
