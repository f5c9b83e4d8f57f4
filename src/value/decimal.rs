//! The part of `java.math.BigDecimal` that templates can reach: exact `+ - *`, Velocity's
//! `divide(divisor, ROUND_HALF_DOWN)`, comparison, the exact value of a double, and `toString`.
//!
//! A BigDecimal appears when a BigInteger meets a non-integer (Velocity computes that in BigDecimal)
//! and, in later stages, for long decimals in a payload (json-smart).

use std::cmp::Ordering;

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive, Zero};

/// `unscaled × 10^-scale`, as Java stores it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BigDecimal {
    unscaled: BigInt,
    scale: i32,
}

fn pow10(exponent: u32) -> BigInt {
    num_traits::pow(BigInt::from(10u8), exponent as usize)
}

impl BigDecimal {
    /// `unscaled × 10^-scale`.
    pub fn new(unscaled: BigInt, scale: i32) -> Self {
        BigDecimal { unscaled, scale }
    }

    /// Parses Java's decimal syntax (`-12.50`, `1E+3`); `None` if it is not one.
    pub fn parse(text: &str) -> Option<Self> {
        let (mantissa, exponent) = match text.find(['e', 'E']) {
            Some(at) => (&text[..at], text[at + 1..].parse::<i32>().ok()?),
            None => (text, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = format!("{whole}{fraction}");
        let unscaled: BigInt = digits.parse().ok()?;
        let scale = i32::try_from(fraction.len()).ok()?.checked_sub(exponent)?;
        Some(BigDecimal { unscaled, scale })
    }

    /// `new BigDecimal(double)`: the exact binary value, with the smallest scale that holds it.
    /// `None` for NaN and infinities (Java throws).
    pub fn from_f64_exact(value: f64) -> Option<Self> {
        if !value.is_finite() {
            return None;
        }
        if value == 0.0 {
            return Some(BigDecimal::default());
        }
        let bits = value.to_bits();
        let negative = bits >> 63 == 1;
        let exponent_bits = ((bits >> 52) & 0x7ff) as i32;
        let fraction = bits & ((1u64 << 52) - 1);
        let (mut mantissa, mut exponent) = if exponent_bits == 0 {
            (fraction, -1074)
        } else {
            (fraction | (1u64 << 52), exponent_bits - 1075)
        };
        while mantissa & 1 == 0 {
            mantissa >>= 1;
            exponent += 1;
        }
        let mut unscaled = BigInt::from(mantissa);
        let scale = if exponent >= 0 {
            unscaled <<= exponent as usize;
            0
        } else {
            unscaled *= num_traits::pow(BigInt::from(5u8), (-exponent) as usize);
            -exponent
        };
        if negative {
            unscaled = -unscaled;
        }
        Some(BigDecimal { unscaled, scale })
    }

    /// Whether the value is zero (at any scale).
    pub fn is_zero(&self) -> bool {
        self.unscaled.is_zero()
    }

    /// `doubleValue()`.
    pub fn to_f64(&self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    /// `toBigInteger()`: truncated toward zero.
    pub fn to_big_int(&self) -> BigInt {
        if self.scale <= 0 {
            &self.unscaled * pow10(self.scale.unsigned_abs())
        } else {
            &self.unscaled / pow10(self.scale as u32)
        }
    }

    fn rescaled(&self, scale: i32) -> BigInt {
        // Only ever called with scale >= self.scale.
        &self.unscaled * pow10((scale - self.scale) as u32)
    }

    /// `add`: exact, scale = the larger scale.
    pub fn add(&self, other: &Self) -> Self {
        let scale = self.scale.max(other.scale);
        BigDecimal::new(self.rescaled(scale) + other.rescaled(scale), scale)
    }

    /// `subtract`: exact, scale = the larger scale.
    pub fn sub(&self, other: &Self) -> Self {
        let scale = self.scale.max(other.scale);
        BigDecimal::new(self.rescaled(scale) - other.rescaled(scale), scale)
    }

    /// `multiply`: exact, scale = the sum of scales.
    pub fn mul(&self, other: &Self) -> Self {
        BigDecimal::new(&self.unscaled * &other.unscaled, self.scale + other.scale)
    }

    /// `divide(divisor, ROUND_HALF_DOWN)`: the quotient at this number's scale, halves rounded toward
    /// zero. The divisor is not zero (Velocity checks first).
    pub fn div_half_down(&self, divisor: &Self) -> Self {
        if divisor.is_zero() {
            return BigDecimal::default();
        }
        // self / divisor at scale s: (u1 * 10^(s - s1 + s2)) / u2.
        let scale = self.scale;
        let shift = scale - self.scale + divisor.scale;
        let (numerator, denominator) = if shift >= 0 {
            (
                &self.unscaled * pow10(shift as u32),
                divisor.unscaled.clone(),
            )
        } else {
            (
                self.unscaled.clone(),
                &divisor.unscaled * pow10(shift.unsigned_abs()),
            )
        };
        let quotient = &numerator / &denominator;
        let remainder = &numerator % &denominator;
        let twice = remainder.abs() * 2u8;
        let denominator_abs = denominator.abs();
        let round_away = twice > denominator_abs;
        let mut unscaled = quotient;
        if round_away {
            let negative = (numerator.sign() == Sign::Minus) != (denominator.sign() == Sign::Minus);
            unscaled += if negative { -1 } else { 1 };
        }
        BigDecimal::new(unscaled, scale)
    }

    /// `compareTo`: by value, whatever the scales.
    pub fn compare(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        self.rescaled(scale).cmp(&other.rescaled(scale))
    }

    /// `equals`: same value and same scale (`2.0` is not `2.00`).
    pub fn java_equals(&self, other: &Self) -> bool {
        self.scale == other.scale && self.unscaled == other.unscaled
    }

    /// `toPlainString()`: never scientific.
    pub fn write_plain(&self, out: &mut String) {
        let digits = self.unscaled.abs().to_string();
        if self.unscaled.is_negative() {
            out.push('-');
        }
        self.abs_plain(&digits, out);
    }

    /// The magnitude's digits with the decimal point where the scale puts it.
    fn abs_plain(&self, digits: &str, out: &mut String) {
        if self.scale <= 0 {
            out.push_str(digits);
            out.extend(std::iter::repeat_n('0', self.scale.unsigned_abs() as usize));
            return;
        }
        let scale = self.scale as usize;
        if digits.len() > scale {
            let (whole, fraction) = digits.split_at(digits.len() - scale);
            out.push_str(whole);
            out.push('.');
            out.push_str(fraction);
        } else {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', scale - digits.len()));
            out.push_str(digits);
        }
    }

    /// `toString()`: plain notation when the scale is not negative and the adjusted exponent is at
    /// least -6, else scientific (`1.23E+5`, `1E-7`).
    pub fn write_java(&self, out: &mut String) {
        let digits = self.unscaled.abs().to_string();
        if self.unscaled.is_negative() {
            out.push('-');
        }
        let length = digits.len() as i64;
        let adjusted = -i64::from(self.scale) + (length - 1);
        if self.scale >= 0 && adjusted >= -6 {
            self.abs_plain(&digits, out);
        } else {
            let (first, rest) = digits.split_at(1);
            out.push_str(first);
            if !rest.is_empty() {
                out.push('.');
                out.push_str(rest);
            }
            out.push('E');
            if adjusted >= 0 {
                out.push('+');
            }
            out.push_str(&adjusted.to_string());
        }
    }
}

impl std::fmt::Display for BigDecimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        self.write_java(&mut out);
        f.write_str(&out)
    }
}

impl ToPrimitive for BigDecimal {
    fn to_i64(&self) -> Option<i64> {
        self.to_big_int().to_i64()
    }
    fn to_u64(&self) -> Option<u64> {
        self.to_big_int().to_u64()
    }
    fn to_f64(&self) -> Option<f64> {
        Some(BigDecimal::to_f64(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> String {
        BigDecimal::parse(text).expect("parses").to_string()
    }

    #[test]
    fn prints_as_java() {
        assert_eq!(show("123.450"), "123.450");
        assert_eq!(show("-0.000001"), "-0.000001");
        assert_eq!(show("0.0000001"), "1E-7");
        assert_eq!(show("1.23E+5"), "1.23E+5");
        assert_eq!(show("12300"), "12300");
        assert_eq!(
            BigDecimal::from_f64_exact(0.1)
                .map(|d| d.to_string())
                .as_deref(),
            Some("0.1000000000000000055511151231257827021181583404541015625")
        );
        assert_eq!(
            BigDecimal::from_f64_exact(2.0)
                .map(|d| d.to_string())
                .as_deref(),
            Some("2")
        );
    }

    #[test]
    fn divides_half_down_at_the_dividend_scale() {
        let d = |t: &str| BigDecimal::parse(t).expect("parses");
        assert_eq!(d("1.0").div_half_down(&d("3")).to_string(), "0.3");
        assert_eq!(d("2.5").div_half_down(&d("2")).to_string(), "1.2");
        assert_eq!(d("10").div_half_down(&d("4")).to_string(), "2");
        assert_eq!(d("11").div_half_down(&d("4")).to_string(), "3");
    }
}
