//! Tolerant comparisons of computed ratios. The spec allows 1e-9 in favour
//! of the better outcome, so `0.4 - 0.10` is not lost to rounding: a value
//! within 1e-9 of a threshold counts as equal to it.

/// Tolerance for comparisons of computed ratios.
pub(crate) const EPSILON: f64 = 1e-9;

/// `a >= b`, counting values within [`EPSILON`] as equal.
#[inline]
pub(crate) fn at_least(a: f64, b: f64) -> bool {
    a >= b - EPSILON
}

/// `a > b`, counting values within [`EPSILON`] as equal (so not greater).
#[inline]
pub(crate) fn more_than(a: f64, b: f64) -> bool {
    a > b + EPSILON
}

/// True for a finite weight above zero.
#[inline]
pub(crate) fn valid_weight(w: f64) -> bool {
    w.is_finite() && w > 0.0
}

/// Accumulates a weighted mean, skipping absent members.
///
/// Weights are finite, but their total need not be (two weights of 1e308):
/// when adding a weight would overflow, every weight held is scaled down by
/// a power of two (exact), so the mean stays right instead of becoming
/// inf / inf = NaN. Ordinary weights never trigger it, so their sums are
/// bit for bit those of a plain accumulation.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Mean {
    sum: f64,
    weight: f64,
    /// `sum` and `weight` hold every weight times 2^-scale.
    scale: i32,
    /// Some member was hidden or itself partial.
    pub partial: bool,
}

/// How far one rescaling shifts: 2^64 covers far more than the largest
/// possible total (20 million items of weight 1.8e308 is under 2^1050).
const SHIFT: i32 = 64;

/// `w` times 2^-scale.
#[inline]
fn scaled(w: f64, scale: i32) -> f64 {
    if scale == 0 {
        w
    } else {
        rescaled(w, scale)
    }
}

/// `w` times 2^-scale for a scale other than 0 (a mean whose weights
/// overflowed). Out of line: inlined, the compiler evaluated `powi` for
/// every member and then chose `w`, a call per member of every mean.
#[cold]
#[inline(never)]
fn rescaled(w: f64, scale: i32) -> f64 {
    w * 2f64.powi(-scale)
}

impl Mean {
    /// Adds a member; `None` values are skipped, invalid weights too.
    #[inline]
    pub(crate) fn add(&mut self, value: Option<f64>, weight: f64, partial: bool) {
        self.partial |= partial;
        if let Some(v) = value {
            if valid_weight(weight) {
                let mut w = scaled(weight, self.scale);
                while !(self.weight + w).is_finite() {
                    self.rescale(self.scale.saturating_add(SHIFT));
                    w = scaled(weight, self.scale);
                }
                self.sum += v * w;
                self.weight += w;
            }
        }
    }

    /// Adds another accumulator's members (block sums).
    #[inline]
    pub(crate) fn merge(&mut self, other: &Mean) {
        self.partial |= other.partial;
        let mut scale = self.scale.max(other.scale);
        loop {
            let (sum, weight) = (
                scaled(other.sum, scale - other.scale),
                scaled(other.weight, scale - other.scale),
            );
            let own = scaled(self.weight, scale - self.scale);
            if (own + weight).is_finite() {
                self.rescale(scale);
                self.sum += sum;
                self.weight += weight;
                return;
            }
            scale = scale.saturating_add(SHIFT);
        }
    }

    /// Holds the same members at a larger `scale`.
    fn rescale(&mut self, scale: i32) {
        if scale != self.scale {
            self.sum = scaled(self.sum, scale - self.scale);
            self.weight = scaled(self.weight, scale - self.scale);
            self.scale = scale;
        }
    }

    /// The mean, `None` when no member counted.
    #[inline]
    pub(crate) fn value(&self) -> Option<f64> {
        (self.weight > 0.0).then(|| (self.sum / self.weight).clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_weights_are_a_plain_weighted_mean() {
        let mut m = Mean::default();
        m.add(Some(0.5), 1.0, false);
        m.add(Some(1.0), 3.0, false);
        m.add(None, 2.0, true);
        m.add(Some(1.0), 0.0, false);
        assert_eq!(m.value(), Some((0.5 + 3.0) / 4.0));
        assert!(m.partial);
        assert_eq!(m.scale, 0);
    }

    #[test]
    fn weights_beyond_f64_keep_the_mean() {
        let mut m = Mean::default();
        m.add(Some(0.5), f64::MAX, false);
        m.add(Some(1.0), f64::MAX, false);
        m.add(Some(0.0), 1.0, false);
        assert_eq!(m.value(), Some(0.75));
        // Merging blocks at different scales.
        let mut a = Mean::default();
        a.add(Some(1.0), 1.0, false);
        let mut b = Mean::default();
        b.add(Some(0.0), f64::MAX, false);
        b.add(Some(0.0), f64::MAX, false);
        let mut c = Mean::default();
        c.add(Some(1.0), f64::MAX, false);
        c.add(Some(1.0), f64::MAX, false);
        a.merge(&b);
        a.merge(&c);
        assert_eq!(a.value(), Some(0.5));
        let mut d = Mean::default();
        d.add(Some(1.0), f64::MAX, false);
        let mut e = Mean::default();
        e.add(Some(0.0), f64::MAX, false);
        d.merge(&e);
        assert_eq!(d.value(), Some(0.5));
    }
}
