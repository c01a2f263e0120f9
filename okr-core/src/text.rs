//! Text helpers of the rules: tokens, Jaccard similarity, first words.

/// Lower-case tokens split on non-alphanumerics, sorted and unique.
pub(crate) fn tokens(s: &str) -> Vec<String> {
    let mut t: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    t.sort_unstable();
    t.dedup();
    t
}

/// Token Jaccard similarity of two titles (0 when both have no tokens).
pub(crate) fn jaccard(a: &str, b: &str) -> f64 {
    let (ta, tb) = (tokens(a), tokens(b));
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (ta.get(i), tb.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = ta.len() + tb.len() - common;
    if union == 0 {
        0.0
    } else {
        common as f64 / union as f64
    }
}

/// The first word of a title, lower-cased.
pub(crate) fn first_word(s: &str) -> Option<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .map(str::to_lowercase)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_of_titles() {
        assert_eq!(jaccard("Reduce churn", "reduce CHURN!"), 1.0);
        assert_eq!(jaccard("a b c d", "a b c d e"), 0.8);
        assert_eq!(jaccard("", ""), 0.0);
        assert_eq!(first_word("  Ship the thing"), Some("ship".into()));
    }
}
