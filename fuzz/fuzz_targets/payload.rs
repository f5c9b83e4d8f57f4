#![no_main]
// Each binary uses one of the shared functions.
#[allow(dead_code)]
#[path = "../src/targets.rs"]
mod targets;
libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::payload(data));
