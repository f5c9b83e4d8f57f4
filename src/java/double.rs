//! `Double.toString(double)` exactly as JDK 17 prints it.
//!
//! API Gateway's engine runs on a JDK whose `Double.toString` predates JDK 19's fix of
//! JDK-4511638, so its output is not the shortest decimal that reads back as the same double. The
//! JDK 17 behaviour reproduced here, all of it observable in its output:
//!
//! * A double that is an integer below 2^63 prints all its decimal digits, except that from 2^58
//!   on the last one or two digits are rounded off (half up): `2^60` prints as
//!   `1.15292150460684698E18`, not the shortest `1.152921504606847E18`.
//! * Any other double prints the digits of a long division of its exact value, stopped as soon as
//!   the remainder lies within half an ulp of either end of the current digit, and the last digit
//!   is then rounded. The test is symmetric: at a power of two it uses the smaller gap (the one
//!   below) on both sides, so it misses shorter decimals in the wider gap above; it does so for
//!   subnormal powers of two too, where the gaps are equal (`1.58E-322`, not `1.6E-322`).
//! * In E-notation the first digit never stops the division, as Java wants a digit after the
//!   point: `4.9E-324`, not `5.0E-324`.
//! * The division runs in 64-bit or unbounded arithmetic depending on the estimated size of the
//!   operands. In 64 bits the "remainder plus half ulp reaches the next digit" test is strict, so
//!   a decimal exactly half an ulp away is never reached: the double nearest 10^23 (the tie
//!   rounds to it) prints as `9.999999999999999E22`. The growing half ulp may also wrap around
//!   there, which stops the division. With unbounded integers the test is not strict.
//! * A round-up that carries out of the first digit keeps the digit count, so the output may end
//!   in zeros.
//! * Layout: plain notation for magnitudes in [10^-3, 10^7), with at least one digit after the
//!   point; otherwise one digit, a point, at least one more digit, `E` and the exponent.

use std::cmp::Ordering;

/// Appends `Double.toString(value)` as JDK 17 prints it.
///
/// Writes nothing but the text: no allocation beyond growing `out`.
///
/// # Examples
/// ```
/// use apigw_vtl::java::double;
/// let mut out = String::from("x=");
/// double::write(0.1 + 0.2, &mut out);
/// assert_eq!(out, "x=0.30000000000000004");
/// ```
pub fn write(value: f64, out: &mut String) {
    let bits = value.to_bits();
    let negative = bits >> 63 != 0;
    let biased_exponent = ((bits >> SIGNIFICAND_BITS) & 0x7ff) as i32;
    let fraction = bits & FRACTION_MASK;
    if biased_exponent == 0x7ff {
        // Java prints one NaN whatever its sign and payload.
        out.push_str(match (fraction != 0, negative) {
            (true, _) => "NaN",
            (false, false) => "Infinity",
            (false, true) => "-Infinity",
        });
        return;
    }
    if negative {
        out.push('-');
    }
    if biased_exponent == 0 && fraction == 0 {
        out.push_str("0.0");
        return;
    }
    digits_of(biased_exponent, fraction).write_to(out);
}

/// `Double.toString(value)` as JDK 17 prints it.
///
/// # Examples
/// ```
/// use apigw_vtl::java::double::to_string;
/// assert_eq!(to_string(100.0), "100.0");
/// assert_eq!(to_string(1.0e-4), "1.0E-4");
/// assert_eq!(to_string(-0.0), "-0.0");
/// // Not the shortest decimal: JDK 17 prints 16 digits where `1.0E23` reads back the same.
/// assert_eq!(to_string(1.0e23), "9.999999999999999E22");
/// ```
pub fn to_string(value: f64) -> String {
    let mut out = String::with_capacity(26);
    write(value, &mut out);
    out
}

/// Stored bits of a double's significand, below the implicit leading one.
const SIGNIFICAND_BITS: u32 = 52;
const FRACTION_MASK: u64 = (1 << SIGNIFICAND_BITS) - 1;
const EXPONENT_BIAS: i32 = 1023;

/// Room for the digits. Java keeps 20 and no double needs more than 18, so filling up only guards
/// against a panic.
const CAPACITY: usize = 20;

/// Decimal digits `0.d1d2d3... × 10^exponent`, as ASCII.
struct Digits {
    buf: [u8; CAPACITY],
    len: usize,
    exponent: i32,
}

