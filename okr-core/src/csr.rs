//! Compressed sparse rows: for each of `n` keys, a slice of values, in two
//! flat arrays. Built with a stable counting sort, so each key's values keep
//! the order they were given in.

/// Per-key slices of values in two flat arrays.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Csr<T> {
    offsets: Vec<u32>,
    values: Vec<T>,
}

impl<T: Copy + Default> Csr<T> {
    /// Groups `(key, value)` pairs by key (`key < n`; larger keys are
    /// dropped), keeping the given order within each key.
    pub fn build(n: usize, pairs: &[(u32, T)]) -> Csr<T> {
        let mut offsets = vec![0u32; n + 1];
        for &(k, _) in pairs {
            if let Some(c) = offsets.get_mut(k as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..offsets.len() {
            let prev = offsets.get(i - 1).copied().unwrap_or(0);
            if let Some(c) = offsets.get_mut(i) {
                *c += prev;
            }
        }
        let total = offsets.last().copied().unwrap_or(0) as usize;
        let mut values: Vec<T> = vec![T::default(); total];
        let mut next = offsets.clone();
        for &(k, v) in pairs {
            if let Some(slot) = next.get_mut(k as usize) {
                if (k as usize) < n {
                    if let Some(cell) = values.get_mut(*slot as usize) {
                        *cell = v;
                    }
                    *slot += 1;
                }
            }
        }
        Csr { offsets, values }
    }

    /// The values of `key` (empty for an unknown key).
    #[inline]
    pub fn get(&self, key: u32) -> &[T] {
        let k = key as usize;
        match (self.offsets.get(k), self.offsets.get(k + 1)) {
            (Some(&a), Some(&b)) => self.values.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn groups_stably() {
        let csr = Csr::build(3, &[(2, 'a'), (0, 'b'), (2, 'c'), (7, 'x')]);
        assert_eq!(csr.get(0), &['b']);
        assert_eq!(csr.get(1), &[] as &[char]);
        assert_eq!(csr.get(2), &['a', 'c']);
        assert_eq!(csr.get(9), &[] as &[char]);
    }
}
