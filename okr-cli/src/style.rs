//! Terminal colours: on only when the stream is a terminal and `NO_COLOR`
//! is unset or empty (<https://no-color.org>).

use std::io::IsTerminal;

use okr_core::{Severity, Status};

/// Whether to colour, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    on: bool,
}

const RESET: &str = "\x1b[0m";

impl Style {
    /// Colours for a stream that may or may not be a terminal.
    pub fn for_stream(is_terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            on: is_terminal && !no_color,
        }
    }

    /// Colours for standard output.
    pub fn stdout() -> Style {
        Style::for_stream(std::io::stdout().is_terminal())
    }

    /// Colours for standard error.
    pub fn stderr() -> Style {
        Style::for_stream(std::io::stderr().is_terminal())
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    /// Bold.
    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    /// Dimmed (secondary information).
    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    /// The gutter of notes (`=`).
    pub fn gutter(self, text: &str) -> String {
        self.paint("1;34", text)
    }

    /// A severity's colour.
    pub fn severity(self, severity: Severity, text: &str) -> String {
        match severity {
            Severity::Error => self.paint("1;31", text),
            Severity::Warning => self.paint("1;33", text),
            Severity::Info => self.paint("1;36", text),
            Severity::Alert => self.paint("1;35", text),
        }
    }

    /// A pace status's colour.
    pub fn status(self, status: Status, text: &str) -> String {
        match status {
            Status::Done | Status::OnTrack => self.paint("32", text),
            Status::AtRisk => self.paint("33", text),
            Status::OffTrack => self.paint("31", text),
            // Off the board: dimmed, neither good nor bad news.
            Status::Dropped => self.paint("2", text),
        }
    }
}
