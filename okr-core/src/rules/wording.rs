//! Words and numbers in titles, for the judgement rules (W120, W123-W125,
//! I203). No allocation per word where it can be helped: these run over
//! every title of documents with a hundred thousand of them.
//!
//! - A **word** (token) is a maximal run of alphanumeric characters,
//!   compared lower-case (the normalisation of W104).
//! - A **number** is a maximal run of ASCII digits with `.` or `,` allowed
//!   between two digits (`12`, `1,000`, `99.9`).
//! - W120 replaces every number by `#` and counts `#` as a letter, so
//!   `$12M` gives the word `#m` and `Q3` gives `q#`.
//! - W123 counts only the numbers that are not preceded by a letter or a
//!   digit (so `Q3`, `v2`, `p95` are words) and are not a standalone year
//!   from 1900 to 2100.

use std::ops::Range;

use crate::document::Document;
use crate::idx::IxVec;
use crate::index::{Index, ItemRef, KrIx, ObjIx};

/// Each distinct title of a document once. Every titled item's title is a
/// slot number, so a rule that derives something from a title (its words,
/// its numbers, a scan) keeps it per slot in a plain vector and never
/// hashes the text again. Built once per validation (beside the rollup)
/// and shared by both halves of the rule set.
pub(crate) struct TitleSlots<'a> {
    /// The text of each slot.
    text: Vec<&'a str>,
    /// The slot of each objective's title ([`NO_SLOT`]: no title).
    objectives: IxVec<ObjIx, u32>,
    /// The slot of each key result's title ([`NO_SLOT`]: no title).
    key_results: IxVec<KrIx, u32>,
    /// The slots of the themes, mandates, initiatives and sprint goals, by
    /// position.
    themes: Vec<u32>,
    mandates: Vec<u32>,
    initiatives: Vec<u32>,
    sprint_goals: Vec<u32>,
}

/// An item without a title.
const NO_SLOT: u32 = u32::MAX;

impl<'a> TitleSlots<'a> {
    /// The slots of every title of `doc`.
    pub(crate) fn new(doc: &'a Document, ix: &Index) -> TitleSlots<'a> {
        let mut text: Vec<&'a str> = Vec::new();
        let mut seen: hashbrown::HashMap<&'a str, u32> =
            hashbrown::HashMap::with_capacity(doc.objectives.len() / 4 + doc.key_results.len() / 2);
        let mut slot = |title: Option<&'a str>| -> u32 {
            let Some(title) = title else {
                return NO_SLOT;
            };
            *seen.entry(title).or_insert_with(|| {
                let s = u32::try_from(text.len()).unwrap_or(NO_SLOT);
                text.push(title);
                s
            })
        };
        let objectives = IxVec::from_fn(ix.objectives(), |o| {
            slot(
                doc.objectives
                    .get(o.index())
                    .and_then(|x| x.title.as_deref()),
            )
        });
        let key_results = IxVec::from_fn(ix.key_results(), |k| {
            slot(
                doc.key_results
                    .get(k.index())
                    .and_then(|x| x.title.as_deref()),
            )
        });
        let themes = doc.themes.iter().map(|t| slot(Some(&t.title))).collect();
        let mandates = doc.mandates.iter().map(|m| slot(Some(&m.title))).collect();
        let initiatives = doc
            .initiatives
            .iter()
            .map(|i| slot(Some(&i.title)))
            .collect();
        let sprint_goals = doc
            .sprint_goals
            .iter()
            .map(|g| slot(Some(&g.title)))
            .collect();
        TitleSlots {
            text,
            objectives,
            key_results,
            themes,
            mandates,
            initiatives,
            sprint_goals,
        }
    }

    /// The number of slots (distinct titles).
    pub(crate) fn len(&self) -> usize {
        self.text.len()
    }

    /// The slot of objective `o`'s title.
    pub(crate) fn objective(&self, o: ObjIx) -> Option<u32> {
        Some(self.objectives[o]).filter(|&s| s != NO_SLOT)
    }

    /// The slot of key result `k`'s title.
    pub(crate) fn key_result(&self, k: KrIx) -> Option<u32> {
        Some(self.key_results[k]).filter(|&s| s != NO_SLOT)
    }

