//! How wide text is in the diagram's font (Helvetica), so the own layout can size boxes
//! without asking Graphviz.

/// Advance widths of Helvetica for ASCII 32..=126, in 1/1000 em (from its AFM file).
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0..?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @..O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P.._
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // `..o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p..~
];

/// Width of one character in 1/1000 em: the table for ASCII, a full em for East Asian wide
/// characters, and a generous average for everything else.
fn char_width(c: char) -> u32 {
    let code = c as u32;
    match code {
        32..=126 => u32::from(HELVETICA[(code - 32) as usize]),
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD => 1000,
        _ => 640,
    }
}

/// Width of `text` in points at `size` points.
pub fn text_width(text: &str, size: f64) -> f64 {
    let units: u32 = text.chars().map(char_width).sum();
    f64::from(units) * size / 1000.0
}

#[cfg(test)]
mod tests {
    use super::text_width;

    #[test]
    fn widths_follow_the_font() {
        // "Ada" = 667 + 556 + 556 thousandths of an em.
        assert!((text_width("Ada", 10.0) - 17.79).abs() < 1e-9);
        assert!(text_width("WWWW", 10.0) > text_width("iiii", 10.0) * 3.0);
        assert_eq!(text_width("", 10.0), 0.0);
        assert_eq!(text_width("部長", 10.0), 20.0);
    }
}
