//! Where a byte of the JSON text is, as the YAML parser counts lines and columns: the
//! reader's [`Cursor`], and the counting of line breaks and characters it does, eight bytes
//! at a time where it can.

/// Where a byte of the text is, as the YAML parser counts: lines 1-based, broken by `\n`,
/// `\r\n` or a lone `\r`; columns 1-based, in characters. Moves forward from the last
/// position asked for, so a document read front to back is counted once.
#[derive(Clone, Copy, Debug)]
pub(super) struct Cursor {
    pub pos: usize,
    pub line: usize,
    pub column: usize,
}

impl Cursor {
    pub const START: Cursor = Cursor {
        pos: 0,
        line: 1,
        column: 1,
    };

    pub fn locate(&mut self, bytes: &[u8], at: usize) -> (usize, usize) {
        if at < self.pos {
            *self = Cursor::START;
        }
        self.pass(&bytes[self.pos..at]);
        (self.line, self.column)
    }

    /// Moves past `gap`, the bytes from the cursor on (never ending between `\r` and `\n`:
    /// it ends where a value starts).
    pub fn pass(&mut self, gap: &[u8]) {
        self.pos += gap.len();
        if ascii_on_one_line(gap) {
            self.column += gap.len();
            return;
        }
        let last_break = memchr::memrchr2(b'\n', b'\r', gap);
        match last_break {
            None => self.column += chars(gap),
            Some(last) => {
                self.line += line_breaks(gap);
                self.column = 1 + chars(&gap[last + 1..]);
            }
        }
    }
}

/// Eight bytes in one word, to test them at once.
pub(super) const ONES: u64 = 0x0101_0101_0101_0101;
pub(super) const HIGH_BITS: u64 = ONES * 0x80;

/// Whether `bytes` are ASCII from space on (no line break: most stretches between two
/// values), tested eight at a time; `false` may also be said of some that are.
pub(super) fn ascii_on_one_line(bytes: &[u8]) -> bool {
    let (words, rest) = bytes.as_chunks::<8>();
    let flags = words.iter().fold(0, |flags, word| {
        let w = u64::from_le_bytes(*word);
        // High bits: a byte that is no ASCII, or (borrowed into) one below a space.
        flags | w | (w.wrapping_sub(ONES * 0x20) & !w)
    });
    flags & HIGH_BITS == 0 && rest.iter().all(|&b| (0x20..0x80).contains(&b))
}

/// The line breaks in `bytes`, `\r\n` counted once.
fn line_breaks(bytes: &[u8]) -> usize {
    let feeds = memchr::memchr_iter(b'\n', bytes).count();
    let lone_returns = memchr::memchr_iter(b'\r', bytes)
        .filter(|&r| bytes.get(r + 1) != Some(&b'\n'))
        .count();
    feeds + lone_returns
}

/// The characters in UTF-8 `bytes`: the bytes that start one.
pub(super) fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}
