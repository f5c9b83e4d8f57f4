//! What one render may spend on values: a work budget, and a bound on how deep Java's recursive
//! methods (`toString`, `equals`, `hashCode`, json-smart's writer) follow nested collections.
//!
//! Both live in thread-locals because the operations that spend them (printing, `equals`, hashing a
//! map key) are called from everywhere and cannot fail in their signatures: an operation that runs
//! out stops at once, returns a harmless placeholder, and records a [`Fault`]; the method-call
//! layer and the renderer take the fault right after the operation and turn it into the render's
//! error, so the placeholder is never seen. A render opens a [`Budget`] scope; outside of one the
//! budget is unlimited (values used by an embedder directly) but the depth bound still holds.

use std::cell::Cell;

/// How deep nested collections may be followed by a recursive operation. Java's own recursion
/// (`AbstractCollection.toString`, `equals`, `hashCode`) throws `StackOverflowError` somewhere
/// between 3,000 and 10,000 levels on the reference engine's default stack (measured with
/// `harness/reference`: a list nested 3,000 deep prints, 10,000 deep overflows; the depth depends
/// on the JVM's stack size). We stop at 1,000 so that the walk fits in a 2 MB thread stack (an
/// embedder's worker thread, a debug build): payloads nest at most 400 deep (json-smart's limit),
/// so only a template that builds a list 1,000 to 3,000 deep sees this error where Java would
/// print (known-differences.md). A cycle Java does not detect (`$a.add($b)` with `$b` holding
/// `$a`) reaches the bound at once.
pub const MAX_NESTING: u32 = 1000;

/// What visiting one collection costs (in the budget's units, bytes): following a pointer,
/// borrowing and iterating takes as long as copying about this many bytes.
pub const VISIT_COST: u64 = 64;

/// Why a value operation stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Collections nested deeper than [`MAX_NESTING`], or a cycle: Java's `StackOverflowError`.
    TooDeep,
    /// The render's work budget ran out.
    OutOfWork,
}

thread_local! {
    static REMAINING: Cell<u64> = const { Cell::new(u64::MAX) };
    static LIMIT: Cell<u64> = const { Cell::new(u64::MAX) };
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    static FAULT: Cell<Option<Fault>> = const { Cell::new(None) };
}

/// A render's work budget, set on this thread while the value lives; the previous one (an
/// enclosing render's, or none) comes back when it is dropped.
#[must_use = "the budget holds only while the scope lives"]
pub struct Budget {
    previous: (u64, u64, Option<Fault>),
}

impl Budget {
    /// Starts a budget of `units` (see [`charge`] for what costs what).
    pub fn open(units: u64) -> Budget {
        let previous = (
            REMAINING.with(|r| r.replace(units)),
            LIMIT.with(|l| l.replace(units)),
            FAULT.with(|f| f.take()),
        );
        Budget { previous }
    }
}

impl Drop for Budget {
    fn drop(&mut self) {
        REMAINING.with(|r| r.set(self.previous.0));
        LIMIT.with(|l| l.set(self.previous.1));
        FAULT.with(|f| f.set(self.previous.2));
    }
}

/// The limit of the budget in force (`u64::MAX` outside a render).
pub fn limit() -> u64 {
    LIMIT.with(Cell::get)
}

/// Spends `units` of work: a byte copied, allocated or scanned costs one, each collection visited
/// [`VISIT_COST`], each element compared or copied its size. Returns false, and records
/// [`Fault::OutOfWork`], when the budget cannot pay; the caller must then not do the work.
pub fn charge(units: u64) -> bool {
    REMAINING.with(|r| match r.get().checked_sub(units) {
        Some(left) => {
            r.set(left);
            true
        }
        None => {
            r.set(0);
            fail(Fault::OutOfWork);
            false
        }
    })
}

/// [`charge`] for `count` values about to be copied or compared.
pub fn charge_values(count: usize) -> bool {
    charge((count as u64).saturating_mul(std::mem::size_of::<super::Value>() as u64))
}

/// [`charge`] for `bytes` of memory about to be allocated or copied.
pub fn charge_bytes(bytes: usize) -> bool {
    charge(u64::try_from(bytes).unwrap_or(u64::MAX))
}

/// Records a fault (the first one wins).
pub fn fail(fault: Fault) {
    FAULT.with(|f| {
        if f.get().is_none() {
            f.set(Some(fault));
        }
    });
}

/// Whether an operation on this thread has stopped early: recursive operations check it to unwind
/// at once instead of visiting the rest of a structure.
pub fn faulted() -> bool {
    FAULT.with(|f| f.get().is_some())
}

/// The fault an operation recorded, clearing it.
pub fn take_fault() -> Option<Fault> {
    FAULT.with(Cell::take)
}

/// One level of a recursive walk into a collection, while it lives; `None` (and a
/// [`Fault::TooDeep`]) when the walk is already [`MAX_NESTING`] deep, or when an operation has
/// already failed and everything should unwind.
pub struct Level(());

impl Level {
    /// Enters one level deeper.
    pub fn enter() -> Option<Level> {
        if faulted() || !charge(VISIT_COST) {
            return None;
        }
        DEPTH.with(|d| {
            let depth = d.get();
            if depth >= MAX_NESTING {
                fail(Fault::TooDeep);
                None
            } else {
                d.set(depth + 1);
                Some(Level(()))
            }
        })
    }
}

impl Drop for Level {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_refuses_what_it_cannot_pay_and_restores_the_previous_one() {
        let outer = Budget::open(10);
        assert!(charge(6));
        {
            let _inner = Budget::open(3);
            assert!(!charge(4));
            assert_eq!(take_fault(), Some(Fault::OutOfWork));
        }
        assert_eq!(limit(), 10);
        assert!(charge(4));
        assert!(!charge(1));
        assert_eq!(take_fault(), Some(Fault::OutOfWork));
        drop(outer);
        assert_eq!(limit(), u64::MAX);
    }

    #[test]
    fn levels_stop_at_the_nesting_bound() {
        let mut levels = Vec::new();
        while let Some(level) = Level::enter() {
            levels.push(level);
        }
        assert_eq!(levels.len(), MAX_NESTING as usize);
        assert_eq!(take_fault(), Some(Fault::TooDeep));
        levels.clear();
        assert!(Level::enter().is_some());
    }
}
