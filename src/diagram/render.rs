//! Output formats, and running Graphviz's `dot` for the drawn ones. The DOT goes in on
//! standard input and the picture comes back on standard output, into memory: the caller
//! writes the file whole or not at all.

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// What `orglint diagram` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Graphviz DOT text (needs no Graphviz)
    Dot,
    /// SVG (through Graphviz `dot`)
    Svg,
    /// PNG (through Graphviz `dot`)
    Png,
    /// PDF (through Graphviz `dot`)
    Pdf,
}

impl OutputFormat {
    /// The format an output file name implies (`.dot`/`.gv`, `.svg`, `.png`, `.pdf`).
    pub fn from_path(path: &str) -> Option<OutputFormat> {
        let extension = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "dot" | "gv" => Some(OutputFormat::Dot),
            "svg" => Some(OutputFormat::Svg),
            "png" => Some(OutputFormat::Png),
            "pdf" => Some(OutputFormat::Pdf),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Dot => "dot",
            OutputFormat::Svg => "svg",
            OutputFormat::Png => "png",
            OutputFormat::Pdf => "pdf",
        }
    }
}

/// Why `dot` gave no picture.
#[derive(Debug)]
pub enum RenderError {
    /// No `dot` on `PATH`.
    DotMissing(OutputFormat),
    /// `dot` ran and failed; its message.
    DotFailed(String),
    Io(std::io::Error),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::DotMissing(format) => write!(
                f,
                "{} output needs Graphviz's `dot`, which is not on PATH. Install Graphviz \
                 (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`, \
                 others: https://graphviz.org/download/), or write DOT instead (`-o chart.dot` \
                 or `-o -`)",
                format.as_str().to_uppercase()
            ),
            RenderError::DotFailed(message) => write!(f, "Graphviz `dot` failed: {message}"),
            RenderError::Io(e) => write!(f, "cannot run Graphviz `dot`: {e}"),
        }
    }
}

impl std::error::Error for RenderError {}

/// A rendered picture, with what `dot` said on the way (warnings).
#[derive(Debug)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub warnings: String,
}

/// Turns DOT text into `format`: as is for DOT, through `dot -T<format>` otherwise.
pub fn render(dot_text: &str, format: OutputFormat) -> Result<Rendered, RenderError> {
    if format == OutputFormat::Dot {
        return Ok(Rendered {
            bytes: dot_text.as_bytes().to_vec(),
            warnings: String::new(),
        });
    }
    let mut child = Command::new("dot")
        .arg(format!("-T{}", format.as_str()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => RenderError::DotMissing(format),
            _ => RenderError::Io(e),
        })?;
    let Some(mut stdin) = child.stdin.take() else {
        return Err(RenderError::Io(std::io::Error::other("no pipe to dot")));
    };
    // Feed the input from a second thread while this one drains the outputs, so neither side
    // blocks on a full pipe. A failed write shows up as dot failing, reported below.
    let output = std::thread::scope(|scope| {
        scope.spawn(move || {
            let _ = stdin.write_all(dot_text.as_bytes());
        });
        child.wait_with_output()
    })
    .map_err(RenderError::Io)?;
    let warnings = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    if !output.status.success() || output.stdout.is_empty() {
        let message = if warnings.is_empty() {
            format!("{} and wrote nothing", output.status)
        } else {
            crate::text::truncate(&warnings, 2000).into_owned()
        };
        return Err(RenderError::DotFailed(message));
    }
    let bytes = match (format, std::str::from_utf8(&output.stdout)) {
        (OutputFormat::Svg, Ok(svg)) => match crate::text::xml_safe(svg) {
            std::borrow::Cow::Owned(safe) => safe.into_bytes(),
            std::borrow::Cow::Borrowed(_) => output.stdout,
        },
        _ => output.stdout,
    };
    Ok(Rendered { bytes, warnings })
}