    /// The slot of any titled item's title (`None`: the item has no title,
    /// or is of a kind without one).
    pub(crate) fn of(&self, item: ItemRef) -> Option<u32> {
        let s = match item {
            ItemRef::Objective(o) => self.objectives[o],
            ItemRef::KeyResult(k) => self.key_results[k],
            ItemRef::Theme(t) => self.themes.get(t.index()).copied().unwrap_or(NO_SLOT),
            ItemRef::Mandate(m) => self.mandates.get(m.index()).copied().unwrap_or(NO_SLOT),
            ItemRef::Initiative(i) => self.initiatives.get(i.index()).copied().unwrap_or(NO_SLOT),
            ItemRef::SprintGoal(g) => self.sprint_goals.get(g.index()).copied().unwrap_or(NO_SLOT),
            _ => NO_SLOT,
        };
        Some(s).filter(|&s| s != NO_SLOT)
    }

    /// The text of a slot.
    pub(crate) fn text(&self, slot: u32) -> &'a str {
        self.text.get(slot as usize).copied().unwrap_or_default()
    }
}

/// The byte ranges of the numbers (digit runs with `.` or `,` between
/// digits) in a text, in order.
pub(crate) fn number_spans(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !digit(i) {
            i += 1;
            continue;
        }
        let start = i;
        loop {
            while digit(i) {
                i += 1;
            }
            if matches!(b.get(i), Some(b'.' | b',')) && digit(i + 1) {
                i += 1;
            } else {
                break;
            }
        }
        out.push(start..i);
    }
    out
}

/// The character before a byte position, if any.
fn char_before(s: &str, at: usize) -> Option<char> {
    s.get(..at).and_then(|h| h.chars().next_back())
}

/// The character at a byte position, if any.
fn char_at(s: &str, at: usize) -> Option<char> {
    s.get(at..).and_then(|t| t.chars().next())
}

/// A number written with thousands separators (`1,250.5`), parsed without
/// allocating for the usual lengths.
fn without_commas(text: &str) -> Option<f64> {
    let mut buf = [0u8; 64];
    let mut n = 0;
    for b in text.bytes().filter(|&b| b != b',') {
        match buf.get_mut(n) {
            Some(slot) => *slot = b,
            None => return text.replace(',', "").parse().ok(),
        }
        n += 1;
    }
    std::str::from_utf8(buf.get(..n)?).ok()?.parse().ok()
}

/// The numbers of W123 in order: digit runs not preceded by a letter or
/// digit, leaving out standalone years (1900-2100, four digits, not
/// followed by a letter, digit or `%`, not preceded by a currency sign).
/// Each is its byte range and its value (`,` read as a thousands
/// separator).
pub(crate) fn measure_numbers(s: &str) -> Vec<(Range<usize>, f64)> {
    number_spans(s)
        .into_iter()
        .filter(|r| !char_before(s, r.start).is_some_and(char::is_alphanumeric))
        .filter_map(|r| {
            let text = s.get(r.clone())?;
            let value: f64 = if text.contains(',') {
                without_commas(text)?
            } else {
                text.parse().ok()?
            };
            let year = text.len() == 4
                && text.bytes().all(|c| c.is_ascii_digit())
                && (1900.0..=2100.0).contains(&value)
                && !char_at(s, r.end).is_some_and(|c| c.is_alphanumeric() || c == '%')
                && !char_before(s, r.start).is_some_and(|c| matches!(c, '$' | '€' | '£' | '¥'));
            (!year).then_some((r, value))
        })
        .collect()
}

/// Calls `each` with every word of `s` (as [`words`] splits them), by
/// bytes when `s` is ASCII.
pub(crate) fn for_each_word<'s>(s: &'s str, mut each: impl FnMut(&'s str)) {
    if !s.is_ascii() {
        words(s).for_each(each);
        return;
    }
    let b = s.as_bytes();
    let mut start = None;
    for (i, c) in b.iter().enumerate() {
        match (c.is_ascii_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                each(s.get(st..i).unwrap_or_default());
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        each(s.get(st..).unwrap_or_default());
    }
}

/// The words of a text in order (W104's split), not lower-cased.
pub(crate) fn words(s: &str) -> Words<'_> {
    Words {
        rest: s,
        ascii: s.is_ascii(),
    }
}

