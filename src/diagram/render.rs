//! Output formats, and running Graphviz for the drawn ones: `neato -n2` when orglint placed
//! the boxes (Graphviz only draws), `dot` for `--layout dot`. The DOT goes in on standard
//! input and the picture comes back on standard output, into memory: the caller writes the
//! file whole or not at all. Graphviz gets a time limit and is killed when it runs over.

use super::LayoutEngine;
use crate::choice::Choice;
use std::fmt;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What `orglint diagram` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// Graphviz DOT text (needs no Graphviz)
    Dot,
    /// SVG (through Graphviz)
    Svg,
    /// PNG (through Graphviz)
    Png,
    /// PDF (through Graphviz)
    Pdf,
    /// Interactive HTML page: pan, zoom, collapse, search, findings (needs no Graphviz)
    Html,
}

crate::choice::choice!(OutputFormat {
    Dot => "dot",
    Svg => "svg",
    Png => "png",
    Pdf => "pdf",
    Html => "html",
});

impl OutputFormat {
    /// The format an output file name implies: the extension is the format's name, or `.gv`
    /// (DOT) or `.htm` (HTML).
    pub fn from_path(path: &str) -> Option<OutputFormat> {
        let extension = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
        OutputFormat::parse(&extension).or(match extension.as_str() {
            "gv" => Some(OutputFormat::Dot),
            "htm" => Some(OutputFormat::Html),
            _ => None,
        })
    }
}

/// Why Graphviz gave no picture.
#[derive(Debug)]
pub enum RenderError {
    /// No `dot` (or `neato`) on `PATH`.
    DotMissing(OutputFormat),
    /// Graphviz ran and failed; its message.
    DotFailed(String),
    /// Graphviz ran longer than the time limit and was stopped.
    TimedOut {
        program: &'static str,
        limit: Duration,
    },
    Io(std::io::Error),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::DotMissing(format) => write!(
                f,
                "{} output needs Graphviz (`neato`, and `dot` for --layout dot), which is not \
                 on PATH. Install Graphviz \
                 (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`, \
                 others: https://graphviz.org/download/), or write DOT instead (`-o chart.dot` \
                 or `-o -`)",
                format.name().to_uppercase()
            ),
            RenderError::DotFailed(message) => write!(f, "Graphviz failed: {message}"),
            RenderError::TimedOut { program, limit } => write!(
                f,
                "Graphviz `{program}` did not finish within {} s and was stopped: draw part of \
                 the chart (--root, --depth, --collapse), use the default --layout tidy, or \
                 allow more time with --timeout",
                limit.as_secs()
            ),
            RenderError::Io(e) => write!(f, "cannot run Graphviz: {e}"),
        }
    }
}

impl std::error::Error for RenderError {}

/// A folder of Graphviz plugins holding only its core renderers (SVG among them) and the
/// neato layout, for drawing the own layout as SVG. Graphviz then measures label text with
/// its built-in font metrics rather than pango: the own layout's boxes are `fixedsize`, sized
/// by orglint, so the measuring changes nothing but took 40% of `neato -n2`'s time (and half
/// its memory) at 100,000 boxes. `None` when the installed plugins are not found where
/// `dot -v` says: Graphviz then runs as installed.
pub fn core_plugins() -> Option<tempfile::TempDir> {
    let mut probe = Command::new("dot");
    probe.arg("-v");
    let said = run_briefly(&mut probe)?;
    let libdir = said
        .lines()
        .find_map(|line| line.trim().strip_prefix("libdir = "))?
        .trim_matches('"')
        .to_owned();
    let folder = tempfile::Builder::new()
        .prefix("orglint-graphviz-")
        .tempdir()
        .ok()?;
    let mut linked = 0;
    for entry in std::fs::read_dir(&libdir).ok()?.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("libgvplugin_core.") || name.starts_with("libgvplugin_neato_layout.") {
            link(&entry.path(), &folder.path().join(&*name)).ok()?;
            linked += 1;
        }
    }
    if linked == 0 {
        return None;
    }
    // `dot -c` writes the plugin configuration of the folder GVBINDIR names.
    let mut configure = Command::new("dot");
    configure.arg("-c").env("GVBINDIR", folder.path());
    run_briefly(&mut configure)?;
    let config_written = std::fs::read_dir(folder.path())
        .ok()?
        .flatten()
        .any(|e| e.file_name().to_string_lossy().starts_with("config"));
    config_written.then_some(folder)
}

