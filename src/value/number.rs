//! Java's numbers as Velocity 1.7 computes with them (`MathUtils`).
//!
//! Promotion rules, from `MathUtils.findCalculationBase`: if either operand is a BigDecimal, or one is
//! a BigInteger and the other is not an integer type, the operation is done in BigDecimal; if both are
//! integer types it is done in BigInteger when either is one, else in `long`; otherwise in `double`.
//! A `long` result is then narrowed to the larger of the two operand types if it fits (Integer + Integer
//! stays Integer, `2147483647 + 1` becomes Long), and `long` overflow in `+ - *` goes to BigInteger
//! (velocity-facts: overflow). Division and remainder by zero are caught before this by the renderer
//! (they give null).

use std::cmp::Ordering;
use std::rc::Rc;

use num_bigint::BigInt;

use super::big_integer::BigInteger;
use num_traits::{ToPrimitive, Zero};

use super::decimal::BigDecimal;
use crate::java::{ExceptionClass, JavaException};

/// A Java number.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Number {
    /// `java.lang.Integer`.
    Int(i32),
    /// `java.lang.Long`.
    Long(i64),
    /// `java.math.BigInteger`.
    BigInt(Rc<BigInteger>),
    /// `java.lang.Double`.
    Double(f64),
    /// `java.math.BigDecimal`.
    Decimal(Rc<BigDecimal>),
}

/// The arithmetic operators of VTL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithmeticOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
}

enum Base {
    Long,
    Double,
    BigInteger,
    BigDecimal,
}