/// The iterator of [`words`]: maximal runs of alphanumeric characters.
/// An ASCII text is split byte by byte (for ASCII, a byte is alphanumeric
/// exactly when its character is), any other character by character.
#[derive(Clone)]
pub(crate) struct Words<'a> {
    rest: &'a str,
    ascii: bool,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest;
        let (start, end) = if self.ascii {
            let b = s.as_bytes();
            let start = b.iter().position(u8::is_ascii_alphanumeric)?;
            let len = b
                .get(start..)
                .unwrap_or_default()
                .iter()
                .position(|c| !c.is_ascii_alphanumeric())
                .unwrap_or(b.len() - start);
            (start, start + len)
        } else {
            let start = s.find(char::is_alphanumeric)?;
            let tail = s.get(start..).unwrap_or_default();
            let len = tail
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(tail.len());
            (start, start + len)
        };
        self.rest = s.get(end..).unwrap_or_default();
        s.get(start..end)
    }
}

/// Whether a word equals a lower-case word, ignoring case, without
/// allocating.
pub(crate) fn same_word(word: &str, lower: &str) -> bool {
    if word.is_ascii() {
        return word.eq_ignore_ascii_case(lower);
    }
    word.chars().flat_map(char::to_lowercase).eq(lower.chars())
}

/// A phrase of the policy as lower-case words (`"so that"` -> `["so",
/// "that"]`); empty when it has no word.
pub(crate) fn phrase_words(phrase: &str) -> Vec<String> {
    words(phrase).map(str::to_lowercase).collect()
}

/// Whether the words of `s` contain the phrase as consecutive words.
#[cfg(test)]
pub(crate) fn contains_phrase(s: &str, phrase: &[String]) -> bool {
    let Some(first) = phrase.first() else {
        return false;
    };
    let mut it = words(s);
    loop {
        let Some(w) = it.next() else {
            return false;
        };
        if same_word(w, first) {
            let mut rest = it.clone();
            if phrase
                .get(1..)
                .unwrap_or_default()
                .iter()
                .all(|p| rest.next().is_some_and(|w| same_word(w, p)))
            {
                return true;
            }
        }
    }
}

/// Calls `each` with every W120 word of a text: lower-case, numbers
/// replaced by `#`, `#` counted as a letter. `buf` is scratch space.
pub(crate) fn masked_words(s: &str, buf: &mut String, mut each: impl FnMut(&str)) {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    buf.clear();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c.is_ascii_digit() {
            loop {
                while digit(i) {
                    i += 1;
                }
                if matches!(b.get(i), Some(b'.' | b',')) && digit(i + 1) {
                    i += 1;
                } else {
                    break;
                }
            }
            buf.push('#');
            continue;
        }
        let word_char = if c.is_ascii() {
            i += 1;
            if c.is_ascii_alphanumeric() || c == b'#' {
                buf.push(char::from(c.to_ascii_lowercase()));
                true
            } else {
                false
            }
        } else {
            let Some(ch) = char_at(s, i) else {
                // Not at a character boundary: cannot happen in a `str`
                // walked character by character; stop rather than loop.
                break;
            };
            i += ch.len_utf8();
            if ch.is_alphanumeric() {
                buf.extend(ch.to_lowercase());
                true
            } else {
                false
            }
        };
        if !word_char && !buf.is_empty() {
            each(buf);
            buf.clear();
        }
    }
    if !buf.is_empty() {
        each(buf);
        buf.clear();
    }
}

/// Interned lower-case words: each distinct word gets a small number, so
/// word sets are sorted `u32`s, not strings.
#[derive(Default)]
pub(crate) struct Interner {
    map: hashbrown::HashMap<Box<str>, u32>,
    buf: String,
}