impl Digits {
    fn new() -> Digits {
        Digits {
            buf: [b'0'; CAPACITY],
            len: 0,
            exponent: 0,
        }
    }

    fn push(&mut self, digit: i64) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            // Truncating like Java's `(char)('0' + q)`; the quotient is always a single digit.
            *slot = (i64::from(b'0') + digit) as u8;
            self.len += 1;
        }
    }

    fn last_is_odd(&self) -> bool {
        self.len > 0 && self.buf[self.len - 1] & 1 != 0
    }

    /// Adds one to the last digit. When the carry runs out of the first digit, JDK 17 makes that
    /// digit a `1`, the rest zeros, and keeps the digit count (so `9.99` may print as `1.00`).
    fn round_up(&mut self) {
        let mut i = self.len;
        while i > 0 {
            i -= 1;
            if self.buf[i] != b'9' {
                self.buf[i] += 1;
                return;
            }
            if i == 0 {
                self.buf[0] = b'1';
                self.exponent += 1;
                return;
            }
            self.buf[i] = b'0';
        }
    }

    /// Lays the digits out the way `Double.toString` does.
    fn write_to(&self, out: &mut String) {
        let digits = &self.buf[..self.len];
        let exponent = self.exponent;
        if (1..8).contains(&exponent) {
            // Plain notation, at least one digit after the point.
            let whole = (exponent as usize).min(digits.len());
            push_ascii(out, &digits[..whole]);
            if whole < exponent as usize {
                push_zeros(out, exponent as usize - whole);
                out.push_str(".0");
            } else {
                out.push('.');
                if whole < digits.len() {
                    push_ascii(out, &digits[whole..]);
                } else {
                    out.push('0');
                }
            }
        } else if (-2..=0).contains(&exponent) {
            // 0.001 up to 1: leading zeros after the point.
            out.push_str("0.");
            push_zeros(out, exponent.unsigned_abs() as usize);
            push_ascii(out, digits);
        } else {
            // E-notation: one digit before the point and at least one after it.
            let (first, rest) = digits.split_first().unwrap_or((&b'0', &[]));
            out.push(char::from(*first));
            out.push('.');
            if rest.is_empty() {
                out.push('0');
            } else {
                push_ascii(out, rest);
            }
            out.push('E');
            let power = if exponent <= 0 {
                out.push('-');
                1 - i64::from(exponent)
            } else {
                i64::from(exponent) - 1
            };
            push_decimal(out, power);
        }
    }
}

fn push_ascii(out: &mut String, bytes: &[u8]) {
    out.extend(bytes.iter().map(|&b| char::from(b)));
}

fn push_zeros(out: &mut String, count: usize) {
    out.extend(std::iter::repeat_n('0', count));
}

/// Appends a non-negative exponent (at most three digits for a double).
fn push_decimal(out: &mut String, value: i64) {
    let mut buf = [0u8; 20];
    let mut start = buf.len();
    let mut rest = value.unsigned_abs();
    loop {
        start -= 1;
        buf[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 || start == 0 {
            break;
        }
    }
    push_ascii(out, &buf[start..]);
}

/// The digits of a finite non-zero double given as its biased exponent and stored fraction.
fn digits_of(biased_exponent: i32, fraction: u64) -> Digits {
    let (significand, bin_exp, precision) = unpack(biased_exponent, fraction);
    let plan = Plan::new(significand, bin_exp, precision);
    match plan.method {
        Method::Integer => integer_digits(significand, bin_exp, precision),
        Method::Long => plan.divide_long(),
        Method::Big => plan.divide_big(),
    }
}

/// A finite non-zero double as its significand with the leading one at bit 52, the power of two
/// of that bit, and its number of bits of precision (fewer than 53 for subnormals).
fn unpack(biased_exponent: i32, fraction: u64) -> (u64, i32, i32) {
    if biased_exponent == 0 {
        let shift = fraction.leading_zeros() - (63 - SIGNIFICAND_BITS);
        (
            fraction << shift,
            1 - shift as i32 - EXPONENT_BIAS,
            64 - fraction.leading_zeros() as i32,
        )
    } else {
        (
            fraction | (1 << SIGNIFICAND_BITS),
            biased_exponent - EXPONENT_BIAS,
            SIGNIFICAND_BITS as i32 + 1,
        )
    }
}

/// How JDK 17 develops the digits of a double; each method rounds differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    /// An integer below 2^63, printed from its exact value.
    Integer,
    /// Long division with every operand in Java's `long`. (JDK 17 also has a 32-bit variant
    /// that only floats reach: for a normal double b is at least 2^53 times half an ulp, itself
    /// at least 1, and a subnormal brings hundreds of bits of powers of five.)
    Long,
    /// Long division in unbounded integers.
    Big,
}

