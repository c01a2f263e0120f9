//! Tolerant comparisons of computed ratios. The spec allows 1e-9 in favour
//! of the better outcome, so `0.4 - 0.10` is not lost to rounding: a value
//! within 1e-9 of a threshold counts as equal to it.

/// Tolerance for comparisons of computed ratios.
pub const EPSILON: f64 = 1e-9;

/// `a >= b`, counting values within [`EPSILON`] as equal.
#[inline]
pub fn at_least(a: f64, b: f64) -> bool {
    a >= b - EPSILON
}

/// `a > b`, counting values within [`EPSILON`] as equal (so not greater).
#[inline]
pub fn more_than(a: f64, b: f64) -> bool {
    a > b + EPSILON
}

/// True for a finite weight above zero.
#[inline]
pub fn valid_weight(w: f64) -> bool {
    w.is_finite() && w > 0.0
}

/// Accumulates a weighted mean, skipping absent members.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Mean {
    sum: f64,
    weight: f64,
    /// Some member was hidden or itself partial.
    pub partial: bool,
}

impl Mean {
    /// Adds a member; `None` values are skipped, invalid weights too.
    #[inline]
    pub fn add(&mut self, value: Option<f64>, weight: f64, partial: bool) {
        self.partial |= partial;
        if let Some(v) = value {
            if valid_weight(weight) {
                self.sum += v * weight;
                self.weight += weight;
            }
        }
    }

    /// Adds another accumulator's members (block sums).
    #[inline]
    pub fn merge(&mut self, other: &Mean) {
        self.sum += other.sum;
        self.weight += other.weight;
        self.partial |= other.partial;
    }

    /// The mean, `None` when no member counted.
    #[inline]
    pub fn value(&self) -> Option<f64> {
        (self.weight > 0.0).then(|| (self.sum / self.weight).clamp(0.0, 1.0))
    }
}
