//! The one place that writes output files (reports, baselines, diagrams, `init` files).
//!
//! - A regular file is written all or none: into a temporary file created exclusively
//!   (`O_EXCL`, so a symlink planted at its name is never followed) under an unpredictable
//!   name in the target's directory, flushed to disk, then renamed over the target.
//! - A device, FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe) is written through,
//!   never replaced; a symlink is followed to what it names, which is then written as above.
//! - Temporary files are removed when the process is interrupted (SIGINT, SIGTERM, SIGHUP:
//!   [`remove_temporaries_on_signals`]), on error, and when an [`Outputs`] is dropped unwritten.
//! - [`check_targets`] refuses, before anything is written, an output that is one of the
//!   inputs, two outputs that are one file, and a directory.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// Why an output could not be written (exit 2).
#[derive(Debug)]
pub struct OutputError {
    /// The path as the user gave it.
    pub path: PathBuf,
    pub reason: String,
}

impl OutputError {
    fn new(path: &Path, reason: impl std::fmt::Display) -> OutputError {
        OutputError {
            path: path.to_owned(),
            reason: reason.to_string(),
        }
    }
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for OutputError {}

/// Most symlinks followed to find what a path names (as the kernel's `ELOOP` limit).
const MAX_SYMLINKS: usize = 40;

/// How an output path is written.
enum Target {
    /// One of this process's own open descriptors (`/dev/stdout`, `/dev/fd/2`,
    /// `/proc/self/fd/1`): written through a duplicate of it, so that it keeps its offset and
    /// append mode. Opened anew, `-o /dev/stdout >> log` would write from offset 0 over `log`.
    Descriptor(i32),
    /// Opened as it is: a device, FIFO or socket, or another process's descriptor, so that it
    /// reaches whatever it is.
    Through(PathBuf),
    /// Replaced all at once by a temporary file renamed over it: the regular file (existing
    /// or not) that the path names once symlinks are followed.
    File(PathBuf),
}

fn target(path: &Path) -> io::Result<Target> {
    let end = follow_links(path)?;
    if let Some(fd) = end.own_descriptor {
        return match fd {
            0 => Err(io::Error::other(
                "it is standard input, which is read, never written",
            )),
            fd => Ok(Target::Descriptor(fd)),
        };
    }
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(io::Error::other("it is a directory")),
        Ok(meta) if meta.is_file() && !end.through_descriptor => {
            Ok(Target::File(std::fs::canonicalize(path)?))
        }
        Ok(_) => Ok(Target::Through(path.to_owned())),
        Err(_) => Ok(Target::File(end.path)),
    }
}

/// Where a chain of symlinks ends.
struct LinkEnd {
    path: PathBuf,
    /// The chain passes through an open file descriptor's name (`/proc/…/fd/N`, `/dev/fd/N`):
    /// what it names is written through even when it is a regular file, since replacing it
    /// would lose what else is written to it.
    through_descriptor: bool,
    /// The descriptor is this process's own (`/dev/stdout` → `/proc/self/fd/1`).
    own_descriptor: Option<i32>,
}