impl Number {
    /// Java's class name.
    pub fn class_name(&self) -> &'static str {
        match self {
            Number::Int(_) => "java.lang.Integer",
            Number::Long(_) => "java.lang.Long",
            Number::BigInt(_) => "java.math.BigInteger",
            Number::Double(_) => "java.lang.Double",
            Number::Decimal(_) => "java.math.BigDecimal",
        }
    }

    /// Reads a JSON number as json-smart and the reference's `--vars` do: an integer is an Integer
    /// when it fits in 32 bits, else a Long, else a BigInteger; anything with a fraction or an
    /// exponent is a Double.
    pub fn from_json(number: &serde_json::Number) -> Number {
        // `arbitrary_precision` keeps the original digits, so big integers survive.
        let text = number.to_string();
        Number::parse_integer(&text)
            .unwrap_or_else(|| Number::Double(text.parse().unwrap_or(f64::NAN)))
    }

    /// Parses an integer literal the way `ASTIntegerLiteral` does: Integer, else Long, else
    /// BigInteger. `None` if `text` is not an integer.
    pub fn parse_integer(text: &str) -> Option<Number> {
        if let Ok(value) = text.parse::<i32>() {
            return Some(Number::Int(value));
        }
        if let Ok(value) = text.parse::<i64>() {
            return Some(Number::Long(value));
        }
        BigInteger::from_decimal(text).map(|value| Number::BigInt(Rc::new(value)))
    }

    /// Parses a decimal literal the way `ASTFloatingPointLiteral` does (`new Double(text)`).
    pub fn parse_decimal(text: &str) -> Number {
        Number::Double(text.parse().unwrap_or(f64::NAN))
    }

    fn is_integer(&self) -> bool {
        matches!(self, Number::Int(_) | Number::Long(_) | Number::BigInt(_))
    }

    /// Java's `longValue()` (wrapping for BigInteger, truncating for decimals).
    pub fn long_value(&self) -> i64 {
        match self {
            Number::Int(v) => i64::from(*v),
            Number::Long(v) => *v,
            Number::BigInt(v) => wrap_to_i64(v.value()),
            Number::Double(v) => java_double_to_long(*v),
            Number::Decimal(v) => wrap_to_i64(&v.to_big_int()),
        }
    }

    /// Java's `intValue()`.
    pub fn int_value(&self) -> i32 {
        match self {
            Number::Double(v) => java_double_to_int(*v),
            other => other.long_value() as i32,
        }
    }

    /// Java's `doubleValue()`.
    pub fn double_value(&self) -> f64 {
        match self {
            Number::Int(v) => f64::from(*v),
            Number::Long(v) => *v as f64,
            Number::BigInt(v) => v.value().to_f64().unwrap_or(f64::NAN),
            Number::Double(v) => *v,
            Number::Decimal(v) => v.to_f64(),
        }
    }

    fn to_big_int(&self) -> BigInt {
        match self {
            Number::BigInt(v) => v.value().clone(),
            other => BigInt::from(other.long_value()),
        }
    }

    fn to_big_decimal(&self) -> BigDecimal {
        match self {
            Number::Decimal(v) => (**v).clone(),
            Number::BigInt(v) => BigDecimal::new(v.value().clone(), 0),
            // `new BigDecimal(n.doubleValue())`: the double's exact binary value.
            other => BigDecimal::from_f64_exact(other.double_value()).unwrap_or_default(),
        }
    }

    /// Velocity's `MathUtils.isZero`.
    pub fn is_zero(&self) -> bool {
        match self {
            Number::Int(v) => *v == 0,
            Number::Long(v) => *v == 0,
            Number::BigInt(v) => v.value().is_zero(),
            Number::Double(v) => *v == 0.0,
            Number::Decimal(v) => v.is_zero(),
        }
    }

    /// Java's `equals` between boxed numbers: same class and same value.
    pub fn java_equals(&self, other: &Number) -> bool {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => a == b,
            (Number::Long(a), Number::Long(b)) => a == b,
            (Number::BigInt(a), Number::BigInt(b)) => a == b,
            // Double.equals compares bits: NaN equals NaN, 0.0 differs from -0.0.
            (Number::Double(a), Number::Double(b)) => a.to_bits() == b.to_bits(),
            (Number::Decimal(a), Number::Decimal(b)) => a.java_equals(b),
            _ => false,
        }
    }

    /// Java's `hashCode`, as far as maps need it.
    pub(crate) fn hash_bits(&self) -> u64 {
        match self {
            Number::Int(v) => *v as u64,
            Number::Long(v) => *v as u64,
            Number::BigInt(v) => wrap_to_i64(v.value()) as u64,
            Number::Double(v) => v.to_bits(),
            Number::Decimal(v) => v.to_f64().to_bits(),
        }
    }

    /// One arithmetic operation, as `MathUtils` performs it. The caller has already turned a zero
    /// divisor into null.
    ///
    /// # Errors
    /// What Java throws: `ArithmeticException` for the remainder of BigDecimals or a BigInteger
    /// remainder by a negative number.
    ///
    /// # Examples
    /// ```
    /// use std::rc::Rc;
    /// use apigw_vtl::value::{ArithmeticOp, BigDecimal, Number};
    /// let sum = Number::arithmetic(ArithmeticOp::Add, &Number::Int(i32::MAX), &Number::Int(1))?;
    /// assert!(matches!(sum, Number::Long(2147483648)));
    /// let half = Number::arithmetic(ArithmeticOp::Div, &Number::Int(7), &Number::Int(2))?;
    /// assert!(matches!(half, Number::Int(3)));
    /// let decimal = Number::Decimal(Rc::new(BigDecimal::parse("1.5").unwrap()));
    /// let error = Number::arithmetic(ArithmeticOp::Mod, &decimal, &decimal).unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "ArithmeticException: Cannot calculate the modulo of BigDecimals."
    /// );
    /// # Ok::<(), apigw_vtl::java::JavaException>(())
    /// ```
    pub fn arithmetic(
        op: ArithmeticOp,
        left: &Number,
        right: &Number,
    ) -> Result<Number, JavaException> {
        Ok(match base(left, right) {
            Base::Long => {
                let (a, b) = (left.long_value(), right.long_value());
                let result = match op {
                    ArithmeticOp::Add => a.checked_add(b),
                    ArithmeticOp::Sub => a.checked_sub(b),
                    ArithmeticOp::Mul => a.checked_mul(b),
                    // Java wraps Long.MIN_VALUE / -1; so does `wrapping_div`.
                    ArithmeticOp::Div => Some(a.wrapping_div(b)),
                    ArithmeticOp::Mod => Some(a.wrapping_rem(b)),
                };
                match result {
                    Some(value) => narrow(value, left, right),
                    None => {
                        let (a, b) = (BigInt::from(a), BigInt::from(b));
                        let value = match op {
                            ArithmeticOp::Add => a + b,
                            ArithmeticOp::Sub => a - b,
                            _ => a * b,
                        };
                        Number::BigInt(Rc::new(value.into()))
                    }
                }
            }
            Base::BigInteger => {
                if !charge_big(op, left, right) {
                    // The budget's fault is raised by the caller; the value is never seen.
                    return Ok(Number::Int(0));
                }
                let (a, b) = (left.to_big_int(), right.to_big_int());
                let value = match op {
                    ArithmeticOp::Add => a + b,
                    ArithmeticOp::Sub => a - b,
                    ArithmeticOp::Mul => a * b,
                    ArithmeticOp::Div => a / b,
                    ArithmeticOp::Mod => {
                        // BigInteger.mod: never negative, and only for a positive modulus.
                        if b <= BigInt::zero() {
                            return Err(JavaException::new(
                                ExceptionClass::ArithmeticException,
                                "BigInteger: modulus not positive",
                            ));
                        }
                        let r = a % &b;
                        if r < BigInt::zero() { r + b } else { r }
                    }
                };
                Number::BigInt(Rc::new(value.into()))
            }
            Base::Double => {
                let (a, b) = (left.double_value(), right.double_value());
                Number::Double(match op {
                    ArithmeticOp::Add => a + b,
                    ArithmeticOp::Sub => a - b,
                    ArithmeticOp::Mul => a * b,
                    ArithmeticOp::Div => a / b,
                    ArithmeticOp::Mod => a % b,
                })
            }
            Base::BigDecimal => {
                let (a, b) = (left.to_big_decimal(), right.to_big_decimal());
                let value = match op {
                    ArithmeticOp::Add => a.add(&b),
                    ArithmeticOp::Sub => a.sub(&b),
                    ArithmeticOp::Mul => a.mul(&b),
                    ArithmeticOp::Div => a.div_half_down(&b),
                    ArithmeticOp::Mod => {
                        return Err(JavaException::new(
                            ExceptionClass::ArithmeticException,
                            "Cannot calculate the modulo of BigDecimals.",
                        ));
                    }
                };
                Number::Decimal(Rc::new(value))
            }
        })
    }
}

