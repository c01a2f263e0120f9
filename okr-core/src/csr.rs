//! Compressed sparse rows: for each key (a typed index), a slice of values,
//! in two flat arrays. Built with a stable counting sort, so each key's
//! values keep the order they were given in.

use std::marker::PhantomData;

use crate::idx::{Idx, IxRange};

/// Per-key slices of values in two flat arrays.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Csr<K, V> {
    /// One entry per key plus one: the values of key `k` are
    /// `values[offsets[k]..offsets[k + 1]]`.
    offsets: Vec<u32>,
    values: Vec<V>,
    kind: PhantomData<fn(K)>,
}

impl<K, V> Default for Csr<K, V> {
    fn default() -> Self {
        Csr {
            offsets: vec![0],
            values: Vec::new(),
            kind: PhantomData,
        }
    }
}

impl<K: Idx, V: Copy> Csr<K, V> {
    /// Groups `(key, value)` pairs by key for the keys of `keys`, keeping
    /// the given order within each key. `None` when there are more than
    /// `u32::MAX` pairs. Every key of `pairs` is in `keys` (they come from
    /// the same document); one that is not would be dropped.
    pub(crate) fn build(keys: IxRange<K>, pairs: &[(K, V)]) -> Option<Csr<K, V>> {
        u32::try_from(pairs.len()).ok()?;
        let n = keys.len();
        let mut offsets = vec![0u32; n + 1];
        for &(k, _) in pairs {
            if let Some(c) = offsets.get_mut(k.ix() + 1) {
                *c += 1;
            }
        }
        let mut sum = 0u32;
        for c in offsets.iter_mut() {
            sum += *c;
            *c = sum;
        }
        let Some(&(_, fill)) = pairs.first() else {
            return Some(Csr {
                offsets,
                values: Vec::new(),
                kind: PhantomData,
            });
        };
        // Every slot is overwritten below; `fill` only sizes the array.
        let mut values: Vec<V> = vec![fill; sum as usize];
        let mut next = offsets.clone();
        for &(k, v) in pairs {
            if k.ix() < n {
                if let Some(slot) = next.get_mut(k.ix()) {
                    if let Some(cell) = values.get_mut(*slot as usize) {
                        *cell = v;
                    }
                    *slot += 1;
                }
            }
        }
        Some(Csr {
            offsets,
            values,
            kind: PhantomData,
        })
    }

    /// The values of `key`.
    #[inline]
    #[expect(
        clippy::indexing_slicing,
        reason = "INVARIANT: keys are indices of the document the CSR was built for, so \
                  offsets (one entry per key, plus one) holds k and k + 1; offsets ascend and \
                  end at values.len()"
    )]
    pub(crate) fn get(&self, key: K) -> &[V] {
        let k = key.ix();
        // One range check for both offsets.
        let w = &self.offsets[k..k + 2];
        &self.values[w[0] as usize..w[1] as usize]
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::idx::typed_index;

    typed_index!(
        /// A test key.
        Key
    );

    #[test]
    fn groups_stably() {
        let keys = IxRange::<Key>::of_len(3).unwrap();
        let k = |i| Key::from_raw(i);
        let csr = Csr::build(keys, &[(k(2), 'a'), (k(0), 'b'), (k(2), 'c')]).unwrap();
        assert_eq!(csr.get(k(0)), &['b']);
        assert_eq!(csr.get(k(1)), &[] as &[char]);
        assert_eq!(csr.get(k(2)), &['a', 'c']);
        let empty = Csr::<Key, char>::build(keys, &[]).unwrap();
        assert_eq!(empty.get(k(2)), &[] as &[char]);
    }

    #[test]
    #[should_panic]
    fn a_key_of_another_document_fails_loudly() {
        let keys = IxRange::<Key>::of_len(1).unwrap();
        let csr = Csr::build(keys, &[(Key::from_raw(0), 1)]).unwrap();
        let _ = csr.get(Key::from_raw(5));
    }
}