/// Follows the chain of symlinks from `path`, refusing a link the kernel's
/// `protected_symlinks` would refuse ([`may_follow`]): the kernel guards only the links it
/// follows itself, and these are followed by hand.
fn follow_links(path: &Path) -> io::Result<LinkEnd> {
    let mut end = LinkEnd {
        path: path.to_owned(),
        through_descriptor: false,
        own_descriptor: None,
    };
    for _ in 0..MAX_SYMLINKS {
        if let Some(name) = descriptor_name(&end.path) {
            end.through_descriptor = true;
            if let Some(own) = name.own() {
                end.own_descriptor = Some(own);
                return Ok(end);
            }
        }
        match std::fs::symlink_metadata(&end.path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                may_follow(&end.path, &meta)?;
                let link = std::fs::read_link(&end.path)?;
                end.path = match end.path.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(end),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// A path that names an open file descriptor: `/dev/fd/N`, `/proc/self/fd/N`,
/// `/proc/PID/fd/N` (or `/proc/…` otherwise, with no number known).
struct DescriptorName {
    /// `Some(pid)` for `/proc/PID/fd`, `None` for `self` and `/dev/fd`.
    pid: Option<u32>,
    fd: Option<i32>,
}

impl DescriptorName {
    /// The descriptor number when it is one of this process's own.
    fn own(self) -> Option<i32> {
        let ours = self.pid.is_none_or(|pid| pid == std::process::id());
        self.fd.filter(|_| ours)
    }
}

fn descriptor_name(path: &Path) -> Option<DescriptorName> {
    let text = path.to_str()?;
    let number = |s: &str| s.parse::<i32>().ok().filter(|fd| *fd >= 0);
    if let Some(fd) = text.strip_prefix("/dev/fd/") {
        return Some(DescriptorName {
            pid: None,
            fd: number(fd),
        });
    }
    let rest = text.strip_prefix("/proc/")?;
    let (process, fd) = match rest.split_once("/fd/") {
        Some((process, fd)) => (process, number(fd)),
        None => (rest, None),
    };
    let pid = match process {
        "self" | "thread-self" => None,
        pid => Some(pid.parse::<u32>().ok()?),
    };
    Some(DescriptorName { pid, fd })
}

/// Refuses to follow a symlink in a world-writable sticky folder (`/tmp`) that belongs to
/// another user, unless the folder's owner owns it too: the kernel's `protected_symlinks`
/// rule, which stops a user from planting `/tmp/report.json -> /etc/passwd` for root to
/// replace, or a dangling link that makes root create a file where only root may.
#[cfg(unix)]
fn may_follow(link: &Path, meta: &std::fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let folder = std::fs::metadata(parent_dir(link))?;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if protected_symlink_refuses(folder.mode(), folder.uid(), meta.uid(), me) {
        return Err(io::Error::other(format!(
            "it is a symlink owned by another user (uid {}) in a world-writable sticky \
             folder; it is not followed, as the kernel's protected_symlinks would not",
            meta.uid()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn may_follow(_link: &Path, _meta: &std::fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// The kernel's `protected_symlinks` rule: a link in a sticky, world-writable folder is
/// followed only by its owner, or when the folder's owner owns it.
fn protected_symlink_refuses(folder_mode: u32, folder_uid: u32, link_uid: u32, me: u32) -> bool {
    let sticky_world_writable = folder_mode & 0o1002 == 0o1002;
    sticky_world_writable && link_uid != me && link_uid != folder_uid
}

/// A duplicate of this process's descriptor `fd`, sharing its offset and append mode.
#[cfg(unix)]
fn duplicate(fd: i32) -> io::Result<File> {
    use std::os::fd::FromRawFd;
    // SAFETY: F_DUPFD_CLOEXEC only reads `fd` (failing with EBADF when it is not open) and
    // returns a new descriptor that nothing else owns.
    let copy = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3) };
    if copy < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `copy` is a fresh open descriptor owned by the returned file alone.
    Ok(unsafe { File::from_raw_fd(copy) })
}

#[cfg(not(unix))]
fn duplicate(_fd: i32) -> io::Result<File> {
    Err(io::Error::other("descriptors are not written through here"))
}

/// Which file a path is, so that two spellings of one file compare equal: the device and
/// inode of an existing file, else the canonical directory and the name.
#[derive(Debug, PartialEq, Eq)]
enum Identity {
    Inode(u64, u64),
    Path(PathBuf),
}

fn identity(path: &Path) -> Option<Identity> {
    let target = follow_links(path).ok()?.path;
    if let Some((device, inode)) = file_key(path) {
        return Some(Identity::Inode(device, inode));
    }
    #[cfg(not(unix))]
    if path.exists() {
        return std::fs::canonicalize(&target).ok().map(Identity::Path);
    }
    let dir = std::fs::canonicalize(parent_dir(&target)).ok()?;
    Some(Identity::Path(dir.join(target.file_name()?)))
}

/// Which existing file `path` is, whatever its spelling (`./x`, a symlink, a hard link): its
/// device and inode. `None` when it cannot be read, or on a system without inodes.
pub fn file_key(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Which file an input is: `-` is standard input, whatever it was redirected from (so that
/// `check - --report json=org.yaml < org.yaml` cannot replace the chart it reads).
fn input_identity(path: &Path) -> Option<Identity> {
    match path.to_str() {
        // `/dev/stdin` names this process's descriptor 0, and what it was redirected from.
        Some("-") => file_key(Path::new("/dev/stdin")).map(|(d, i)| Identity::Inode(d, i)),
        _ => identity(path),
    }
}

/// The directory a file path is in (`.` for a bare name).
fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Refuses, before anything is written, an output that is a directory, an output that is
/// one of `inputs` (the chart being checked, its config, rulebook or baseline), and two
/// outputs that are one file (spelled alike or not: hard links and symlinks count).
pub fn check_targets<'p>(
    outputs: impl IntoIterator<Item = &'p Path>,
    inputs: impl IntoIterator<Item = &'p Path>,
) -> Result<(), OutputError> {
    let inputs: Vec<(&Path, Identity)> = inputs
        .into_iter()
        .filter_map(|p| input_identity(p).map(|id| (p, id)))
        .collect();
    let mut seen: Vec<(&Path, Identity)> = Vec::new();
    for output in outputs {
        if let Err(e) = target(output) {
            return Err(OutputError::new(output, e));
        }
        let Some(id) = identity(output) else {
            continue;
        };
        if let Some((input, _)) = inputs.iter().find(|(_, i)| *i == id) {
            let input = match input.to_str() {
                Some("-") => "standard input (-)".into(),
                _ => input.display().to_string(),
            };
            return Err(OutputError::new(
                output,
                format!("it is the input {input}; an output must not replace what is read"),
            ));
        }
        if let Some((other, _)) = seen.iter().find(|(_, s)| *s == id) {
            return Err(OutputError::new(
                output,
                format!(
                    "{} is already an output; give each output its own file",
                    other.display()
                ),
            ));
        }
        seen.push((output, id));
    }
    Ok(())
}

/// Temporary files not yet renamed into place, for removal on a signal. Staging and renaming
/// hold the lock, so a signal either finds a batch whole and removes it, or waits until it is
/// in place.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn forget_pending(list: &mut Vec<PathBuf>, path: &Path) {
    if let Some(at) = list.iter().position(|p| p == path) {
        list.swap_remove(at);
    }
}

/// Keeps a temporary path on the list of what a signal removes ([`remove_on_signal`]) until
/// it is dropped.
pub struct RemovedOnSignal {
    _pending: Pending,
}

/// Puts `path` (a temporary file or folder this process made) on the list of what SIGINT,
/// SIGTERM and SIGHUP remove, until the returned guard is dropped.
pub fn remove_on_signal(path: &Path) -> RemovedOnSignal {
    pending().push(path.to_owned());
    RemovedOnSignal {
        _pending: Pending(Some(path.to_owned())),
    }
}

/// Process groups of programs this process started (Graphviz), stopped with it on a signal:
/// they run in groups of their own, so a terminal's Ctrl-C no longer reaches them.
static CHILD_GROUPS: Mutex<Vec<i32>> = Mutex::new(Vec::new());

fn child_groups() -> MutexGuard<'static, Vec<i32>> {
    CHILD_GROUPS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Keeps a process group on the list of what a signal stops, until dropped.
pub struct StoppedOnSignal(i32);

/// Puts the process group `group` on the list of what SIGINT, SIGTERM and SIGHUP kill,
/// until the returned guard is dropped.
pub fn stop_on_signal(group: i32) -> StoppedOnSignal {
    child_groups().push(group);
    StoppedOnSignal(group)
}

/// Starts `command` and puts its process group (its pid: the caller makes it a group
/// leader) on the list of what SIGINT, SIGTERM and SIGHUP kill. The list stays locked while
/// the child starts, so a signal arriving meanwhile waits until the group is listed: no child
/// outlives orglint.
pub fn spawn_stopped_on_signal(
    command: &mut std::process::Command,
) -> std::io::Result<(std::process::Child, Option<StoppedOnSignal>)> {
    let mut groups = child_groups();
    let child = command.spawn()?;
    let group = i32::try_from(child.id()).ok();
    groups.extend(group);
    Ok((child, group.map(StoppedOnSignal)))
}

impl Drop for StoppedOnSignal {
    fn drop(&mut self) {
        let mut groups = child_groups();
        if let Some(at) = groups.iter().position(|g| *g == self.0) {
            groups.swap_remove(at);
        }
    }
}

/// Removes a temporary file, or a temporary folder and what it holds (never following a
/// symlink out of it).
fn remove_temporary(path: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => {
            let _ = std::fs::remove_dir_all(path);
        }
        _ => {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// One output being written.
pub struct OutputFile {
    shown: PathBuf,
    sink: Sink,
}

enum Sink {
    /// A device, FIFO or socket: written as it is.
    Through(BufWriter<File>),
    /// A temporary file to rename over `dest`.
    Staged {
        writer: BufWriter<tempfile::NamedTempFile>,
        dest: PathBuf,
        pending: Pending,
    },
}

/// A temporary file's place in [`PENDING`], given up when the file is renamed or removed.
struct Pending(Option<PathBuf>);

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            forget_pending(&mut pending(), &path);
        }
    }
}

impl OutputFile {
    /// Opens `path` for writing: a device or FIFO as it is, anything else through a temporary
    /// file beside what `path` names.
    fn open(path: &Path) -> Result<OutputFile, OutputError> {
        let fail = |e: io::Error| OutputError::new(path, e);
        let dest = match target(path).map_err(fail)? {
            Target::Descriptor(fd) => {
                return Ok(OutputFile {
                    shown: path.to_owned(),
                    sink: Sink::Through(BufWriter::new(duplicate(fd).map_err(fail)?)),
                });
            }
            Target::Through(device) => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(device)
                    .map_err(fail)?;
                return Ok(OutputFile {
                    shown: path.to_owned(),
                    sink: Sink::Through(BufWriter::new(file)),
                });
            }
            Target::File(dest) => dest,
        };
        let existing = std::fs::metadata(&dest).ok();
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder
            .prefix(&prefix)
            .suffix(".orglint.tmp")
            .rand_bytes(12);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // A new file gets the usual 0666 less the umask (tempfile's default is 0600); a
            // replaced one keeps its mode.
            let mode = existing
                .as_ref()
                .map_or(0o666, |m| m.permissions().mode() & 0o7777);
            builder.permissions(std::fs::Permissions::from_mode(mode));
        }
        let mut list = pending();
        let temp = builder.tempfile_in(parent_dir(&dest)).map_err(fail)?;
        list.push(temp.path().to_owned());
        drop(list);
        let pending = Pending(Some(temp.path().to_owned()));
        #[cfg(unix)]
        if let Some(meta) = &existing {
            // The mode asked for at creation was narrowed by the umask.
            let _ = temp.as_file().set_permissions(meta.permissions());
        }
        Ok(OutputFile {
            shown: path.to_owned(),
            sink: Sink::Staged {
                writer: BufWriter::with_capacity(1 << 16, temp),
                dest,
                pending,
            },
        })
    }

    /// Everything written reaches the file (the disk, for a staged file): a full disk is
    /// found here at the latest.
    fn finish_writing(&mut self) -> Result<(), OutputError> {
        let fail = |e: io::Error| OutputError::new(&self.shown, e);
        match &mut self.sink {
            Sink::Through(writer) => writer.flush().map_err(fail),
            Sink::Staged { writer, .. } => {
                writer.flush().map_err(fail)?;
                writer.get_ref().as_file().sync_all().map_err(fail)
            }
        }
    }

    /// The error to report for a failed write to this file.
    pub fn error(&self, e: io::Error) -> OutputError {
        OutputError::new(&self.shown, e)
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Sink::Through(w) => w.write(buf),
            Sink::Staged { writer, .. } => writer.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.sink {
            Sink::Through(w) => w.write_all(buf),
            Sink::Staged { writer, .. } => writer.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Through(w) => w.flush(),
            Sink::Staged { writer, .. } => writer.flush(),
        }
    }
}

/// A batch of outputs written all or none: each is opened with [`Outputs::open`] and written
/// in turn; [`Outputs::commit`] puts them all in place. Dropped uncommitted (an error on the
/// way), it leaves no file behind and no target touched (devices aside: what was written
/// through is gone).
#[derive(Default)]
pub struct Outputs {
    files: Vec<OutputFile>,
}

impl Outputs {
    pub fn new() -> Outputs {
        Outputs::default()
    }

    /// Opens the next output.
    pub fn open(&mut self, path: &Path) -> Result<&mut OutputFile, OutputError> {
        let file = OutputFile::open(path)?;
        self.files.push(file);
        let last = self.files.len() - 1;
        Ok(&mut self.files[last])
    }

    /// Finishes every output, then renames the staged ones into place.
    pub fn commit(mut self) -> Result<(), OutputError> {
        for file in &mut self.files {
            file.finish_writing()?;
        }
        let mut staged = Vec::with_capacity(self.files.len());
        for file in std::mem::take(&mut self.files) {
            if let Sink::Staged {
                writer,
                dest,
                pending,
            } = file.sink
            {
                let temp = writer
                    .into_inner()
                    .map_err(|e| OutputError::new(&file.shown, e.error()))?;
                staged.push((file.shown, temp, dest, pending));
            }
        }
        // Renamed under the lock: a signal now waits until every file is in place.
        let mut list = pending();
        let mut failure = None;
        for (shown, temp, dest, mut pending) in staged {
            if let Some(path) = pending.0.take() {
                forget_pending(&mut list, &path);
            }
            if failure.is_some() {
                continue; // removed as `temp` drops
            }
            if let Err(e) = temp.persist(&dest) {
                failure = Some(OutputError::new(&shown, e.error));
            }
        }
        failure.map_or(Ok(()), Err)
    }

    /// Writes each `(path, bytes)` all or none (for outputs rendered in memory).
    pub fn write_all(files: &[(&Path, &[u8])]) -> Result<(), OutputError> {
        let mut outputs = Outputs::new();
        for (path, bytes) in files {
            let file = outputs.open(path)?;
            file.write_all(bytes).map_err(|e| file.error(e))?;
        }
        outputs.commit()
    }
}

/// Removes pending temporary files when the process is sent SIGINT, SIGTERM or SIGHUP, then
/// dies of that signal as it would have. Call it first thing, before any thread starts: the
/// signals are blocked in every thread and taken by one that waits for them. A signal that is
/// ignored when the process starts (`nohup`) stays ignored.
#[cfg(unix)]
pub fn remove_temporaries_on_signals() {
    let mut set = empty_signal_set();
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        if !is_ignored(signal) {
            // SAFETY: `set` is an initialised signal set.
            unsafe { libc::sigaddset(&mut set, signal) };
        }
    }
    // SAFETY: blocks the signals in this thread (and the threads it starts from now on).
    if unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) } != 0 {
        return;
    }
    let waiter = std::thread::Builder::new()
        .name("orglint-signals".to_owned())
        .spawn(move || loop {
            let mut signal: libc::c_int = 0;
            // SAFETY: waits for one of the blocked signals of `set`.
            if unsafe { libc::sigwait(&set, &mut signal) } != 0 {
                continue;
            }
            for group in child_groups().iter() {
                // SAFETY: signals a process group this process started and still waits for.
                unsafe { libc::kill(-group, libc::SIGKILL) };
            }
            let list = pending();
            for path in list.iter() {
                remove_temporary(path);
            }
            die_of(signal);
            // Holding the lock until the end: nothing is renamed into place after cleaning up.
            drop(list);
        });
    if waiter.is_err() {
        // SAFETY: undoes the block above, so the signals act as before.
        unsafe { libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut()) };
    }
}

