//! Typed indices: a position in one of the document's arrays, with a type
//! per kind of item ([`UnitIx`](crate::UnitIx), [`ObjIx`](crate::ObjIx),
//! [`KrIx`](crate::KrIx), ...), so an objective's position cannot index an
//! array of key results.
//!
//! Each index is a `#[repr(transparent)]` wrapper of a `NonZeroU32` holding
//! the position plus one: four bytes, and `Option<KrIx>` is four bytes too,
//! so "no index" is `None` rather than a sentinel value.
//!
//! Only this crate makes indices. A document's lengths are converted to
//! `u32` once, checked, when its index is built ([`IxRange::of_len`]); every
//! index comes from such a range (or from [`IxVec::push`], also checked),
//! so no other conversion from `usize` is needed.
//!
//! [`IxVec`] is a vector indexed by one kind of index. Its `Index` impl
//! indexes directly: an `IxVec` of the index or the rollup plan holds one
//! entry per item of its kind, and is read only with indices made from the
//! same document, so an out-of-range index is a bug to fail loudly on, not
//! a case to paper over with a default.

use std::fmt;
use std::marker::PhantomData;

/// What every typed index can do. Implemented by [`typed_index!`] only.
pub(crate) trait Idx: Copy + Eq + Ord + std::hash::Hash + fmt::Debug {
    /// The index of position `raw`. `raw` must be below `u32::MAX` (true
    /// for every position below a length that fits `u32`).
    fn from_raw(raw: u32) -> Self;
    /// The position as `u32`.
    fn raw(self) -> u32;
    /// The position as `usize`.
    #[inline]
    fn ix(self) -> usize {
        self.raw() as usize
    }
}

/// Defines a typed index: `typed_index!(/// doc\n pub KrIx);`.
macro_rules! typed_index {
    ($(#[$doc:meta])* $vis:vis $name:ident) => {
        $(#[$doc])*
        #[repr(transparent)]
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis struct $name(::std::num::NonZeroU32);

        impl $name {
            /// The position in its array of the document.
            #[inline]
            #[allow(dead_code, reason = "not every kind of index is read as a position")]
            $vis fn index(self) -> usize {
                <$name as $crate::idx::Idx>::ix(self)
            }
        }

        impl $crate::idx::Idx for $name {
            #[inline]
            fn from_raw(raw: u32) -> Self {
                // raw < u32::MAX, so raw + 1 neither overflows nor saturates.
                $name(::std::num::NonZeroU32::MIN.saturating_add(raw))
            }

            #[inline]
            fn raw(self) -> u32 {
                self.0.get() - 1
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}({})", stringify!($name), <$name as $crate::idx::Idx>::raw(*self))
            }
        }
    };
}
pub(crate) use typed_index;

/// The indices `start..end`, ascending.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct IxRange<I> {
    start: u32,
    end: u32,
    kind: PhantomData<fn() -> I>,
}

impl<I> fmt::Debug for IxRange<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl<I: Idx> Default for IxRange<I> {
    fn default() -> Self {
        IxRange::between(0, 0)
    }
}

impl<I: Idx> IxRange<I> {
    /// Every index of an array of `len` items; `None` when `len` does not
    /// fit `u32`. The one checked conversion from a document's lengths.
    pub(crate) fn of_len(len: usize) -> Option<IxRange<I>> {
        Some(IxRange::between(0, u32::try_from(len).ok()?))
    }

    /// The indices from position `start` to position `end` (excluded).
    pub(crate) fn between(start: u32, end: u32) -> IxRange<I> {
        IxRange {
            start,
            end: end.max(start),
            kind: PhantomData,
        }
    }

    /// The number of indices.
    pub(crate) fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// The position of the first index (the end when empty).
    pub(crate) fn first_raw(&self) -> u32 {
        self.start
    }
}

impl<I: Idx> Iterator for IxRange<I> {
    type Item = I;

    #[inline]
    fn next(&mut self) -> Option<I> {
        if self.start < self.end {
            let i = I::from_raw(self.start);
            self.start += 1;
            Some(i)
        } else {
            None
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.len(), Some(self.len()))
    }
}

impl<I: Idx> DoubleEndedIterator for IxRange<I> {
    #[inline]
    fn next_back(&mut self) -> Option<I> {
        if self.start < self.end {
            self.end -= 1;
            Some(I::from_raw(self.end))
        } else {
            None
        }
    }
}

impl<I: Idx> ExactSizeIterator for IxRange<I> {}

/// A vector indexed by one kind of typed index. Never longer than
/// `u32::MAX` entries (every constructor checks or inherits that bound), so
/// each entry has an index.
#[derive(Clone, PartialEq)]
pub(crate) struct IxVec<I, T> {
    raw: Vec<T>,
    kind: PhantomData<fn(I)>,
}

impl<I, T> Default for IxVec<I, T> {
    fn default() -> Self {
        IxVec {
            raw: Vec::new(),
            kind: PhantomData,
        }
    }
}