/// Charges BigInteger arithmetic to the work budget before it is done: additions by the operands'
/// size, products and quotients by the product of their sizes in 64-bit words (squaring a number
/// of a million digits is a second of work).
fn charge_big(op: ArithmeticOp, left: &Number, right: &Number) -> bool {
    let words = |n: &Number| match n {
        Number::BigInt(v) => v.words(),
        _ => 1,
    };
    let (a, b) = (words(left), words(right));
    let cost = match op {
        ArithmeticOp::Add | ArithmeticOp::Sub => (a + b) * 8,
        _ => a.saturating_mul(b),
    };
    super::budget::charge(cost)
}

/// `MathUtils.compare`: numbers of any classes compared by value.
pub fn compare_numbers(left: &Number, right: &Number) -> Ordering {
    match base(left, right) {
        Base::Long => left.long_value().cmp(&right.long_value()),
        Base::BigInteger => left.to_big_int().cmp(&right.to_big_int()),
        // Velocity: -1 if less, 1 if greater, else 0, so NaN compares equal to everything.
        Base::Double => left
            .double_value()
            .partial_cmp(&right.double_value())
            .unwrap_or(Ordering::Equal),
        Base::BigDecimal => left.to_big_decimal().compare(&right.to_big_decimal()),
    }
}

fn base(left: &Number, right: &Number) -> Base {
    let (left_int, right_int) = (left.is_integer(), right.is_integer());
    let any_decimal = matches!(left, Number::Decimal(_)) || matches!(right, Number::Decimal(_));
    let any_big = matches!(left, Number::BigInt(_)) || matches!(right, Number::BigInt(_));
    if any_decimal || ((!left_int || !right_int) && any_big) {
        Base::BigDecimal
    } else if left_int && right_int {
        if any_big {
            Base::BigInteger
        } else {
            Base::Long
        }
    } else {
        Base::Double
    }
}

/// `MathUtils.wrapPrimitive(value, op1, op2)`: the larger operand type, widened if the value does not
/// fit (only Integer can be too small here).
fn narrow(value: i64, left: &Number, right: &Number) -> Number {
    let any_long = matches!(left, Number::Long(_)) || matches!(right, Number::Long(_));
    match i32::try_from(value) {
        Ok(small) if !any_long => Number::Int(small),
        _ => Number::Long(value),
    }
}

fn wrap_to_i64(value: &BigInt) -> i64 {
    // Java's BigInteger.longValue keeps the low 64 bits.
    let (sign, digits) = value.to_u64_digits();
    let low = digits.first().copied().unwrap_or(0);
    let low = if sign == num_bigint::Sign::Minus {
        low.wrapping_neg()
    } else {
        low
    };
    low as i64
}

/// Java's `(long) d`: truncation, saturating, NaN to 0 (Rust's `as` does the same).
fn java_double_to_long(value: f64) -> i64 {
    value as i64
}

/// Java's `(int) d`.
fn java_double_to_int(value: f64) -> i32 {
    value as i32
}
