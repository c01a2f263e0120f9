//! Where an item is in its file: its JSON pointer in the document
//! ([`Cascade::pointer`]), and the line and column a pointer names in a
//! JSON text ([`position_in_json`]). Linters in CI (SARIF, workflow
//! annotations) place each diagnostic with them. Pure functions: text in,
//! position out.

use crate::{Cascade, ItemRef};

/// A 1-based line and column in a text; the column counts Unicode code
/// points (SARIF's `unicodeCodePoints`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in code points.
    pub column: usize,
}

impl Cascade {
    /// The JSON pointer (RFC 6901) of an item in the document, such as
    /// `/key_results/3` (the cycle's is `/cycle`).
    pub fn pointer(&self, item: ItemRef) -> String {
        let array = match item {
            ItemRef::Cycle => return "/cycle".to_string(),
            ItemRef::Unit(_) => "units",
            ItemRef::Theme(_) => "themes",
            ItemRef::Objective(_) => "objectives",
            ItemRef::KeyResult(_) => "key_results",
            ItemRef::Contribution(_) => "contributions",
            ItemRef::Mandate(_) => "mandates",
            ItemRef::Initiative(_) => "initiatives",
            ItemRef::SprintGoal(_) => "sprint_goals",
            ItemRef::CheckIn(_) => "check_ins",
        };
        format!("/{array}/{}", item.index())
    }

    /// The JSON pointer of the item a diagnostic's `subject` names: `""`
    /// (the whole document) for an empty subject or an id no item has.
    pub fn pointer_of(&self, subject: &str) -> String {
        if subject.is_empty() {
            return String::new();
        }
        self.lookup(subject)
            .map(|item| self.pointer(item))
            .unwrap_or_default()
    }
}

/// Where the value a JSON pointer names starts in a JSON text (its first
/// character: `{`, `[`, `"` or a digit), or `None` when the text is not
/// well-formed along the way or has no such value. `""` names the whole
/// text. With duplicate keys, the first wins.
pub fn position_in_json(text: &str, pointer: &str) -> Option<Position> {
    let offset = offset_in_json(text, pointer)?;
    let before = text.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before.get(line_start..)?.chars().count() + 1;
    Some(Position { line, column })
}

/// The pointer's reference tokens, unescaped (`~1` is `/`, `~0` is `~`).
fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// The byte offset where the named value starts.
fn offset_in_json(text: &str, pointer: &str) -> Option<usize> {
    let mut s = Scan {
        b: text.as_bytes(),
        i: 0,
    };
    s.blank();
    for token in tokens(pointer)? {
        match s.peek()? {
            b'{' => {
                s.i += 1;
                loop {
                    s.blank();
                    if s.peek()? == b'}' {
                        return None;
                    }
                    let key = s.key(text)?;
                    s.blank();
                    s.expect(b':')?;
                    s.blank();
                    if key == token {
                        break;
                    }
                    s.skip_value()?;
                    s.blank();
                    s.expect(b',')?;
                }
            }
            b'[' => {
                let n: usize = token.parse().ok()?;
                s.i += 1;
                s.blank();
                for _ in 0..n {
                    s.skip_value()?;
                    s.blank();
                    s.expect(b',')?;
                    s.blank();
                }
                if s.peek()? == b']' {
                    return None;
                }
            }
            _ => return None,
        }
    }
    s.peek().map(|_| s.i)
}

/// A cursor over JSON bytes; every step checks its bounds.
struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    /// Past a string starting at the cursor (the opening quote).
    fn skip_string(&mut self) -> Option<()> {
        self.expect(b'"')?;
        loop {
            match self.peek()? {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return Some(());
                }
                _ => self.i += 1,
            }
        }
    }

    /// An object key, decoded (escapes and all).
    fn key(&mut self, text: &str) -> Option<String> {
        let start = self.i;
        self.skip_string()?;
        let raw = text.get(start..self.i)?;
        serde_json::from_str(raw).ok()
    }

    /// Past any value starting at the cursor.
    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.skip_string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.checked_sub(1)?;
                            if depth == 0 {
                                self.i += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => {
                let start = self.i;
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.i += 1;
                }
                (self.i > start).then_some(())
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const TEXT: &str = "{\n  \"okr\": \"1\",\n  \"a\\/b\": [1, {\"x\": \"]}\"}, [2]],\n  \"units\": [\n    {\"id\": \"é\"},\n    {\"id\": \"b\"}\n  ]\n}";

    fn at(pointer: &str) -> Option<(usize, usize)> {
        position_in_json(TEXT, pointer).map(|p| (p.line, p.column))
    }

    #[test]
    fn pointers_find_their_values() {
        assert_eq!(at(""), Some((1, 1)));
        assert_eq!(at("/okr"), Some((2, 10)));
        assert_eq!(at("/a~1b/1"), Some((3, 15)));
        assert_eq!(at("/a~1b/2/0"), Some((3, 29)));
        assert_eq!(at("/units"), Some((4, 12)));
        assert_eq!(at("/units/0"), Some((5, 5)));
        assert_eq!(at("/units/1"), Some((6, 5)));
        assert_eq!(at("/units/1/id"), Some((6, 12)));
    }

    #[test]
    fn missing_values_and_bad_text_have_no_position() {
        assert_eq!(at("/units/2"), None);
        assert_eq!(at("/nope"), None);
        assert_eq!(at("/okr/0"), None);
        assert_eq!(at("units"), None);
        assert_eq!(position_in_json("{\"a\": [1, 2", "/a/5"), None);
        assert_eq!(position_in_json("", ""), None);
        assert_eq!(position_in_json("{\"a\": \"\\", "/b"), None);
    }

    #[test]
    fn every_item_of_an_example_is_found() {
        let text = include_str!("../../examples/acme.json");
        let c = Cascade::from_json(text).unwrap();
        for (i, kr) in c.document().key_results.iter().enumerate() {
            let item = c.lookup(&kr.id).unwrap();
            assert_eq!(c.pointer(item), format!("/key_results/{i}"));
            let p = position_in_json(text, &c.pointer(item)).unwrap();
            let line = text.lines().nth(p.line - 1).unwrap();
            assert!(line.chars().nth(p.column - 1) == Some('{'), "{line}");
            let id_at = position_in_json(text, &format!("{}/id", c.pointer(item))).unwrap();
            assert!(text.lines().nth(id_at.line - 1).unwrap().contains(&kr.id));
        }
        assert_eq!(c.pointer_of(""), "");
        assert_eq!(c.pointer_of("no such id"), "");
    }
}
