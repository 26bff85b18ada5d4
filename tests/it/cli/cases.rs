//! End-to-end CLI cases, one folder each under `tests/cases/<name>/` (in the spirit of
//! trycmd):
//!
//! - `args`: the arguments after `orglint`, one per line (run from the case folder);
//! - `stdin` (optional): fed to standard input;
//! - input files the arguments name;
//! - `stdout`, `stderr`, `status`: what must come out, and the exit code.
//!
//! The version number in outputs is written `[VERSION]`. `ORGLINT_BLESS=1 cargo test --test it
//! cli::cases` rewrites the expectations from the actual outputs; review the diff before
//! committing it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Outcome {
    stdout: String,
    stderr: String,
    status: String,
}

fn run_case(dir: &Path) -> Outcome {
    let args_text =
        std::fs::read_to_string(dir.join("args")).expect("each case has an `args` file");
    let args: Vec<&str> = args_text.lines().filter(|l| !l.is_empty()).collect();
    let stdin = std::fs::read(dir.join("stdin")).ok();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("orglint"))
        .args(&args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        use std::io::Write;
        // A run that stops before reading its input (a usage error) closes the pipe early.
        if let Err(e) = child.stdin.take().unwrap().write_all(&bytes) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
    }
    let output = child.wait_with_output().unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).replace(version, "[VERSION]");
    Outcome {
        stdout: text(&output.stdout),
        stderr: text(&output.stderr),
        status: match output.status.code() {
            Some(code) => format!("{code}\n"),
            None => "killed by a signal\n".to_owned(),
        },
    }
}

fn case_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("args").is_file())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn cli_cases() {
    let bless = std::env::var_os("ORGLINT_BLESS").is_some_and(|v| v == "1");
    let dirs = case_dirs();
    assert!(dirs.len() >= 20, "cases went missing: {}", dirs.len());
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let actual = run_case(dir);
        for (file, got) in [
            ("stdout", &actual.stdout),
            ("stderr", &actual.stderr),
            ("status", &actual.status),
        ] {
            let path = dir.join(file);
            if bless {
                std::fs::write(&path, got).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_default();
            if &expected != got {
                failures.push(format!(
                    "{name}/{file} differs\n--- expected\n{expected}\n--- actual\n{got}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatch(es) (ORGLINT_BLESS=1 rewrites them):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
