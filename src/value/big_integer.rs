//! `java.math.BigInteger` as a payload or a computation gives it: its decimal text, its value, or
//! both, each made from the other only when needed.
//!
//! Converting between decimal text and binary takes time quadratic in the number's size: a payload
//! holding one integer of ten million digits would take minutes to read if it were parsed, and as
//! long to print back. Most such numbers are only passed through (`$input.json('$')`), so the text
//! is kept and printed as it came; arithmetic, comparison and hashing parse it, charged to the
//! render's work budget ([`super::budget`]) first.

use std::cell::OnceCell;
use std::fmt;

use num_bigint::BigInt;

use super::budget;

/// A BigInteger: decimal text, binary value, or both.
///
/// # Examples
/// ```
/// use apigw_vtl::value::BigInteger;
/// let n = BigInteger::from_decimal("-000123456789012345678901234567890").unwrap();
/// assert_eq!(n.to_string(), "-123456789012345678901234567890");
/// assert_eq!(n.value().bits(), 97);
/// ```
#[derive(Clone)]
pub struct BigInteger {
    /// Canonical decimal text (`-?[1-9][0-9]*` or `0`), when known.
    text: OnceCell<Box<str>>,
    /// The value, when known.
    value: OnceCell<BigInt>,
}

impl BigInteger {
    /// Java's `new BigInteger(text)` for `-?[0-9]+` (leading zeros allowed), without parsing it
    /// yet; `None` for anything else.
    pub fn from_decimal(text: &str) -> Option<BigInteger> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let significant = digits.trim_start_matches('0');
        let canonical: Box<str> = match (significant.is_empty(), negative) {
            (true, _) => "0".into(),
            (false, true) => format!("-{significant}").into(),
            (false, false) => significant.into(),
        };
        Some(BigInteger {
            text: OnceCell::from(canonical),
            value: OnceCell::new(),
        })
    }

    /// The value, parsed from the text the first time (charged to the work budget: when it cannot
    /// pay, the value is 0 and the budget's fault is recorded for the caller to raise).
    pub fn value(&self) -> &BigInt {
        self.value.get_or_init(|| {
            let text = self.text.get().map_or("0", |t| t);
            let words = self.words();
            if !budget::charge(words.saturating_mul(words)) {
                return BigInt::default();
            }
            text.parse().unwrap_or_default()
        })
    }

    /// About how many 64-bit words the value takes, known without parsing it.
    pub fn words(&self) -> u64 {
        match (self.value.get(), self.text.get()) {
            (Some(value), _) => value.bits() / 64 + 1,
            // log2(10) / 64 words per digit.
            (None, Some(text)) => text.len() as u64 * 10 / 192 + 1,
            (None, None) => 1,
        }
    }

    /// Appends the decimal text (computed the first time for a value that has none, charged to
    /// the work budget like parsing).
    pub fn write_decimal(&self, out: &mut String) {
        if let Some(text) = self.text.get() {
            out.push_str(text);
            return;
        }
        let words = self.words();
        if budget::charge(words.saturating_mul(words)) {
            out.push_str(self.text.get_or_init(|| self.value().to_string().into()));
        }
    }
}

impl From<BigInt> for BigInteger {
    fn from(value: BigInt) -> Self {
        BigInteger {
            text: OnceCell::new(),
            value: OnceCell::from(value),
        }
    }
}

impl fmt::Display for BigInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write_decimal(&mut out);
        f.write_str(&out)
    }
}

impl fmt::Debug for BigInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl PartialEq for BigInteger {
    fn eq(&self, other: &Self) -> bool {
        match (self.text.get(), other.text.get()) {
            // Canonical texts are equal exactly when the values are.
            (Some(a), Some(b)) => a == b,
            _ => self.value() == other.value(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_million_digits_pass_through_in_linear_time() {
        let text = "7".repeat(10_000_000);
        let started = std::time::Instant::now();
        let n = BigInteger::from_decimal(&text).unwrap();
        let mut out = String::new();
        n.write_decimal(&mut out);
        assert_eq!(out.len(), text.len());
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn text_and_value_agree() {
        for text in ["0", "-0", "00012", "-98765432109876543210", "+5"] {
            let lazy = BigInteger::from_decimal(text).unwrap();
            let parsed = BigInteger::from(text.parse::<BigInt>().unwrap());
            assert_eq!(lazy.to_string(), parsed.to_string(), "{text}");
            assert_eq!(lazy.value(), parsed.value(), "{text}");
            assert!(lazy == parsed);
        }
        assert!(BigInteger::from_decimal("1.5").is_none());
        assert!(BigInteger::from_decimal("-").is_none());
    }
}
