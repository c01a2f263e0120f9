//! Text helpers of the rules: first words. (Tokens and similarity live in
//! `rules::wording`, which tokenises each distinct title once.)

/// The first word of a title (split on non-alphanumerics), as written.
fn first_word(s: &str) -> Option<&str> {
    s.split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
}

/// The entry of `list` (lower-case words) that equals the title's first
/// word lower-cased, if any. Allocates only for a first word that is not
/// ASCII.
pub(crate) fn first_word_in<'l>(s: &str, list: &'l [String]) -> Option<&'l str> {
    let w = first_word(s)?;
    if w.is_ascii() {
        // `to_lowercase` of an ASCII word is its ASCII lower case, and the
        // list's words hold no upper-case ASCII letter.
        return list
            .iter()
            .find(|v| v.len() == w.len() && w.eq_ignore_ascii_case(v) && !has_ascii_upper(v))
            .map(String::as_str);
    }
    let lower = w.to_lowercase();
    list.iter().find(|v| **v == lower).map(String::as_str)
}

fn has_ascii_upper(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn first_word_of_titles() {
        assert_eq!(first_word("  Ship the thing"), Some("Ship"));
        assert_eq!(first_word("..."), None);
        let list = ["ship".to_string(), "straße".to_string(), "Run".to_string()];
        assert_eq!(first_word_in("  SHIP the thing", &list), Some("ship"));
        assert_eq!(first_word_in("Shipping", &list), None);
        assert_eq!(first_word_in("STRASSE", &list), None);
        assert_eq!(first_word_in("Straße baut", &list), Some("straße"));
        // Only lower-case entries match (the rules lower-case their lists).
        assert_eq!(first_word_in("run", &list), None);
        assert_eq!(first_word_in("...", &list), None);
    }
}