impl<I, T: fmt::Debug> fmt::Debug for IxVec<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.raw.fmt(f)
    }
}

impl<I: Idx, T> IxVec<I, T> {
    /// One entry per index of `range`, in order, from `f`.
    pub(crate) fn from_fn(range: IxRange<I>, f: impl FnMut(I) -> T) -> IxVec<I, T> {
        IxVec {
            raw: range.map(f).collect(),
            kind: PhantomData,
        }
    }

    /// One entry per index of `range`, each `value`.
    pub(crate) fn filled(range: IxRange<I>, value: T) -> IxVec<I, T>
    where
        T: Clone,
    {
        IxVec {
            raw: vec![value; range.len()],
            kind: PhantomData,
        }
    }

    /// Appends an entry and returns its index; `None`, and nothing
    /// appended, when the vector already holds `u32::MAX` entries.
    pub(crate) fn push(&mut self, value: T) -> Option<I> {
        let raw = u32::try_from(self.raw.len())
            .ok()
            .filter(|&r| r < u32::MAX)?;
        self.raw.push(value);
        Some(I::from_raw(raw))
    }

    /// The number of entries.
    pub(crate) fn len(&self) -> usize {
        self.raw.len()
    }

    /// Every index, ascending.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "INVARIANT: an IxVec never holds more than u32::MAX entries (from_fn and \
                  filled take a range of u32 positions, push checks)"
    )]
    pub(crate) fn indices(&self) -> IxRange<I> {
        IxRange::between(0, self.raw.len() as u32)
    }

    /// The entries in index order.
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, T> {
        self.raw.iter()
    }

    /// `(index, entry)` pairs in index order.
    pub(crate) fn iter_enumerated(&self) -> impl DoubleEndedIterator<Item = (I, &T)> + '_ {
        self.indices().zip(self.raw.iter())
    }
}

impl<I: Idx, T> std::ops::Index<I> for IxVec<I, T> {
    type Output = T;

    #[inline]
    #[expect(
        clippy::indexing_slicing,
        reason = "INVARIANT: an IxVec of the index or the rollup plan has one entry per item \
                  of its kind, and is read only with indices of the same document"
    )]
    fn index(&self, i: I) -> &T {
        &self.raw[i.ix()]
    }
}

impl<I: Idx, T> std::ops::IndexMut<I> for IxVec<I, T> {
    #[inline]
    #[expect(
        clippy::indexing_slicing,
        reason = "INVARIANT: as for Index: one entry per item, indices of the same document"
    )]
    fn index_mut(&mut self, i: I) -> &mut T {
        &mut self.raw[i.ix()]
    }
}

impl<'a, I: Idx, T> IntoIterator for &'a IxVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.raw.iter()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    typed_index!(
        /// A test index.
        TestIx
    );

    #[test]
    fn an_index_is_four_bytes_and_so_is_its_option() {
        assert_eq!(std::mem::size_of::<TestIx>(), 4);
        assert_eq!(std::mem::size_of::<Option<TestIx>>(), 4);
    }

    #[test]
    fn positions_round_trip_and_keep_their_order() {
        let all: Vec<TestIx> = IxRange::of_len(5).unwrap().collect();
        assert_eq!(
            all.iter().map(|i| i.index()).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        assert!(all.windows(2).all(|w| w[0] < w[1]));
        let top = TestIx::from_raw(u32::MAX - 1);
        assert_eq!(top.raw(), u32::MAX - 1);
        assert_eq!(format!("{top:?}"), format!("TestIx({})", u32::MAX - 1));
        let back: Vec<TestIx> = IxRange::of_len(3).unwrap().rev().collect();
        assert_eq!(
            back.iter().map(|i| i.index()).collect::<Vec<_>>(),
            [2, 1, 0]
        );
    }

    #[test]
    fn a_range_or_vector_larger_than_u32_cannot_be_made() {
        #[cfg(target_pointer_width = "64")]
        assert!(IxRange::<TestIx>::of_len(u32::MAX as usize + 1).is_none());
        assert!(IxRange::<TestIx>::of_len(u32::MAX as usize).is_some());
    }

    #[test]
    fn a_vector_indexes_by_its_own_kind() {
        let mut v: IxVec<TestIx, &str> = IxVec::default();
        let a = v.push("a").unwrap();
        let b = v.push("b").unwrap();
        assert_eq!((v[a], v[b]), ("a", "b"));
        v[a] = "z";
        let pairs: Vec<(usize, &&str)> = v.iter_enumerated().map(|(i, x)| (i.index(), x)).collect();
        assert_eq!(pairs, [(0, &"z"), (1, &"b")]);
        let r: Vec<usize> = IxRange::<TestIx>::between(2, 5)
            .map(|i| i.index())
            .collect();
        assert_eq!(r, [2, 3, 4]);
    }
}