/// The scaled long division that yields the digits: the double is `b / s × 10^dec_exp` and half
/// an ulp is `m / s × 10^dec_exp`, with each of `b`, `s` and `m` held as an odd part (the stored
/// bits, or one) times powers of 5 and 2.
struct Plan {
    method: Method,
    fract: u64,
    dec_exp: i32,
    b5: u32,
    b2: u32,
    s5: u32,
    s2: u32,
    m5: u32,
    m2: u32,
    /// JDK 17's estimate of the bit length of the larger of b and 10·s (never too small).
    operand_bits: i32,
}

impl Plan {
    fn new(significand: u64, bin_exp: i32, precision: i32) -> Plan {
        let tail_zeros = significand.trailing_zeros() as i32;
        let fract_bits = SIGNIFICAND_BITS as i32 + 1 - tail_zeros;
        // Binary places after the point.
        let tiny_bits = (fract_bits - bin_exp - 1).max(0);
        let mut plan = Plan {
            method: Method::Integer,
            fract: significand >> tail_zeros,
            dec_exp: 0,
            b5: 0,
            b2: 0,
            s5: 0,
            s2: 0,
            m5: 0,
            m2: 0,
            operand_bits: 0,
        };
        if tiny_bits == 0 && bin_exp <= 62 {
            return plan;
        }
        let dec_exp = estimate_dec_exp(significand, bin_exp);
        let b5 = (-dec_exp).max(0);
        let s5 = dec_exp.max(0);
        let mut b2 = b5 + tiny_bits + bin_exp - (fract_bits - 1);
        let mut s2 = s5 + tiny_bits;
        let mut m2 = b5 + tiny_bits + bin_exp - precision;
        let common = b2.min(s2);
        b2 -= common;
        s2 -= common;
        m2 -= common;
        // Just above a power of two the gap below is half the gap above; JDK 17 takes the
        // smaller one on both sides.
        if fract_bits == 1 {
            m2 -= 1;
        }
        if m2 < 0 {
            b2 -= m2;
            s2 -= m2;
            m2 = 0;
        }
        // JDK 17 picks the width from estimated bit lengths of b and 10·s, not the real ones.
        let b_bits = fract_bits + b2 + pow5_bits(b5);
        let ten_s_bits = s2 + 1 + pow5_bits(s5 + 1);
        plan.method = if b_bits < 64 && ten_s_bits < 64 {
            Method::Long
        } else {
            Method::Big
        };
        let unsigned = |v: i32| v.max(0).unsigned_abs();
        plan.dec_exp = dec_exp;
        plan.b5 = unsigned(b5);
        plan.b2 = unsigned(b2);
        plan.s5 = unsigned(s5);
        plan.s2 = unsigned(s2);
        plan.m5 = unsigned(b5);
        plan.m2 = unsigned(m2);
        plan.operand_bits = b_bits.max(ten_s_bits);
        plan
    }

    /// The division in Java's `long`: wrapping on overflow, shift counts taken modulo 64.
    fn divide_long(&self) -> Digits {
        let s = (pow5(self.s5) as i64).wrapping_shl(self.s2);
        if s <= 0 {
            // Never happens (the width was chosen so that s fits), but a division by zero would.
            return self.divide_big();
        }
        let tens = s.wrapping_mul(10);
        let mut b = (self.fract as i64)
            .wrapping_mul(pow5(self.b5) as i64)
            .wrapping_shl(self.b2);
        let mut m = (pow5(self.m5) as i64).wrapping_shl(self.m2);
        let mut digits = Digits::new();
        let mut dec_exp = self.dec_exp;

        let q = b / s;
        b = (b % s).wrapping_mul(10);
        m = m.wrapping_mul(10);
        let mut low = b < m;
        // Strict here, unlike the unbounded division.
        let mut high = b.wrapping_add(m) > tens;
        first_digit(&mut digits, &mut dec_exp, q, &mut low, &mut high);
        while !low && !high && digits.len < CAPACITY {
            let q = b / s;
            b = (b % s).wrapping_mul(10);
            m = m.wrapping_mul(10);
            if m > 0 {
                low = b < m;
                high = b.wrapping_add(m) > tens;
            } else {
                // Half an ulp outgrew 64 bits and wrapped: JDK 17 stops here.
                low = true;
                high = true;
            }
            digits.push(q);
        }
        let last_difference = b.wrapping_shl(1).wrapping_sub(tens).cmp(&0);
        finish(digits, dec_exp, low, high, last_difference)
    }

