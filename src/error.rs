//! Errors that make input unusable (exit code 2). Each names the file and, where known, the
//! line and column, and says what was expected.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub file: String,
    /// 1-based; 0 when the problem is with the file as a whole.
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// The source line the error is on, when the reader had the text (for the excerpt).
    pub excerpt: Option<String>,
}

impl InputError {
    pub fn new(
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        InputError {
            file: file.into(),
            line,
            column,
            message: message.into(),
            excerpt: None,
        }
    }

    /// Keeps the error's line of `text` for the excerpt under the message (not for a huge
    /// line: the excerpt shows 160 characters at most anyway).
    pub fn with_excerpt(mut self, text: &str) -> Self {
        if self.line > 0 {
            self.excerpt = text
                .lines()
                .nth(self.line as usize - 1)
                .map(|line| crate::text::truncate(line, 400).into_owned());
        }
        self
    }

    /// An error about a whole file (unreadable, wrong format...).
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        InputError::new(file, 0, 0, message)
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::escape::escape_control(&self.file);
        let message = crate::escape::escape_control(&self.message);
        match (self.line, self.column) {
            (0, _) => write!(f, "{file}: {message}"),
            (line, 0) => write!(f, "{file}:{line}: {message}"),
            (line, column) => write!(f, "{file}:{line}:{column}: {message}"),
        }
    }
}

impl std::error::Error for InputError {}
