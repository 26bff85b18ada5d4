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
/// `dot -v` says, or Graphviz does not answer by `deadline`: Graphviz then runs as installed.
pub fn core_plugins(deadline: Instant) -> Option<PluginFolder> {
    let mut probe = Command::new("dot");
    probe.arg("-v");
    let said = run_briefly(&mut probe, deadline)?;
    let libdir = said
        .lines()
        .find_map(|line| line.trim().strip_prefix("libdir = "))?
        .trim_matches('"')
        .to_owned();
    let folder = PluginFolder::new()?;
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
    run_briefly(&mut configure, deadline)?;
    let config_written = std::fs::read_dir(folder.path())
        .ok()?
        .flatten()
        .any(|e| e.file_name().to_string_lossy().starts_with("config"));
    config_written.then_some(folder)
}

/// A temporary folder of plugin links, removed when dropped and also when the process is
/// interrupted (SIGTERM during a long drawing must not leave `orglint-graphviz-*` behind).
pub struct PluginFolder {
    // Declared first, so dropped first: the folder leaves the signal list, then goes.
    _on_signal: crate::output::RemovedOnSignal,
    dir: tempfile::TempDir,
}

impl PluginFolder {
    fn new() -> Option<PluginFolder> {
        let dir = tempfile::Builder::new()
            .prefix("orglint-graphviz-")
            .tempdir()
            .ok()?;
        Some(PluginFolder {
            _on_signal: crate::output::remove_on_signal(dir.path()),
            dir,
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Runs a quick Graphviz command (`dot -v`, `dot -c`) and returns what it said on standard
/// error, or `None` when it fails or is still running after 5 s or at `deadline` (then it is
/// stopped): a broken Graphviz must not hang a drawing, nor take it past its `--timeout`.
fn run_briefly(command: &mut Command, deadline: Instant) -> Option<String> {
    let deadline = deadline.min(Instant::now() + Duration::from_secs(5));
    let finished = run_until(command, Vec::new(), deadline).ok()?;
    let said = String::from_utf8_lossy(&finished.stderr).into_owned();
    finished.status.success().then_some(said)
}

#[cfg(unix)]
fn link(original: &Path, at: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(original, at)
}

#[cfg(not(unix))]
fn link(original: &Path, at: &Path) -> std::io::Result<()> {
    std::fs::copy(original, at).map(|_| ())
}

/// A Graphviz run that finished in time.
struct Finished {
    status: std::process::ExitStatus,
    stdout: std::io::Result<Vec<u8>>,
    stderr: Vec<u8>,
}

/// Why a Graphviz run gave no [`Finished`].
enum Unfinished {
    /// `deadline` passed: it was stopped, with every process it started.
    TimedOut,
    Spawn(std::io::Error),
    Wait(std::io::Error),
}

/// Runs `command` with `input` on its standard input until `deadline`. Every Graphviz run
/// goes through here, so none can outlive its time: it runs in a process group of its own,
/// killed whole at the deadline, and its output is read on threads that are not waited for
/// past it. A wrapper script whose child lingers holding the pipes open (or ignores the
/// kill of its parent) cannot hang orglint.
fn run_until(
    command: &mut Command,
    input: Vec<u8>,
    deadline: Instant,
) -> Result<Finished, Unfinished> {
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(command, 0);
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let (mut child, _stopped_with_orglint) =
        crate::output::spawn_stopped_on_signal(command).map_err(Unfinished::Spawn)?;
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        stop(&mut child);
        return Err(Unfinished::Spawn(std::io::Error::other(
            "no pipe to Graphviz",
        )));
    };
    // Fed and drained on threads while this one watches the clock, so neither side blocks on
    // a full pipe. A failed write shows up as Graphviz failing.
    std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let (sender, outputs) = std::sync::mpsc::channel();
    let to_stderr = sender.clone();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = sender.send(Output::Out(stdout.read_to_end(&mut bytes).map(|_| bytes)));
    });
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stderr.read_to_end(&mut bytes);
        let _ = to_stderr.send(Output::Err(bytes));
    });
    let status = wait_until(&mut child, deadline).map_err(Unfinished::Wait)?;
    let Some(status) = status else {
        return Err(Unfinished::TimedOut);
    };
    let (mut out, mut err) = (None, None);
    while out.is_none() || err.is_none() {
        let left = deadline.saturating_duration_since(Instant::now());
        match outputs.recv_timeout(left) {
            Ok(Output::Out(bytes)) => out = Some(bytes),
            Ok(Output::Err(bytes)) => err = Some(bytes),
            Err(_) => {
                // Something it started still holds the pipes open.
                stop(&mut child);
                return Err(Unfinished::TimedOut);
            }
        }
    }
    Ok(Finished {
        status,
        stdout: out.unwrap_or_else(|| Ok(Vec::new())),
        stderr: err.unwrap_or_default(),
    })
}

/// What a reading thread got from Graphviz.
enum Output {
    Out(std::io::Result<Vec<u8>>),
    Err(Vec<u8>),
}

/// Waits for `child` until `deadline`; then stops it and returns `None`.
fn wait_until(
    child: &mut std::process::Child,
    deadline: Instant,
) -> std::io::Result<Option<std::process::ExitStatus>> {
    loop {
        match child.try_wait()? {
            Some(status) => return Ok(Some(status)),
            None if Instant::now() >= deadline => {
                stop(child);
                return Ok(None);
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// Kills `child` and every process in its group (what a wrapper script started), and reaps
/// it.
fn stop(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Ok(group) = i32::try_from(child.id()) {
        // SAFETY: signals the process group the child leads (made by `process_group(0)`).
        unsafe { libc::kill(-group, libc::SIGKILL) };
    }
    let _ = child.kill();
    let _ = child.wait();
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
    let deadline = Instant::now() + limit;
    let mut command = Command::new(program);
    // Kept until Graphviz is done: the folder it reads its plugins from.
    let plugins = (format == OutputFormat::Svg && engine == LayoutEngine::Tidy)
        .then(|| core_plugins(deadline))
        .flatten();
    if let Some(folder) = &plugins {
        command.env("GVBINDIR", folder.path());
    }
    command
        .args(engine_args)
        .arg(format!("-T{}", format.name()));
    let finished = run_until(&mut command, dot_text.as_bytes().to_vec(), deadline);
    let Finished {
        status,
        stdout: out,
        stderr: err,
    } = finished.map_err(|unfinished| match unfinished {
        Unfinished::TimedOut => RenderError::TimedOut { program, limit },
        Unfinished::Spawn(e) if e.kind() == std::io::ErrorKind::NotFound => {
            RenderError::DotMissing(format)
        }
        Unfinished::Spawn(e) | Unfinished::Wait(e) => RenderError::Io(e),
    })?;
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
