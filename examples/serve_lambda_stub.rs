//! A Lambda Invoke API stand-in for the founding example, for load tests of `apigw-vtl serve
//! --lambda-endpoint` (no process per invocation, so the numbers are the server's): it answers
//! `POST /2015-03-31/functions/NAME/invocations` with the article's recorded payloads
//! (corpus/danielhttp/lambda/), chosen by the event's GUID as the article's function chooses, and
//! flags the three errors with `X-Amz-Function-Error: Unhandled` as Lambda does.
//!
//!     cargo run --release --example serve_lambda_stub -- 127.0.0.1:3001
//!
//! It prints `listening on ADDRESS` (port 0 picks a free one) and serves until killed. Only for
//! 127.0.0.1: it is a test fixture, not a server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;

fn main() -> std::io::Result<()> {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:0".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/danielhttp/lambda");
    let read = |name: &str| std::fs::read(root.join(name));
    let payloads: &'static [(&'static str, bool, Vec<u8>)] = Box::leak(Box::new([
        (
            "\"GUID\":\"Exception\"",
            true,
            read("exception.error.json")?,
        ),
        (
            "\"GUID\":\"RaisedException\"",
            true,
            read("raised-exception.error.json")?,
        ),
        ("\"GUID\":\"Error\"", true, read("error.error.json")?),
        ("", false, read("ok.result.json")?),
    ]));
    let listener = TcpListener::bind(&address)?;
    println!("listening on {}", listener.local_addr()?);
    for stream in listener.incoming().flatten() {
        std::thread::spawn(move || {
            let _ = serve(stream, payloads);
        });
    }
    Ok(())
}

/// Answers requests on one connection until the client closes it.
fn serve(stream: TcpStream, payloads: &[(&str, bool, Vec<u8>)]) -> std::io::Result<()> {
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut length = 0;
        loop {
            let mut header = String::new();
            reader.read_line(&mut header)?;
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut event = vec![0; length];
        reader.read_exact(&mut event)?;
        let event = String::from_utf8_lossy(&event);
        let (_, error, payload) = payloads
            .iter()
            .find(|(marker, _, _)| event.contains(marker))
            .expect("the last payload matches everything");
        let flag = if *error {
            "X-Amz-Function-Error: Unhandled\r\n"
        } else {
            ""
        };
        write!(
            writer,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{flag}Content-Length: {}\r\n\r\n",
            payload.len()
        )?;
        writer.write_all(payload)?;
    }
}
