//! The identifiers AWS gives every request (aws-semantics.md §0): `x-amzn-RequestId` (a UUID, also
//! `$context.requestId`), `x-amz-apigw-id` (16 characters of base64, also
//! `$context.extendedRequestId`) and `X-Amzn-Trace-Id` (X-Ray's `Root=1-<epoch hex>-<24 hex>`).
//!
//! The values have AWS's formats and are new per request, derived from a counter and the server's
//! start time by a fixed mixing function: no random source, and two servers started in the same
//! second give the same sequence (a log can be compared with another run's).

use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine;

/// One request's identifiers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestIds {
    /// `x-amzn-RequestId` and `$context.requestId`: `8-4-4-4-12` hexadecimal digits, version 4.
    pub request_id: String,
    /// `x-amz-apigw-id` and `$context.extendedRequestId`: 11 bytes in base64 (16 characters).
    pub apigw_id: String,
    /// `X-Amzn-Trace-Id`: `Root=1-<8 hex digits of the epoch second>-<24 hex digits>`.
    pub trace_id: String,
}

/// Hands out [`RequestIds`] in sequence.
#[derive(Debug)]
pub struct IdSource {
    seed: u64,
    epoch_seconds: u64,
    counter: AtomicU64,
}

impl IdSource {
    /// A sequence seeded by `epoch_seconds` (the server's start time).
    pub fn new(epoch_seconds: u64) -> Self {
        IdSource {
            seed: mix(epoch_seconds),
            epoch_seconds,
            counter: AtomicU64::new(0),
        }
    }

    /// The start time it was seeded with.
    pub fn epoch_seconds(&self) -> u64 {
        self.epoch_seconds
    }

    /// The next request's identifiers.
    pub fn next(&self) -> RequestIds {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let (a, b) = (mix(self.seed ^ n), mix(self.seed.rotate_left(17) ^ !n));
        let hex = format!("{a:016x}{b:016x}");
        let request_id = format!(
            "{}-{}-4{}-8{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[13..16],
            &hex[17..20],
            &hex[20..32]
        );
        let mut bytes = [0u8; 11];
        bytes[..8].copy_from_slice(&mix(b ^ a).to_be_bytes());
        bytes[8..].copy_from_slice(&a.to_be_bytes()[..3]);
        let apigw_id = base64::engine::general_purpose::STANDARD.encode(bytes);
        let trace_id = format!(
            "Root=1-{:08x}-{}",
            self.epoch_seconds as u32,
            &format!("{b:016x}{a:016x}")[..24]
        );
        RequestIds {
            request_id,
            apigw_id,
            trace_id,
        }
    }
}

/// SplitMix64's finaliser: a bijection that spreads a counter over all 64 bits.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_aws_formats_and_differ_per_request() {
        let source = IdSource::new(1_700_000_000);
        let first = source.next();
        let second = source.next();
        assert_ne!(first, second);
        let parts: Vec<&str> = first.request_id.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4') && parts[3].starts_with('8'));
        assert_eq!(first.apigw_id.len(), 16);
        assert!(first.apigw_id.ends_with('='));
        assert!(
            first.trace_id.starts_with("Root=1-6553f100-"),
            "{}",
            first.trace_id
        );
        assert_eq!(first.trace_id.len(), "Root=1-6553f100-".len() + 24);
        // The same start time gives the same sequence.
        assert_eq!(IdSource::new(1_700_000_000).next(), first);
    }
}