impl Interner {
    /// The number of a word (compared lower-case).
    pub(crate) fn id(&mut self, word: &str) -> u32 {
        // A lower-case ASCII word (most words of a title) is looked up as
        // it is; otherwise it is lower-cased into `buf` first: ASCII byte
        // by byte, anything else by `str::to_lowercase` (not per char: a
        // final sigma lowers as a final sigma).
        let key = if word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            word
        } else {
            self.buf.clear();
            if word.is_ascii() {
                self.buf
                    .extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                self.buf.push_str(&word.to_lowercase());
            }
            self.buf.as_str()
        };
        if let Some(&id) = self.map.get(key) {
            return id;
        }
        let id = u32::try_from(self.map.len()).unwrap_or(u32::MAX);
        self.map.insert(key.into(), id);
        id
    }
}

/// Something read of each distinct title, computed once per title slot
/// (the position of a distinct title, see [`TitleSlots`]) and kept in
/// order of first use, with the interner its words were read with.
pub(crate) struct PerSlot<T> {
    /// The position in `items` of each title slot's reading (`u32::MAX`:
    /// not read yet).
    slot: Vec<u32>,
    items: Vec<T>,
    words_of: Interner,
}

impl<T> Default for PerSlot<T> {
    fn default() -> Self {
        PerSlot {
            slot: Vec::new(),
            items: Vec::new(),
            words_of: Interner::default(),
        }
    }
}

impl<T> PerSlot<T> {
    /// The position of the reading of `title`, whose slot is `slot`: read
    /// by `read` the first time the slot is asked for.
    pub(crate) fn of(
        &mut self,
        slot: u32,
        title: &str,
        read: impl FnOnce(&str, &mut Interner) -> T,
    ) -> u32 {
        let i = slot as usize;
        if i >= self.slot.len() {
            self.slot.resize(i + 1, u32::MAX);
        }
        if let Some(&s) = self.slot.get(i).filter(|&&s| s != u32::MAX) {
            return s;
        }
        let s = u32::try_from(self.items.len()).unwrap_or(u32::MAX);
        self.items.push(read(title, &mut self.words_of));
        if let Some(x) = self.slot.get_mut(i) {
            *x = s;
        }
        s
    }

    /// The reading at position `s` (from [`PerSlot::of`]).
    pub(crate) fn get(&self, s: u32) -> Option<&T> {
        self.items.get(s as usize)
    }
}

/// Each distinct title's lower-case word set (interned ids, sorted and
/// unique), computed once per title slot: the tokens of W104's
/// similarity, split on non-alphanumerics as [`words`] does.
#[derive(Default)]
pub(crate) struct WordSets(PerSlot<Vec<u32>>);

impl WordSets {
    /// The position of the word set of `title`, whose slot is `slot`.
    fn of(&mut self, slot: u32, title: &str) -> u32 {
        self.0.of(slot, title, |title, words_of| {
            let mut set: Vec<u32> = Vec::new();
            for_each_word(title, |w| set.push(words_of.id(w)));
            set.sort_unstable();
            set.dedup();
            set
        })
    }

    /// Token Jaccard similarity of two titles given with their slots (0
    /// when both have no words).
    pub(crate) fn jaccard(&mut self, a: (u32, &str), b: (u32, &str)) -> f64 {
        let (sa, sb) = (self.of(a.0, a.1), self.of(b.0, b.1));
        match (self.0.get(sa), self.0.get(sb)) {
            (Some(x), Some(y)) => jaccard_of(x.len(), y.len(), common(x, y)),
            _ => 0.0,
        }
    }
}

