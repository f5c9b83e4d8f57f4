//! `apigw-vtl serve` (issue 19) end to end: the binary started on a free port, requests over
//! TCP, local backends on 127.0.0.1.

mod support;

mod bad_input;
mod console;
mod danielhttp;
mod http;
mod lambda;
mod watch;