#[cfg(not(unix))]
pub fn remove_temporaries_on_signals() {}

#[cfg(unix)]
fn empty_signal_set() -> libc::sigset_t {
    let mut set = std::mem::MaybeUninit::<libc::sigset_t>::uninit();
    // SAFETY: sigemptyset initialises the set.
    unsafe {
        libc::sigemptyset(set.as_mut_ptr());
        set.assume_init()
    }
}

#[cfg(unix)]
fn is_ignored(signal: libc::c_int) -> bool {
    let mut action = std::mem::MaybeUninit::<libc::sigaction>::zeroed();
    // SAFETY: only reads the current action into `action`.
    unsafe {
        libc::sigaction(signal, std::ptr::null(), action.as_mut_ptr()) == 0
            && action.assume_init().sa_sigaction == libc::SIG_IGN
    }
}

/// Ends the process by `signal` with its default action (so a shell sees 128 + signal).
#[cfg(unix)]
fn die_of(signal: libc::c_int) {
    let mut set = empty_signal_set();
    // SAFETY: restores the default action, unblocks the signal in this thread and raises it.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::sigaddset(&mut set, signal);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::raise(signal);
    }
    std::process::exit(128 + signal);
}

/// Whether `path` names no file yet, or a file whose beginning is that of a report orglint
/// writes (JSON, SARIF, JUnit, Markdown, HTML, or a summary line): replacing such a file
/// loses nothing the user wrote, even when the chart files are not known.
pub fn new_or_own_report(path: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return !path.exists() && path.symlink_metadata().is_err();
    };
    let mut start = Vec::new();
    if file.take(2048).read_to_end(&mut start).is_err() {
        return false;
    }
    let start = String::from_utf8_lossy(&start);
    let marks = [
        "\"name\": \"orglint\"",
        "<testsuites name=\"orglint\"",
        "## orglint: ",
        "<title>orglint",
        "<meta name=\"generator\" content=\"orglint\">",
    ];
    start.is_empty() || marks.iter().any(|mark| start.contains(mark))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_all_or_none_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.json");
        let b = dir.path().join("missing/b.json");
        assert!(Outputs::write_all(&[(&a, b"one"), (&b, b"two")]).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        Outputs::write_all(&[(&a, b"one")]).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // Only this test's own temporaries: tests running beside it register theirs.
        assert!(!pending().iter().any(|p| p.starts_with(dir.path())));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_written_through_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        Outputs::write_all(&[(&link, b"new")]).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }

    #[test]
    fn protected_symlinks_as_the_kernel_decides() {
        let (tmp, root, me, other) = (0o41777, 0, 1000, 1001);
        // Another user's link in a sticky world-writable folder owned by root.
        assert!(protected_symlink_refuses(tmp, root, other, me));
        assert!(protected_symlink_refuses(tmp, root, other, root));
        // One's own link, or one the folder's owner made.
        assert!(!protected_symlink_refuses(tmp, root, me, me));
        assert!(!protected_symlink_refuses(tmp, root, root, me));
        // Not sticky, or not world-writable: the kernel follows it.
        assert!(!protected_symlink_refuses(0o40777, root, other, me));
        assert!(!protected_symlink_refuses(0o41775, root, other, me));
    }

    #[test]
    fn descriptor_names_are_told_apart() {
        let own = |p: &str| descriptor_name(Path::new(p)).and_then(DescriptorName::own);
        assert_eq!(own("/dev/fd/1"), Some(1));
        assert_eq!(own("/proc/self/fd/0"), Some(0));
        assert_eq!(own(&format!("/proc/{}/fd/2", std::process::id())), Some(2));
        assert_eq!(own("/proc/1/fd/1"), None);
        assert_eq!(own("/dev/stdout"), None); // a symlink, followed first
        assert!(descriptor_name(Path::new("/proc/1/fd/1")).is_some());
        assert!(descriptor_name(Path::new("/tmp/fd/1")).is_none());
    }

    #[test]
    fn one_file_twice_or_an_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("org.yaml");
        std::fs::write(&input, "people: []").unwrap();
        let spelled_otherwise = dir.path().join(".").join("org.yaml");
        let err = check_targets([spelled_otherwise.as_path()], [input.as_path()]).unwrap_err();
        assert!(err.reason.contains("is the input"), "{err}");
        let new = dir.path().join("r.json");
        let again = dir.path().join("./r.json");
        let err = check_targets([new.as_path(), again.as_path()], []).unwrap_err();
        assert!(err.reason.contains("already an output"), "{err}");
        assert!(check_targets([dir.path()], []).is_err());
        assert!(check_targets([new.as_path()], [input.as_path()]).is_ok());
    }
}