    /// The division in unbounded integers: `u128` when every operand fits (for magnitudes
    /// from about 10^-28 to 10^37), else [`Big`].
    fn divide_big(&self) -> Digits {
        // The remainder stays below 10·s and the half ulp below 100·s, so their sum needs at
        // most 8 bits more than 10·s.
        if self.operand_bits < 120 {
            self.divide_exact::<u128>()
        } else {
            self.divide_exact::<Big>()
        }
    }

    fn divide_exact<N: Exact>(&self) -> Digits {
        let s = N::pow52(1, self.s5, self.s2);
        let ten_s = N::pow52(1, self.s5 + 1, self.s2 + 1);
        let mut b = N::pow52(self.fract, self.b5, self.b2);
        let mut m = N::pow52(1, self.m5 + 1, self.m2 + 1);
        let mut digits = Digits::new();
        let mut dec_exp = self.dec_exp;

        let q = b.div_rem_times_ten(&s);
        let mut low = b < m;
        // Not strict, unlike the 64-bit division.
        let mut high = b.sum(&m) >= ten_s;
        first_digit(&mut digits, &mut dec_exp, q, &mut low, &mut high);
        while !low && !high && digits.len < CAPACITY {
            let q = b.div_rem_times_ten(&s);
            m.times_ten();
            low = b < m;
            high = b.sum(&m) >= ten_s;
            digits.push(q);
        }
        let last_difference = if low && high {
            b.twice().cmp(&ten_s)
        } else {
            Ordering::Equal
        };
        finish(digits, dec_exp, low, high, last_difference)
    }
}

/// Keeps or drops the first quotient digit and applies the E-notation rule to the stop test.
fn first_digit(digits: &mut Digits, dec_exp: &mut i32, q: i64, low: &mut bool, high: &mut bool) {
    if q == 0 && !*high {
        // The exponent estimate was one too high.
        *dec_exp -= 1;
    } else {
        // A leading 0 is kept when rounding up will make it a 1.
        digits.push(q);
    }
    // E-notation needs a digit after the point, so JDK 17 never stops after the first digit
    // there, even when that digit alone would identify the double. Its bound is 10^8 rather
    // than 10^7, which shows only for floats: no double in between stops after one digit.
    if *dec_exp < -3 || *dec_exp >= 8 {
        *low = false;
        *high = false;
    }
}

/// Rounds the last digit by how the division stopped: up when only the upper end was within
/// half an ulp, down when only the lower end was, and to the nearer end when both were (an
/// exact tie goes to an even digit).
fn finish(mut digits: Digits, dec_exp: i32, low: bool, high: bool, last: Ordering) -> Digits {
    digits.exponent = dec_exp + 1;
    let up = match (high, low) {
        (false, _) => false,
        (true, false) => true,
        (true, true) => match last {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => digits.last_is_odd(),
        },
    };
    if up {
        digits.round_up();
    }
    digits
}

/// An integer below 2^63: its digits, trailing zeros dropped. From 2^58 on JDK 17 first rounds
/// off (half up) as many low digits as 2^(bin_exp - 54) has digits after its first one.
fn integer_digits(significand: u64, bin_exp: i32, precision: i32) -> Digits {
    let mut value = if bin_exp >= SIGNIFICAND_BITS as i32 {
        significand << (bin_exp - SIGNIFICAND_BITS as i32)
    } else {
        significand >> (SIGNIFICAND_BITS as i32 - bin_exp)
    };
    let mut exponent = 0;
    if bin_exp > precision {
        let dropped = digits_after_first_of_pow2(bin_exp - precision - 1);
        if dropped > 0 {
            let pow10 = 10u64.pow(dropped);
            let residue = value % pow10;
            value /= pow10;
            if residue >= pow10 / 2 {
                value += 1;
            }
            exponent += dropped as i32;
        }
    }
    let mut digits = Digits::new();
    if value == 0 {
        // Unreachable: the double is at least 1.
        digits.push(0);
        digits.exponent = 1;
        return digits;
    }
    while value % 10 == 0 {
        value /= 10;
        exponent += 1;
    }
    let mut reversed = [0u8; CAPACITY];
    let mut count = 0;
    while value != 0 && count < CAPACITY {
        reversed[count] = (value % 10) as u8;
        value /= 10;
        count += 1;
    }
    for &digit in reversed[..count].iter().rev() {
        digits.push(i64::from(digit));
    }
    digits.exponent = exponent + count as i32;
    digits
}