/// Runs a quick Graphviz command (`dot -v`, `dot -c`) and returns what it said on standard
/// error, or `None` when it fails or is still running after 5 s (then it is stopped): a
/// broken Graphviz must not hang a drawing that has its own `--timeout`.
fn run_briefly(command: &mut Command) -> Option<String> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let mut stderr = child.stderr.take()?;
    // Read on a thread, so a chatty command cannot block on a full pipe.
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let status = wait_within(&mut child, Instant::now(), Duration::from_secs(5))
        .ok()
        .flatten();
    let said = reader.join().ok()?;
    status.filter(|s| s.success()).map(|_| said)
}

#[cfg(unix)]
fn link(original: &Path, at: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(original, at)
}

#[cfg(not(unix))]
fn link(original: &Path, at: &Path) -> std::io::Result<()> {
    std::fs::copy(original, at).map(|_| ())
}

/// Waits for `child` until `limit` has passed since `started`; then stops it and returns
/// `None`. Every Graphviz run goes through here, so none can outlive its time.
fn wait_within(
    child: &mut std::process::Child,
    started: Instant,
    limit: Duration,
) -> std::io::Result<Option<std::process::ExitStatus>> {
    loop {
        match child.try_wait()? {
            Some(status) => return Ok(Some(status)),
            None if started.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Ok(None);
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// A rendered picture, with what `dot` said on the way (warnings).
#[derive(Debug)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub warnings: String,
}

/// Turns DOT text into `format`: as is for DOT, through Graphviz otherwise (`neato -n2` for
/// the own layout, `dot` for `--layout dot`), stopped after `limit`. (HTML is not drawn from
/// DOT: see [`super::html::page`].)
pub fn render(
    dot_text: &str,
    format: OutputFormat,
    engine: LayoutEngine,
    limit: Duration,
) -> Result<Rendered, RenderError> {
    if format == OutputFormat::Html {
        return Err(RenderError::DotFailed(
            "HTML is not drawn from DOT: use orglint::diagram::html::page".to_owned(),
        ));
    }
    if format == OutputFormat::Dot {
        return Ok(Rendered {
            bytes: dot_text.as_bytes().to_vec(),
            warnings: String::new(),
        });
    }
    let (program, engine_args): (&'static str, &[&str]) = match engine {
        LayoutEngine::Tidy => ("neato", &["-n2"]),
        LayoutEngine::Dot => ("dot", &[]),
    };
    let mut command = Command::new(program);
    // Kept until Graphviz is done: the folder it reads its plugins from.
    let plugins = (format == OutputFormat::Svg && engine == LayoutEngine::Tidy)
        .then(core_plugins)
        .flatten();
    if let Some(folder) = &plugins {
        command.env("GVBINDIR", folder.path());
    }
    let mut child = command
        .args(engine_args)
        .arg(format!("-T{}", format.name()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => RenderError::DotMissing(format),
            _ => RenderError::Io(e),
        })?;
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err(RenderError::Io(std::io::Error::other(
            "no pipe to Graphviz",
        )));
    };
    let started = Instant::now();
    // Feed the input and drain both outputs from threads while this one watches the clock,
    // so neither side blocks on a full pipe. A failed write shows up as Graphviz failing.
    let (status, out, err) = std::thread::scope(|scope| {
        scope.spawn(move || {
            let _ = stdin.write_all(dot_text.as_bytes());
        });
        let out = scope.spawn(move || {
            let mut bytes = Vec::new();
            stdout.read_to_end(&mut bytes).map(|_| bytes)
        });
        let err = scope.spawn(move || {
            let mut bytes = Vec::new();
            let _ = stderr.read_to_end(&mut bytes);
            bytes
        });
        let status = match wait_within(&mut child, started, limit) {
            Ok(Some(status)) => Ok(status),
            Ok(None) => Err(RenderError::TimedOut { program, limit }),
            Err(e) => Err(RenderError::Io(e)),
        };
        let out = out.join().unwrap_or_else(|_| Ok(Vec::new()));
        let err = err.join().unwrap_or_default();
        (status, out, err)
    });
    let status = status?;
    let stdout = out.map_err(RenderError::Io)?;
    let warnings = String::from_utf8_lossy(&err).trim().to_owned();
    if !status.success() || stdout.is_empty() {
        let message = if warnings.is_empty() {
            format!("`{program}` {status} and wrote nothing")
        } else {
            crate::text::truncate(&warnings, 2000).into_owned()
        };
        return Err(RenderError::DotFailed(message));
    }
    // Graphviz copies a name's U+FFFE or C0 control into the SVG as it is, which XML forbids.
    let bytes = match (format, std::str::from_utf8(&stdout)) {
        (OutputFormat::Svg, Ok(svg)) => match crate::escape::xml_safe(svg) {
            std::borrow::Cow::Owned(safe) => safe.into_bytes(),
            std::borrow::Cow::Borrowed(_) => stdout,
        },
        _ => stdout,
    };
    Ok(Rendered { bytes, warnings })
}