/// The words of a text with W123's numbers removed, interned, sorted and
/// unique.
pub(crate) fn words_without_numbers(
    s: &str,
    numbers: &[(Range<usize>, f64)],
    words_of: &mut Interner,
) -> Vec<u32> {
    // Room for a usual title's words: no regrowth.
    let mut out = Vec::with_capacity(16);
    let mut at = 0;
    for end in numbers.iter().map(|(r, _)| r.start).chain([s.len()]) {
        for_each_word(s.get(at..end).unwrap_or_default(), |w| {
            out.push(words_of.id(w))
        });
        at = numbers
            .iter()
            .find(|(r, _)| r.start == end)
            .map_or(end, |(r, _)| r.end);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Size of the intersection of two sorted, unique slices.
pub(crate) fn common<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Jaccard similarity from the sizes of two sets and their intersection
/// (0 when both are empty).
pub(crate) fn jaccard_of(a: usize, b: usize, common: usize) -> f64 {
    let union = a + b - common.min(a + b);
    if union == 0 {
        0.0
    } else {
        common as f64 / union as f64
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn masked(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        masked_words(s, &mut String::new(), |w| out.push(w.to_string()));
        out
    }

    fn values(s: &str) -> Vec<f64> {
        measure_numbers(s).into_iter().map(|(_, v)| v).collect()
    }

    #[test]
    fn numbers_are_digit_runs_with_inner_separators() {
        let s = "From 1,000.5 to 12, then 3.";
        let got: Vec<&str> = number_spans(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(got, ["1,000.5", "12", "3"]);
    }

    #[test]
    fn masked_words_replace_numbers_by_a_letter() {
        assert_eq!(
            masked("Grow ARR from $12M to $20.5M in Q3"),
            ["grow", "arr", "from", "#m", "to", "#m", "in", "q#"]
        );
        assert_eq!(masked("v2: 99.9% UPTIME"), ["v#", "#", "uptime"]);
        assert_eq!(masked("Ünïcode Straße"), ["ünïcode", "straße"]);
    }

    #[test]
    fn measure_numbers_skip_words_and_years() {
        assert_eq!(
            values("Cut p95 latency from 800ms to 300 ms in Q3 2026"),
            [800.0, 300.0]
        );
        assert_eq!(values("Ship v2 by 2026"), Vec::<f64>::new());
        assert_eq!(values("Grow ARR from $1,200 to $2000"), [1200.0, 2000.0]);
        assert_eq!(values("Reach 2000 users"), Vec::<f64>::new());
        assert_eq!(
            values("Reach 2000% growth, 1899 and 2101 stores"),
            [2000.0, 1899.0, 2101.0]
        );
    }

    #[test]
    fn phrases_are_whole_word_sequences() {
        let so_that = phrase_words("so that");
        assert!(contains_phrase(
            "Cut wait times, so that patients",
            &so_that
        ));
        assert!(contains_phrase("SO THAT", &so_that));
        assert!(!contains_phrase("so, thatcher", &so_that));
        assert!(!contains_phrase("so", &so_that));
        assert!(contains_phrase("so so that", &so_that));
        assert!(same_word("Änderung", "änderung"));
    }

    #[test]
    fn for_each_word_splits_as_words_does() {
        for s in [
            "Grow ARR from $12M to $20.5M in Q3",
            "  a--b ",
            "",
            "Ünïcode Straße, v2",
            "x",
        ] {
            let mut got = Vec::new();
            for_each_word(s, |w| got.push(w));
            assert_eq!(got, words(s).collect::<Vec<_>>(), "{s:?}");
            let by_chars: Vec<&str> = s
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(got, by_chars, "{s:?}");
        }
        let mut i = Interner::default();
        assert_eq!(i.id("Churn"), i.id("churn"));
        assert_eq!(i.id("STRASSE"), i.id("strasse"));
        assert_ne!(i.id("churn"), i.id("churns"));
    }

    #[test]
    fn word_set_jaccard_of_titles() {
        let mut sets = WordSets::default();
        assert_eq!(sets.jaccard((0, "Reduce churn"), (1, "reduce CHURN!")), 1.0);
        assert_eq!(sets.jaccard((2, "a b c d"), (3, "a b c d e")), 0.8);
        assert_eq!(sets.jaccard((4, ""), (5, "")), 0.0);
        assert_eq!(sets.jaccard((7, "Straße ÜBER"), (6, "straße über")), 1.0);
        assert_eq!(sets.jaccard((0, "Reduce churn"), (2, "a b c d")), 0.0);
    }

    #[test]
    fn jaccard_from_counts() {
        assert_eq!(jaccard_of(5, 4, 4), 0.8);
        assert_eq!(jaccard_of(0, 0, 0), 0.0);
        assert_eq!(common(&[1, 2, 3], &[2, 3, 4]), 2);
        let mut i = Interner::default();
        let t = "Cut churn from 9% to 4% in Q3";
        let a = words_without_numbers(t, &measure_numbers(t), &mut i);
        let b = words_without_numbers("cut CHURN from to in q3", &[], &mut i);
        assert_eq!(a, b);
        assert_eq!(a.len(), 6);
        assert_eq!(i.id("churn"), i.id("Churn"));
    }
}
