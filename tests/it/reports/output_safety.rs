//! How output files are written (SPEC §6): devices, FIFOs and symlinks written through and
//! never replaced; regular files all or none through exclusive, unpredictable temporary files
//! that an interrupted run removes; an output that is an input, or two outputs that are one
//! file, refused before anything is written; a full disk is exit 2.
#![cfg(unix)]

use crate::support::ci_support::{self, orglint_in};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A chart without findings.
const CHART: &str = include_str!("../../../examples/minimal.yaml");

/// A directory holding `org.yaml`.
fn chart_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("org.yaml"), CHART).unwrap();
    dir
}

/// A chart whose `n` people each report to someone missing: big reports.
fn write_big_chart(path: &Path, n: usize) {
    let mut text = String::from("people:\n");
    for i in 0..n {
        text.push_str(&format!(
            "  - {{id: p{i}, name: Person {i}, reports_to: gone{i}}}\n"
        ));
    }
    std::fs::write(path, text).unwrap();
}

/// The names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn is_char_device(path: &str) -> bool {
    std::fs::symlink_metadata(path)
        .unwrap()
        .file_type()
        .is_char_device()
}

#[test]
fn devices_are_written_through_never_replaced() {
    let dir = chart_dir();
    orglint_in(dir.path())
        .args(["diagram", "org.yaml", "--format", "dot", "-o", "/dev/null"])
        .assert()
        .code(0);
    assert!(is_char_device("/dev/null"), "/dev/null was replaced");
    let out = orglint_in(dir.path())
        .args(["check", "org.yaml", "-q", "--report", "json=/dev/stdout"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["people"], 3);
    assert!(std::fs::symlink_metadata("/dev/stdout")
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_full_device_is_exit_2_and_stays_a_device() {
    let dir = chart_dir();
    for args in [
        &[
            "check",
            "org.yaml",
            "--report",
            "json=/dev/stdout",
            "--report",
            "sarif=/dev/full",
        ][..],
        &["check", "org.yaml", "--write-baseline", "/dev/full"],
        &["diagram", "org.yaml", "--format", "dot", "-o", "/dev/full"],
    ] {
        let out = orglint_in(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("cannot write /dev/full"), "{stderr}");
        assert!(is_char_device("/dev/full"), "/dev/full was replaced");
    }
    assert_eq!(names_in(dir.path()), ["org.yaml"]);
}

#[test]
fn a_fifo_is_written_through() {
    let dir = chart_dir();
    let fifo = dir.path().join("report.pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    orglint_in(dir.path())
        .args(["check", "org.yaml", "-q", "--report", "sarif=report.pipe"])
        .assert()
        .code(0);
    let sarif: serde_json::Value = serde_json::from_slice(&reader.join().unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
}

#[test]
fn a_symlink_is_kept_and_what_it_names_is_written() {
    let dir = chart_dir();
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    std::fs::write(dir.path().join("reports/real.json"), "old").unwrap();
    std::os::unix::fs::symlink("reports/real.json", dir.path().join("link.json")).unwrap();
    // A symlink to a file not there yet creates that file.
    std::os::unix::fs::symlink("reports/new.sarif", dir.path().join("new.sarif")).unwrap();
    orglint_in(dir.path())
        .args(["check", "org.yaml", "-q"])
        .args(["--report", "json=link.json", "--report", "sarif=new.sarif"])
        .assert()
        .code(0);
    for link in ["link.json", "new.sarif"] {
        let meta = std::fs::symlink_metadata(dir.path().join(link)).unwrap();
        assert!(meta.file_type().is_symlink(), "{link} was replaced");
    }
    let json = std::fs::read_to_string(dir.path().join("reports/real.json")).unwrap();
    assert!(json.contains("\"findings\""), "{json}");
    assert!(dir.path().join("reports/new.sarif").is_file());
    assert_eq!(
        names_in(&dir.path().join("reports")),
        ["new.sarif", "real.json"]
    );
}

#[test]
fn report_files_get_the_usual_mode_and_a_replaced_file_keeps_its_own() {
    let dir = chart_dir();
    let kept = dir.path().join("kept.json");
    std::fs::write(&kept, "old").unwrap();
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
    orglint_in(dir.path())
        .args(["check", "org.yaml", "-q", "--report", "json=kept.json"])
        .args(["--report", "sarif=new.sarif"])
        .assert()
        .code(0);
    let mode = |name: &str| {
        std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("kept.json"), 0o640);
    // 0666 less the umask: readable by others unless the umask says otherwise (never 0600).
    assert_eq!(mode("new.sarif") & 0o600, 0o600);
    assert_ne!(mode("new.sarif"), 0o600, "tempfile's private mode leaked");
}

#[test]
fn an_output_that_is_an_input_is_exit_2_and_the_input_is_untouched() {
    let dir = chart_dir();
    std::fs::write(
        dir.path().join("rules.yaml"),
        orglint::rulebook::DEFAULT_RULEBOOK,
    )
    .unwrap();
    std::fs::write(dir.path().join("orglint.yaml"), "fail_on: error\n").unwrap();
    orglint_in(dir.path())
        .args(["check", "org.yaml", "-q", "--write-baseline", "base.json"])
        .assert()
        .code(0);
    std::fs::hard_link(dir.path().join("org.yaml"), dir.path().join("hard.yaml")).unwrap();
    std::os::unix::fs::symlink("org.yaml", dir.path().join("soft.yaml")).unwrap();
    let before: Vec<(String, Vec<u8>)> = names_in(dir.path())
        .into_iter()
        .map(|n| (n.clone(), std::fs::read(dir.path().join(&n)).unwrap()))
        .collect();
    for args in [
        &["check", "org.yaml", "--report", "json=org.yaml"][..],
        &["check", "org.yaml", "--write-baseline", "org.yaml"],
        &["check", "./org.yaml", "--report", "sarif=hard.yaml"],
        &["check", "org.yaml", "--report", "junit=soft.yaml"],
        &[
            "check",
            "org.yaml",
            "--report",
            "json=a.json",
            "--report",
            "text=orglint.yaml",
        ],
        &[
            "check",
            "org.yaml",
            "--rules",
            "rules.yaml",
            "--report",
            "markdown=rules.yaml",
        ],
        &[
            "check",
            "org.yaml",
            "--baseline",
            "base.json",
            "--write-baseline",
            "base.json",
        ],
        &["diagram", "org.yaml", "--format", "dot", "-o", "org.yaml"],
        &["diagram", "org.yaml", "--format", "dot", "-o", "hard.yaml"],
    ] {
        let out = orglint_in(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("is the input"), "{args:?}: {stderr}");
        for (name, bytes) in &before {
            assert_eq!(
                &std::fs::read(dir.path().join(name)).unwrap(),
                bytes,
                "{args:?} changed {name}"
            );
        }
        assert_eq!(names_in(dir.path()).len(), before.len(), "{args:?}");
    }
}

#[test]
fn two_outputs_with_one_path_are_exit_2_and_nothing_is_written() {
    let dir = chart_dir();
    std::os::unix::fs::symlink("r.json", dir.path().join("alias.json")).unwrap();
    for args in [
        &["--report", "json=r.json", "--report", "sarif=r.json"][..],
        &["--report", "json=r.json", "--report", "json=./r.json"],
        &["--report", "json=r.json", "--write-baseline", "alias.json"],
        &[
            "--report",
            "json=/dev/stdout",
            "--report",
            "sarif=/dev/stdout",
        ],
    ] {
        let out = orglint_in(dir.path())
            .args(["check", "org.yaml"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?} wrote to standard output");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("already an output"), "{stderr}");
        assert_eq!(names_in(dir.path()), ["alias.json", "org.yaml"], "{args:?}");
    }
}

#[test]
fn temporary_names_are_unpredictable_and_a_planted_symlink_is_not_followed() {
    let dir = chart_dir();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    // The names earlier versions used (`.NAME.orglint-PID-N.tmp`), for every likely pid.
    let planted: Vec<PathBuf> = (0..4096)
        .map(|pid| dir.path().join(format!(".r.json.orglint-{pid}-0.tmp")))
        .collect();
    for path in &planted {
        std::os::unix::fs::symlink(&victim, path).unwrap();
    }
    orglint_in(dir.path())
        .args(["check", "org.yaml", "-q", "--report", "json=r.json"])
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(std::fs::symlink_metadata(dir.path().join("r.json"))
        .unwrap()
        .is_file());
    // Exactly the planted links, the chart, the victim and the report: no temporary left.
    assert_eq!(names_in(dir.path()).len(), planted.len() + 3);
}

/// Waits until a file whose name starts with `prefix` appears in `dir`.
fn wait_for_temporary(dir: &Path, prefix: &str) -> String {
    let start = Instant::now();
    loop {
        if let Some(name) = names_in(dir).into_iter().find(|n| n.starts_with(prefix)) {
            return name;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no temporary file appeared: {:?}",
            names_in(dir)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A run is stopped by `signal` while its first report (a big one) is staged and its second
/// output, a FIFO no one reads, holds it up: the staged report is removed and nothing is put
/// in place.
fn interrupted_run_leaves_nothing(signal: &str, number: i32) {
    let dir = tempfile::tempdir().unwrap();
    write_big_chart(&dir.path().join("org.yaml"), 2000);
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("stuck.pipe"))
        .status()
        .unwrap();
    assert!(made.success());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("orglint"))
        .current_dir(dir.path())
        .args(["check", "org.yaml", "-q", "--report", "json=r.json"])
        .args(["--report", "sarif=stuck.pipe"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let temporary = wait_for_temporary(dir.path(), ".r.json.");
    assert!(temporary.ends_with(".orglint.tmp"), "{temporary}");
    let sent = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = wait_at_most(&mut child, std::time::Duration::from_secs(60), signal);
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(number), "{status:?}");
    assert_eq!(names_in(dir.path()), ["org.yaml", "stuck.pipe"]);
}

/// The child's exit status, waited for up to `limit`: one still running then (a signal
/// it was started ignoring, as a job a shell started in the background ignores SIGINT) is
/// killed, and the test fails saying so rather than hanging.
fn wait_at_most(
    child: &mut std::process::Child,
    limit: std::time::Duration,
    signal: &str,
) -> std::process::ExitStatus {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("orglint was still running {limit:?} after SIG{signal}: was the test started with SIG{signal} ignored?");
}

#[test]
fn sigterm_removes_the_temporary_report() {
    interrupted_run_leaves_nothing("TERM", 15);
}

#[test]
fn sigint_removes_the_temporary_report() {
    interrupted_run_leaves_nothing("INT", 2);
}

/// A small tmpfs (root only: CI runs as root) that the report does not fit in.
struct SmallDisk {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount() -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("disk");
        std::fs::create_dir(&path).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(&path)
            .output()
            .is_ok_and(|o| o.status.success());
        mounted.then_some(SmallDisk { path, _dir: dir })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(&self.path)
            .status();
    }
}

#[test]
fn a_full_disk_is_exit_2_and_leaves_nothing() {
    let Some(disk) = SmallDisk::mount() else {
        assert!(
            !ci_support::tools_required(),
            "mounting a small tmpfs failed (CI runs as root and needs it)"
        );
        eprintln!("skipped: cannot mount a tmpfs (not root)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    write_big_chart(&dir.path().join("org.yaml"), 2000);
    let report = disk.path.join("r.json");
    let out = orglint_in(dir.path())
        .args(["check", "org.yaml", "-q", "--report", "sarif=small.sarif"])
        .arg("--report")
        .arg(format!("json={}", report.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("cannot write {}", report.display())),
        "{stderr}"
    );
    assert!(
        names_in(&disk.path).is_empty(),
        "{:?}",
        names_in(&disk.path)
    );
    assert_eq!(
        names_in(dir.path()),
        ["org.yaml"],
        "the other report was kept"
    );
}

/// A config found in a folder above the chart (here one that turns failing off) acts, as
/// configs do, but never unseen: the text and Markdown summaries name it.
#[test]
fn a_config_found_in_a_parent_folder_is_named_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("orglint.yaml"), "fail_on: never\n").unwrap();
    let sub = dir.path().join("team");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(
        sub.join("chart.yaml"),
        "version: 1\npeople:\n  - {id: ceo, title: CEO, reports_to: ceo}\n",
    )
    .unwrap();
    for format in ["text", "markdown"] {
        let output = orglint_in(&sub)
            .args(["check", "chart.yaml", "--format", format])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        let summary = text
            .lines()
            .find(|l| l.contains("fail-on never") || l.contains("fail on never"))
            .unwrap_or_else(|| panic!("{format}: no summary in {text}"));
        assert!(
            summary.contains("config ") && summary.contains("orglint") && summary.contains("yaml"),
            "{format}: {summary}"
        );
    }
    // Without a config file, no config is named.
    let alone = tempfile::tempdir().unwrap();
    std::fs::write(
        alone.path().join("chart.yaml"),
        "version: 1\npeople:\n  - {id: ceo, title: CEO}\n",
    )
    .unwrap();
    let output = orglint_in(alone.path())
        .args(["check", "chart.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains(", config "), "{text}");
}

/// Every machine-read format names the config in use too: JSON `config`, SARIF run
/// properties, a JUnit suite property and a GitHub notice; `null`/`none` without one.
#[test]
fn every_report_format_names_the_config_in_use() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("orglint.yaml"), "fail_on: never\n").unwrap();
    let sub = dir.path().join("team");
    std::fs::create_dir(&sub).unwrap();
    let chart = "version: 1\npeople:\n  - {id: ceo, title: CEO}\n";
    std::fs::write(sub.join("chart.yaml"), chart).unwrap();
    let report = |dir: &Path, format: &str| {
        let output = orglint_in(dir)
            .args(["check", "chart.yaml", "--format", format])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&report(&sub, "json")).unwrap();
    let config = json["config"].as_str().unwrap_or_else(|| panic!("{json}"));
    assert_eq!(
        Path::new(config).canonicalize().unwrap(),
        dir.path().join("orglint.yaml").canonicalize().unwrap()
    );
    let sarif: serde_json::Value = serde_json::from_str(&report(&sub, "sarif")).unwrap();
    assert_eq!(sarif["runs"][0]["properties"]["config"], config);
    let junit = report(&sub, "junit");
    let xml = roxmltree::Document::parse(&junit).unwrap();
    let property = xml
        .descendants()
        .find(|n| n.has_tag_name("property") && n.attribute("name") == Some("config"))
        .unwrap_or_else(|| panic!("no config property in {junit}"));
    assert_eq!(property.attribute("value"), Some(config));
    let stats = orglint_in(&sub)
        .args(["stats", "chart.yaml", "--format", "json"])
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["config"], config);
    let stats = orglint_in(&sub)
        .args(["stats", "chart.yaml"])
        .output()
        .unwrap();
    let stats = String::from_utf8(stats.stdout).unwrap();
    assert!(
        stats
            .lines()
            .next()
            .unwrap()
            .ends_with(&format!("(config {config})")),
        "{stats}"
    );
    // A run stopped by an input error names the config it was using too.
    std::fs::write(
        sub.join("broken.yaml"),
        "version: 1\npeople:\n  - {id: ceo, titel: CEO}\n",
    )
    .unwrap();
    let stopped = orglint_in(&sub)
        .args(["check", "broken.yaml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(stopped.status.code(), Some(2));
    let stopped: serde_json::Value = serde_json::from_slice(&stopped.stdout).unwrap();
    assert_eq!(stopped["config"], config, "{stopped}");
    let github = report(&sub, "github");
    assert!(
        github.contains(&format!(
            "::notice title=orglint config::orglint used the config {config}"
        )),
        "{github}"
    );
    // Without a config file: null, `none`, and no notice.
    let alone = tempfile::tempdir().unwrap();
    std::fs::write(alone.path().join("chart.yaml"), chart).unwrap();
    let json: serde_json::Value = serde_json::from_str(&report(alone.path(), "json")).unwrap();
    assert!(json["config"].is_null(), "{json}");
    let sarif: serde_json::Value = serde_json::from_str(&report(alone.path(), "sarif")).unwrap();
    assert!(sarif["runs"][0]["properties"]["config"].is_null());
    assert!(report(alone.path(), "junit").contains("<property name=\"config\" value=\"none\"/>"));
    assert!(!report(alone.path(), "github").contains("title=orglint config"));
}

/// Runs orglint in `dir` with standard input and output redirected from and to files there
/// (as a shell's `< org.yaml` and `>> log` do: the file descriptors themselves, not pipes).
fn orglint_redirected(dir: &Path, args: &[&str], stdin: &str, append_to: &str) -> i32 {
    let input = std::fs::File::open(dir.join(stdin)).unwrap();
    let output = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(dir.join(append_to))
        .unwrap();
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("orglint"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(input)
        .stdout(output)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    status.code().unwrap()
}

#[test]
fn standard_input_by_any_name_is_never_written() {
    let dir = chart_dir();
    std::fs::write(dir.path().join("log"), "").unwrap();
    for args in [
        &["check", "-", "--report", "json=/dev/stdin"][..],
        &["check", "-", "--report", "json=/dev/fd/0"],
        &["check", "-", "--report", "json=/proc/self/fd/0"],
        &["check", "-", "--report", "json=org.yaml"],
        &["check", "org.yaml", "--write-baseline", "/dev/fd/0"],
        &["diagram", "-", "-o", "/dev/stdin", "--format", "dot"],
    ] {
        let code = orglint_redirected(dir.path(), args, "org.yaml", "log");
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("org.yaml")).unwrap(),
            CHART,
            "{args:?} wrote over the chart read on standard input"
        );
    }
}

#[test]
fn standard_output_by_name_keeps_what_was_written_before() {
    let dir = chart_dir();
    for (i, args) in [
        &["check", "org.yaml", "-q", "--report", "json=/dev/stdout"][..],
        &["check", "org.yaml", "-q", "--report", "json=/dev/fd/1"],
        &[
            "diagram",
            "org.yaml",
            "-o",
            "/dev/stdout",
            "--format",
            "dot",
        ],
    ]
    .into_iter()
    .enumerate()
    {
        let log = format!("log{i}");
        std::fs::write(dir.path().join(&log), "line one\n").unwrap();
        let code = orglint_redirected(dir.path(), args, "org.yaml", &log);
        assert_eq!(code, 0, "{args:?}");
        let written = std::fs::read_to_string(dir.path().join(&log)).unwrap();
        assert!(written.starts_with("line one\n"), "{args:?}: {written}");
        assert!(
            written.len() > "line one\n".len() + 20,
            "{args:?}: {written}"
        );
    }
}

/// A sticky, world-writable folder like `/tmp`, with a symlink in it that another user
/// planted, pointing at `target`. Needs root (to own a link as another user): CI runs as root.
fn planted_symlink(target: &Path) -> Option<(tempfile::TempDir, PathBuf)> {
    if !running_as_root() {
        return None;
    }
    let shared = tempfile::tempdir().unwrap();
    std::fs::set_permissions(shared.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
    let link = shared.path().join("report.json");
    std::os::unix::fs::symlink(target, &link).unwrap();
    std::os::unix::fs::lchown(&link, Some(4242), Some(4242)).unwrap();
    Some((shared, link))
}

#[test]
fn a_symlink_another_user_planted_in_a_sticky_folder_is_not_followed() {
    let dir = chart_dir();
    let precious = dir.path().join("precious");
    std::fs::write(&precious, "root's file").unwrap();
    let Some((shared, link)) = planted_symlink(&precious) else {
        return;
    };
    let report = format!("json={}", link.display());
    let out = orglint_in(dir.path())
        .args(["check", "org.yaml", "-q", "--report", &report])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("protected_symlinks"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "root's file");
    // A dangling one would make root create the file it names.
    let created = dir.path().join("created-by-root");
    let (_shared2, dangling) = planted_symlink(&created).unwrap();
    orglint_in(dir.path())
        .args(["diagram", "org.yaml", "--format", "dot", "-o"])
        .arg(&dangling)
        .assert()
        .code(2);
    assert!(!created.exists());
    // The link's owner may be followed by the folder's owner: root owns both here.
    std::os::unix::fs::lchown(&link, Some(0), Some(0)).unwrap();
    orglint_in(dir.path())
        .args(["check", "org.yaml", "-q", "--report", &report])
        .assert()
        .code(0);
    assert!(std::fs::read_to_string(&precious)
        .unwrap()
        .contains("\"tool\""));
    drop(shared);
}

/// Whether the tests run as root, as CI does: only root can make files that belong to
/// another user. Elsewhere the tests that need it do nothing, unless CI asks for every test.
fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    assert!(
        root || std::env::var_os("ORGLINT_REQUIRE_TOOLS").is_none(),
        "planting another user's files needs root"
    );
    root
}

#[test]
fn a_config_someone_else_could_have_planted_is_not_used() {
    if !running_as_root() {
        return;
    }
    let shared = tempfile::tempdir().unwrap();
    let config = shared.path().join("orglint.yaml");
    std::fs::write(&config, "fail_on: never\nfiles: ['../*.csv']\n").unwrap();
    std::os::unix::fs::chown(&config, Some(4242), Some(4242)).unwrap();
    let team = shared.path().join("team");
    std::fs::create_dir(&team).unwrap();
    std::fs::write(
        team.join("org.yaml"),
        "people:\n  - {id: a, reports_to: ghost}\n",
    )
    .unwrap();
    let refused = orglint_in(&team)
        .args(["check", "org.yaml"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("another user (uid 4242"), "{stderr}");
    assert!(stderr.contains("--config"), "{stderr}");
    // Named, it is used: its `fail_on: never` makes the unknown manager pass.
    orglint_in(&team)
        .args(["check", "org.yaml", "--config"])
        .arg(&config)
        .assert()
        .code(0);
    // Root's own config is used, unless anyone may write to it.
    std::os::unix::fs::chown(&config, Some(0), Some(0)).unwrap();
    orglint_in(&team)
        .args(["check", "org.yaml"])
        .assert()
        .code(0);
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o666)).unwrap();
    let refused = orglint_in(&team)
        .args(["check", "org.yaml"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("anyone may write"));
}
