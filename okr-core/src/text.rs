//! Text helpers of the rules: first words. (Tokens and similarity live in
//! `rules::wording`, which tokenises each distinct title once.)

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
    fn first_word_of_titles() {
        assert_eq!(first_word("  Ship the thing"), Some("ship".into()));
        assert_eq!(first_word("..."), None);
    }
}