/// How many digits 2^p2 has after its first, for 1 < p2 < 64; JDK 17 treats other p2 as 0.
fn digits_after_first_of_pow2(p2: i32) -> u32 {
    if !(2..64).contains(&p2) {
        return 0;
    }
    (1u64 << p2).ilog10()
}

/// JDK 17's estimate of floor(log10(value)): log10 of the significand in [1, 2) by its tangent
/// line at 1.5, plus bin_exp·log10(2). It may come out one too high; the division then produces
/// a leading zero. The constants (rounded as JDK 17 rounds them) and the evaluation order matter:
/// the estimate decides which width the division uses and whether E-notation's rule applies.
fn estimate_dec_exp(significand: u64, bin_exp: i32) -> i32 {
    /// 1 / (1.5 · ln 10), the slope of log10 at 1.5, to nine places.
    const SLOPE_AT_ONE_AND_A_HALF: f64 = 0.289529654;
    /// log10(1.5) to nine places.
    const LOG10_ONE_AND_A_HALF: f64 = 0.176091259;
    /// log10(2) to fifteen places: not `std::f64::consts::LOG10_2`, which is a different double.
    #[expect(clippy::approx_constant, reason = "JDK 17's own rounding of log10(2)")]
    const LOG10_TWO: f64 = 0.301029995663981;

    let one = u64::from(EXPONENT_BIAS.unsigned_abs()) << SIGNIFICAND_BITS;
    let d2 = f64::from_bits(one | (significand & FRACTION_MASK));
    let estimate = (d2 - 1.5) * SLOPE_AT_ONE_AND_A_HALF
        + LOG10_ONE_AND_A_HALF
        + f64::from(bin_exp) * LOG10_TWO;
    estimate.floor() as i32
}

/// 5^n, wrapping past 64 bits (the 64-bit division only asks for n ≤ 26).
const fn pow5(n: u32) -> u64 {
    let mut result: u64 = 1;
    let mut i = 0;
    while i < n {
        result = result.wrapping_mul(5);
        i += 1;
    }
    result
}

/// JDK 17's estimate of the bit length of 5^n: exact for 0 < n < 27, 0 for n = 0, 3n beyond.
fn pow5_bits(n: i32) -> i32 {
    match n {
        0 => 0,
        1..=26 => 64 - pow5(n.unsigned_abs()).leading_zeros() as i32,
        _ => n.saturating_mul(3),
    }
}

/// Exact integer arithmetic for the division, on operands known to fit.
trait Exact: Copy + Ord {
    /// odd · 5^p5 · 2^p2.
    fn pow52(odd: u64, p5: u32, p2: u32) -> Self;
    /// Returns self / divisor (a digit, as the estimate keeps it below ten) and leaves
    /// 10 · (self mod divisor) in self.
    fn div_rem_times_ten(&mut self, divisor: &Self) -> i64;
    fn times_ten(&mut self);
    fn sum(&self, other: &Self) -> Self;
    fn twice(&self) -> Self;
}

/// Wrapping operations only to rule out panics: the operands fit.
impl Exact for u128 {
    fn pow52(odd: u64, p5: u32, p2: u32) -> u128 {
        (0..p5)
            .fold(u128::from(odd), |value, _| value.wrapping_mul(5))
            .wrapping_shl(p2)
    }

    fn div_rem_times_ten(&mut self, divisor: &u128) -> i64 {
        let q = self.checked_div(*divisor).unwrap_or(0);
        *self = self.checked_rem(*divisor).unwrap_or(0).wrapping_mul(10);
        q as i64
    }

