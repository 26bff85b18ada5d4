//! `orglint diff --since REF [FILE...]` (SPEC §11): the chart files as they were at a git
//! revision against the working tree. Git runs without a shell, with explicit arguments: REF
//! is resolved to a commit first (one starting with `-` is refused), and every path goes
//! after `--` or inside `COMMIT:path`, so no file name can become an option. Each copy at REF
//! is read with `git cat-file --filters`, so LFS pointers and end-of-line filters resolve as
//! a checkout would.

use super::Failure;
use crate::config::Config;
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

/// The two sides of `--since`: the files at REF (read already) and in the working tree.
pub struct SinceSides {
    /// Each file present at REF: its name as git names that copy (`REF:path`, the path from
    /// the repository's top), where findings about it point, and its content.
    pub old: Vec<(String, Vec<u8>)>,
    /// The files present in the working tree.
    pub new: Vec<String>,
    pub old_label: String,
    pub new_label: String,
    /// Files on one side only, said once each.
    pub notes: Vec<String>,
}

/// A file of either side: its path from the repository's top (with `/`), as shown.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Tracked {
    in_repo: String,
    shown: String,
}

/// Reads the sides of `--since rev` over `files` (none: the config's `files:` patterns,
/// expanded in the working tree and in REF's tree).
pub fn sides(rev: &str, files: &[String], config: &Config) -> Result<SinceSides, Failure> {
    let cwd = std::env::current_dir()
        .map_err(|e| Failure::Usage(format!("--since: cannot tell the current folder: {e}")))?;
    let repo = Repository::find(&cwd)?;
    let commit = repo.commit(rev)?;
    let at_rev = repo.files_at(&commit)?;
    let chosen = match files {
        [] => repo.configured(config, &at_rev, rev)?,
        files => repo.named(files, &at_rev, rev)?,
    };
    let mut sides = SinceSides {
        old: Vec::new(),
        new: Vec::new(),
        old_label: String::new(),
        new_label: String::new(),
        notes: Vec::new(),
    };
    let mut old_files = Vec::new();
    for file in &chosen {
        let at_ref = at_rev.contains(&file.in_repo);
        let in_tree = Path::new(&file.shown).is_file();
        if at_ref {
            let bytes = repo.read_at(&commit, &file.in_repo)?;
            sides.old.push((format!("{rev}:{}", file.in_repo), bytes));
            old_files.push(file.shown.as_str());
        }
        if in_tree {
            sides.new.push(file.shown.clone());
        }
        match (at_ref, in_tree) {
            (false, _) => sides.notes.push(format!(
                "{} is not at {rev} (added since): the chart before has none of it",
                file.shown
            )),
            (true, false) => sides.notes.push(format!(
                "{} is not in the working tree (removed since {rev}): the chart after has none of it",
                file.shown
            )),
            (true, true) => {}
        }
    }
    let short = &commit[..commit.len().min(12)];
    let revision = match commit.starts_with(rev) {
        true => short.to_owned(),
        false => format!("{rev} ({short})"),
    };
    let listed = |files: Vec<&str>| match files.is_empty() {
        true => "no chart files".to_owned(),
        false => files.join(", "),
    };
    sides.old_label = format!("{} at {revision}", listed(old_files));
    let new_files = sides.new.iter().map(String::as_str).collect();
    sides.new_label = format!("{} in the working tree", listed(new_files));
    Ok(sides)
}

/// The git repository the current folder is in.
struct Repository {
    /// Its top folder, as git names it (symbolic links resolved).
    top: PathBuf,
    /// The current folder, symbolic links resolved.
    cwd: PathBuf,
}

impl Repository {
    fn find(cwd: &Path) -> Result<Repository, Failure> {
        let output = git(cwd, ["rev-parse", "--show-toplevel"])?;
        if !output.status.success() {
            return Err(Failure::Usage(format!(
                "--since reads the chart files from git, but {} is in no git repository ({})",
                cwd.display(),
                stderr_of(&output)
            )));
        }
        let top = String::from_utf8_lossy(&output.stdout)
            .trim_end()
            .to_owned();
        let resolve = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        Ok(Repository {
            top: resolve(Path::new(&top)),
            cwd: resolve(cwd),
        })
    }