    fn times_ten(&mut self) {
        *self = self.wrapping_mul(10);
    }

    fn sum(&self, other: &u128) -> u128 {
        self.wrapping_add(*other)
    }

    fn twice(&self) -> u128 {
        self.wrapping_shl(1)
    }
}

impl Exact for Big {
    fn pow52(odd: u64, p5: u32, p2: u32) -> Big {
        Big::pow52(odd, p5, p2)
    }

    fn div_rem_times_ten(&mut self, divisor: &Big) -> i64 {
        Big::div_rem_times_ten(self, divisor)
    }

    fn times_ten(&mut self) {
        self.mul_small(10);
    }

    fn sum(&self, other: &Big) -> Big {
        Big::sum(self, other)
    }

    fn twice(&self) -> Big {
        let mut twice = *self;
        twice.shl(1);
        twice
    }
}

/// 32-bit words of the unbounded integers. Their operands stay under 800 bits (10·s for the
/// smallest normal doubles is the largest).
const BIG_WORDS: usize = 40;

/// A non-negative integer, little-endian 32-bit words, on the stack.
#[derive(Clone, Copy)]
struct Big {
    words: [u32; BIG_WORDS],
    len: usize,
}

impl Big {
    /// odd · 5^p5 · 2^p2.
    fn pow52(odd: u64, p5: u32, p2: u32) -> Big {
        let mut big = Big {
            words: [0; BIG_WORDS],
            len: 2,
        };
        big.words[0] = odd as u32;
        big.words[1] = (odd >> 32) as u32;
        big.trim();
        // 5^13 is the largest power of five in a word.
        let mut p5 = p5;
        while p5 >= 13 {
            big.mul_small(pow5(13) as u32);
            p5 -= 13;
        }
        big.mul_small(pow5(p5) as u32);
        big.shl(p2);
        big
    }

    fn trim(&mut self) {
        while self.len > 0 && self.words[self.len - 1] == 0 {
            self.len -= 1;
        }
    }

    fn mul_small(&mut self, factor: u32) {
        let mut carry = 0u64;
        for word in &mut self.words[..self.len] {
            let product = u64::from(*word) * u64::from(factor) + carry;
            *word = product as u32;
            carry = product >> 32;
        }
        if carry != 0 && self.len < BIG_WORDS {
            self.words[self.len] = carry as u32;
            self.len += 1;
        }
    }

    fn shl(&mut self, count: u32) {
        let whole = (count / 32) as usize;
        let bits = count % 32;
        if self.len == 0 {
            return;
        }
        let new_len = (self.len + whole + 1).min(BIG_WORDS);
        let mut result = [0u32; BIG_WORDS];
        for (i, &word) in self.words[..self.len].iter().enumerate() {
            let wide = u64::from(word) << bits;
            if let Some(slot) = result.get_mut(i + whole) {
                *slot |= wide as u32;
            }
            if let Some(slot) = result.get_mut(i + whole + 1) {
                *slot |= (wide >> 32) as u32;
            }
        }
        self.words = result;
        self.len = new_len;
        self.trim();
    }

    fn sum(&self, other: &Big) -> Big {
        let mut result = Big {
            words: [0; BIG_WORDS],
            len: self.len.max(other.len),
        };
        let mut carry = 0u64;
        for i in 0..result.len {
            let total = u64::from(self.words[i]) + u64::from(other.words[i]) + carry;
            result.words[i] = total as u32;
            carry = total >> 32;
        }
        if carry != 0 && result.len < BIG_WORDS {
            result.words[result.len] = carry as u32;
            result.len += 1;
        }
        result
    }

    /// self -= factor · other, for factor · other ≤ self.
    fn subtract_times(&mut self, other: &Big, factor: u32) {
        let mut borrow = 0u64;
        let mut carry = 0u64;
        for i in 0..self.len {
            let product = u64::from(other.words[i]) * u64::from(factor) + carry;
            carry = product >> 32;
            let diff = u64::from(self.words[i])
                .wrapping_sub(product & 0xffff_ffff)
                .wrapping_sub(borrow);
            self.words[i] = diff as u32;
            borrow = u64::from(diff >> 32 != 0);
        }
        self.trim();
    }

    /// Returns self / divisor (a digit, as the estimate keeps it below ten) and leaves
    /// 10 · (self mod divisor) in self.
    fn div_rem_times_ten(&mut self, divisor: &Big) -> i64 {
        // A first guess from the leading words that never exceeds the quotient and is at most
        // one short, then exact steps.
        let n = divisor.len;
        let top = |big: &Big| -> u128 {
            // Words past the end read as zero (and so does a wrapped-around index).
            [n, n.wrapping_sub(1), n.wrapping_sub(2)]
                .iter()
                .fold(0, |value, &i| {
                    (value << 32) | big.words.get(i).map_or(0, |&w| u128::from(w))
                })
        };
        let guess = (top(self) / (top(divisor) + 1)).min(9) as u32;
        let mut q = i64::from(guess);
        if guess > 0 {
            self.subtract_times(divisor, guess);
        }
        while *self >= *divisor && q < 255 {
            self.subtract_times(divisor, 1);
            q += 1;
        }
        self.mul_small(10);
        q
    }
}

impl PartialEq for Big {
    fn eq(&self, other: &Big) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Big {}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Big) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Big) -> Ordering {
        self.len.cmp(&other.len).then_with(|| {
            self.words[..self.len]
                .iter()
                .rev()
                .cmp(other.words[..other.len].iter().rev())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_from_the_jdk() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1.0e8, "1.0E8"),
            (1.0e-5, "1.0E-5"),
            (100.0, "100.0"),
            (1234567.0, "1234567.0"),
            (1.0e7, "1.0E7"),
            (0.001, "0.001"),
            (1.0e-4, "1.0E-4"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (f64::NAN, "NaN"),
            (-f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (f64::from_bits(1), "4.9E-324"),
            (f64::MAX, "1.7976931348623157E308"),
            (-f64::MAX, "-1.7976931348623157E308"),
            (f64::MIN_POSITIVE, "2.2250738585072014E-308"),
            (1.0e23, "9.999999999999999E22"),
            (1152921504606846976.0, "1.15292150460684698E18"),
            (9999999.0, "9999999.0"),
        ];
        for &(value, expected) in cases {
            assert_eq!(to_string(value), expected, "{:#x}", value.to_bits());
        }
    }

    #[test]
    fn write_appends() {
        let mut out = String::from("[");
        write(-2.5, &mut out);
        out.push(',');
        write(f64::NAN, &mut out);
        assert_eq!(out, "[-2.5,NaN");
    }

    /// Each behaviour of the old algorithm that the module documentation lists, on a double
    /// where it shows (JDK 19 and later print the second column).
    #[test]
    fn old_algorithm_behaviours() {
        let cases: &[(u64, &str, &str)] = &[
            // Integers from 2^53 print exactly; from 2^58 the last digits are rounded off.
            (
                0x4351c37937e07ffe,
                "1.9999999999999992E16",
                "1.999999999999999E16",
            ),
            (
                0x43b0000000000000,
                "1.15292150460684698E18",
                "1.152921504606847E18",
            ),
            (
                0x43dfffffffffffff,
                "9.2233720368547748E18",
                "9.223372036854775E18",
            ),
            // The 64-bit stop test is strict: a decimal exactly half an ulp away is missed.
            (0x44b52d02c7e14af6, "9.999999999999999E22", "1.0E23"),
            (0x44a52d02c7e14af6, "4.9999999999999996E22", "5.0E22"),
            // Below a power of two the narrower gap is used on both sides.
            (
                0x0080000000000000,
                "2.8480945388892178E-306",
                "2.848094538889218E-306",
            ),
            // ... also for subnormal powers of two, whose gaps are in fact equal.
            (0x0000000000000020, "1.58E-322", "1.6E-322"),
            // A last digit rounded down although rounding up is nearer.
            (
                0xc5356c2c40000000,
                "-2.5898274060482395E25",
                "-2.5898274060482396E25",
            ),
            // A leading zero kept and rounded up to 1.
            (0x0000000000000002, "1.0E-323", "9.9E-324"),
            // A round-up carrying out of the first digit.
            (0x00000000000000ca, "1.0E-321", "1.0E-321"),
            // The half ulp wraps around in 64 bits, which stops the division.
            (
                0x3f60624dd2f1a9fb,
                "0.0019999999999999996",
                "0.0019999999999999996",
            ),
            // An exact tie on the last digit goes to the even digit.
            (
                0x42d6bcc41e900008,
                "1.0000000000000012E14",
                "1.0000000000000012E14",
            ),
            (
                0x42d6bcc41e8ffff8,
                "9.999999999999988E13",
                "9.999999999999988E13",
            ),
        ];
        for &(bits, jdk17, _jdk19) in cases {
            assert_eq!(to_string(f64::from_bits(bits)), jdk17, "{bits:#x}");
        }
    }

    /// Every line of double_cases.txt: `<raw bits in hex> <JDK 17 output>`.
    fn table() -> impl Iterator<Item = (u64, &'static str)> {
        include_str!("double_cases.txt")
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|line| {
                let (hex, expected) = line.split_once(' ').expect("two fields");
                let bits = u64::from_str_radix(hex, 16).expect("hex bits");
                (bits, expected)
            })
    }

    #[test]
    fn matches_jdk17_table() {
        let mut checked = 0;
        let mut out = String::new();
        for (bits, expected) in table() {
            assert_eq!(to_string(f64::from_bits(bits)), expected, "{bits:#x}");
            out.clear();
            write(f64::from_bits(bits), &mut out);
            assert_eq!(out, expected, "{bits:#x}");
            checked += 1;
        }
        assert!(checked >= 3000, "{checked} cases");
    }

    /// The table exercises every method and every layout, and many outputs that carry more
    /// digits than needed.
    #[test]
    fn table_covers_every_path() {
        // Integer, 64-bit, unbounded in u128, unbounded in words.
        let mut methods = [0; 4];
        let mut layouts = std::collections::BTreeMap::new();
        let mut not_shortest = 0;
        for (bits, expected) in table() {
            let value = f64::from_bits(bits);
            let layout = layout_of(expected);
            *layouts.entry(layout).or_insert(0) += 1;
            if !value.is_finite() || value == 0.0 {
                continue;
            }
            let biased_exponent = ((bits >> SIGNIFICAND_BITS) & 0x7ff) as i32;
            let (significand, bin_exp, precision) = unpack(biased_exponent, bits & FRACTION_MASK);
            let plan = Plan::new(significand, bin_exp, precision);
            methods[match plan.method {
                Method::Integer => 0,
                Method::Long => 1,
                Method::Big if plan.operand_bits < 120 => 2,
                Method::Big => 3,
            }] += 1;
            // JDK 19+ prints the fewest digits that read back, but at least two in E-notation.
            let shortest = format!("{:e}", value.abs());
            let shortest = significant_digits(shortest.split('e').next().unwrap_or(""));
            let printed = significant_digits(expected.split('E').next().unwrap_or(""));
            if printed > shortest.max(2) {
                not_shortest += 1;
            }
        }
        assert!(methods.iter().all(|&n| n >= 100), "{methods:?}");
        let expected_layouts = [
            "+0",
            "-0",
            "+Infinity",
            "-Infinity",
            "NaN",
            "plain1",
            "plain2",
            "plain3",
            "plain4",
            "plain5",
            "plain6",
            "plain7",
            "0.",
            "0.0",
            "0.00",
            "E1",
            "E2",
            "E3",
            "E-1",
            "E-2",
            "E-3",
        ];
        for layout in expected_layouts {
            assert!(layouts.contains_key(layout), "no {layout} in {layouts:?}");
        }
        assert!(
            not_shortest >= 200,
            "{not_shortest} outputs longer than needed"
        );
    }

    fn layout_of(text: &str) -> String {
        let (sign, magnitude) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("+", text),
        };
        if let Some((_, exponent)) = magnitude.split_once('E') {
            return format!(
                "E{}",
                exponent.replace(|c: char| c.is_ascii_digit(), "")
                    + &(exponent.trim_start_matches('-').len()).to_string()
            );
        }
        match magnitude {
            "NaN" => "NaN".into(),
            "Infinity" => format!("{sign}Infinity"),
            "0.0" => format!("{sign}0"),
            _ => match magnitude.split_once('.') {
                Some(("0", fraction)) => {
                    let zeros = fraction.len() - fraction.trim_start_matches('0').len();
                    format!("0.{}", "0".repeat(zeros))
                }
                Some((whole, _)) => format!("plain{}", whole.len()),
                None => magnitude.into(),
            },
        }
    }

    fn significant_digits(mantissa: &str) -> usize {
        let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        digits.trim_start_matches('0').trim_end_matches('0').len()
    }
}