    /// The commit REF names, or why it names none: unknown, or missing from a shallow clone.
    fn commit(&self, rev: &str) -> Result<String, Failure> {
        if rev.starts_with('-') || rev.is_empty() {
            return Err(Failure::Usage(format!(
                "--since: {rev:?} is no git revision (a revision cannot start with `-`)"
            )));
        }
        let spec = format!("{rev}^{{commit}}");
        let output = git(&self.top, ["rev-parse", "--verify", "--quiet", &spec])?;
        if output.status.success() {
            return Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned());
        }
        let shallow = git(&self.top, ["rev-parse", "--is-shallow-repository"])?;
        if String::from_utf8_lossy(&shallow.stdout).trim() == "true" {
            return Err(Failure::Usage(format!(
                "--since {rev}: this is a shallow clone and {rev} is not in it (it holds only \
                 the latest commits). Fetch the history (`git fetch --unshallow`); on GitHub \
                 Actions, give actions/checkout `fetch-depth: 0`"
            )));
        }
        Err(Failure::Usage(format!(
            "--since {rev}: no commit of this repository is called {rev:?} (a branch, tag or \
             commit hash; `git log` lists them)"
        )))
    }

    /// Every file (blob) of the commit's tree, by its path from the top.
    fn files_at(&self, commit: &str) -> Result<BTreeSet<String>, Failure> {
        let output = git(&self.top, ["ls-tree", "-r", "-z", "--full-tree", commit])?;
        if !output.status.success() {
            return Err(git_failed("ls-tree", &output));
        }
        // `MODE TYPE OBJECT\tPATH\0` for each entry.
        let listing = String::from_utf8_lossy(&output.stdout);
        Ok(listing
            .split('\0')
            .filter_map(|entry| entry.split_once('\t'))
            .filter(|(meta, _)| meta.split(' ').nth(1) == Some("blob"))
            .map(|(_, path)| path.to_owned())
            .collect())
    }

    /// The file at `path` (from the top) as the commit holds it, through the repository's
    /// filters (LFS, end-of-line conversion): what a checkout would write.
    fn read_at(&self, commit: &str, path: &str) -> Result<Vec<u8>, Failure> {
        let object = format!("{commit}:{path}");
        let output = git(&self.top, ["cat-file", "--filters", &object])?;
        if !output.status.success() {
            return Err(git_failed("cat-file", &output));
        }
        Ok(output.stdout)
    }

    /// FILEs named on the command line (relative to the current folder): each must be in
    /// the repository, and in the working tree or at REF.
    fn named(
        &self,
        files: &[String],
        at_rev: &BTreeSet<String>,
        rev: &str,
    ) -> Result<Vec<Tracked>, Failure> {
        let mut chosen = Vec::new();
        for file in files {
            let in_repo = self.in_repo(file)?;
            if !at_rev.contains(&in_repo) && !Path::new(file).is_file() {
                return Err(Failure::Usage(format!(
                    "--since {rev}: {file} is neither in the working tree nor at {rev}"
                )));
            }
            chosen.push(Tracked {
                in_repo,
                shown: file.clone(),
            });
        }
        Ok(chosen)
    }

    /// The config's `files:` patterns, each expanded in the working tree and in REF's tree.
    fn configured(
        &self,
        config: &Config,
        at_rev: &BTreeSet<String>,
        rev: &str,
    ) -> Result<Vec<Tracked>, Failure> {
        if config.files.is_empty() {
            return Err(Failure::Usage(
                "--since without FILEs compares the config's `files:`, but no orglint.yaml \
                 with a `files:` list was found here or above; name the chart files"
                    .to_owned(),
            ));
        }
        let mut chosen: Vec<Tracked> = Vec::new();
        for found in config.pattern_matches()? {
            let mut these = BTreeSet::new();
            for file in &found.files {
                these.insert(Tracked {
                    in_repo: self.in_repo(file)?,
                    shown: file.clone(),
                });
            }
            let pattern = self.in_repo(&found.full)?;
            let pattern = glob::Pattern::new(&pattern)
                .map_err(|e| Failure::Usage(format!("files: invalid pattern: {e}")))?;
            let options = glob::MatchOptions {
                require_literal_separator: true,
                ..glob::MatchOptions::new()
            };
            for path in at_rev.iter().filter(|p| pattern.matches_with(p, options)) {
                if !these.iter().any(|t| &t.in_repo == path) && !is_policy(config, path, self) {
                    these.insert(Tracked {
                        in_repo: path.clone(),
                        shown: self.shown(path),
                    });
                }
            }
            if these.is_empty() {
                let why = found.matches_nothing();
                return Err(Failure::Usage(format!(
                    "{} (in the working tree), nor at {rev}",
                    why.message
                )));
            }
            for file in these {
                if !chosen.iter().any(|c| c.in_repo == file.in_repo) {
                    chosen.push(file);
                }
            }
        }
        Ok(chosen)
    }

    /// A path given relative to the current folder, as a path from the repository's top
    /// with `/`; one outside the repository is an error.
    fn in_repo(&self, file: &str) -> Result<String, Failure> {
        let absolute = lexical(&self.cwd.join(file));
        // The folder may be reached through a symbolic link: resolve what exists of it.
        let resolved = match (absolute.parent(), absolute.file_name()) {
            (Some(folder), Some(name)) => folder
                .canonicalize()
                .map_or_else(|_| absolute.clone(), |f| f.join(name)),
            _ => absolute.clone(),
        };
        let inside = resolved.strip_prefix(&self.top).map_err(|_| {
            Failure::Usage(format!(
                "--since: {file} is outside the git repository ({}): git holds no earlier \
                 version of it",
                self.top.display()
            ))
        })?;
        let parts: Vec<String> = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Ok(parts.join("/"))
    }

    /// A path from the top as the current folder reaches it (for a file only at REF).
    fn shown(&self, in_repo: &str) -> String {
        let absolute = self.top.join(in_repo);
        match absolute.strip_prefix(&self.cwd) {
            Ok(relative) => relative.display().to_string(),
            Err(_) => absolute.display().to_string(),
        }
    }
}

/// Whether a path at REF is the config or its rulebook (as it stands now): `*.yaml` matches
/// them, but they are no chart.
fn is_policy(config: &Config, in_repo: &str, repo: &Repository) -> bool {
    [config.path.as_deref(), config.rules.as_deref()]
        .into_iter()
        .flatten()
        .filter_map(|path| repo.in_repo(&path.to_string_lossy()).ok())
        .any(|policy| policy == in_repo)
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut tidy = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                tidy.pop();
            }
            other => tidy.push(other),
        }
    }
    tidy
}

/// Runs `git -C dir ARGS...` (no shell, no standard input); a missing git is exit 2.
fn git<I, S>(dir: &Path, args: I) -> Result<std::process::Output, Failure>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Failure::Usage(
                "--since reads the chart files from git, but git is not installed (or not on \
                 PATH)"
                    .to_owned(),
            ),
            _ => Failure::Usage(format!("--since: cannot run git: {e}")),
        })
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).trim().to_owned()
}

fn git_failed(what: &str, output: &std::process::Output) -> Failure {
    Failure::Usage(format!("--since: git {what} failed: {}", stderr_of(output)))
}
