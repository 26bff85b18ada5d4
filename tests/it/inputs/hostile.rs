//! Hostile input (SPEC §8): each case gives exit 2 with a clear message, or a correct report,
//! never a panic, within a time limit and under a 2 GB address-space cap (`ulimit -v`).

use assert_cmd::Command;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Address-space cap for every run, in KiB.
const MEMORY_CAP_KIB: u64 = 2_000_000;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs orglint with `args` under the memory cap and a time limit, from `dir` (so no config
/// file of the repository is picked up).
fn orglint_in(dir: &Path, args: &[&str]) -> Run {
    let binary = assert_cmd::cargo::cargo_bin("orglint");
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_CAP_KIB}; exec \"$0\" \"$@\""))
        .arg(binary)
        .args(args)
        .current_dir(dir)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "panic: {}",
        run.stderr
    );
    assert_ne!(
        run.code, -1,
        "killed by a signal (or timed out): {}",
        run.stderr
    );
    run
}

/// Writes `bytes` to `name` in a fresh temporary folder and checks it.
fn check_bytes(name: &str, bytes: &[u8]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    orglint_in(dir.path(), &["check", name])
}

/// Asserts exit 2 with one `orglint: error: FILE...` line that contains `expected`.
fn assert_input_error(run: &Run, file: &str, expected: &str) {
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    let prefix = format!("orglint: error: {file}");
    assert!(run.stderr.starts_with(&prefix), "{}", run.stderr);
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    // One message line, then at most its excerpt: the line and a caret, in a gutter.
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        lines.len() == 1 || (lines.len() <= 4 && lines[1..].iter().all(|l| l.contains(" |"))),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "", "nothing is reported half-way");
}

fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    // xorshift64*: enough for junk, no dependency.
    let mut state = seed.max(1);
    (0..len)
        .map(|_| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
        })
        .collect()
}

const BILLION_LAUGHS: &str = r#"people: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"#;

#[test]
fn billion_laughs_is_an_input_error() {
    let run = check_bytes("bomb.yaml", BILLION_LAUGHS.as_bytes());
    assert_input_error(&run, "bomb.yaml:", "expected");
}

#[test]
fn alias_amplification_within_the_schema_hits_the_replay_budget() {
    // Every person reuses one anchored list of 1,000 duties: 2,000 aliases would replay
    // 2,000,000 scalars from a 20 KB file.
    let mut yaml = String::from("people:\n  - {id: p0, owns: &duties [");
    yaml.push_str(&vec!["duty"; 1000].join(","));
    yaml.push_str("]}\n");
    for i in 1..2000 {
        yaml.push_str(&format!("  - {{id: p{i}, owns: *duties}}\n"));
    }
    let run = check_bytes("amplified.yaml", yaml.as_bytes());
    assert_input_error(&run, "amplified.yaml:", "alias bomb");
}

#[test]
fn ten_thousand_levels_of_nesting_are_an_input_error() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let run = check_bytes("deep.json", deep.as_bytes());
    assert_input_error(&run, "deep.json:1:", "nesting is too deep");
    let yaml = format!("people:\n  - id: a\n    owns: {deep}\n");
    let run = check_bytes("deep.yaml", yaml.as_bytes());
    assert_input_error(&run, "deep.yaml:3:", "nesting is too deep");
}

#[test]
fn binary_junk_is_an_input_error_in_every_format() {
    for (seed, name) in [
        (1, "junk.yaml"),
        (2, "junk.json"),
        (3, "junk.csv"),
        (4, "junk.tsv"),
    ] {
        let run = check_bytes(name, &random_bytes(100_000, seed));
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.starts_with(&format!("orglint: error: {name}")));
    }
}

#[test]
fn ascii_control_junk_and_nuls_are_input_errors() {
    // Valid UTF-8, so the parsers themselves must reject it.
    let controls: Vec<u8> = random_bytes(10_000, 5).iter().map(|b| b % 32).collect();
    for name in ["controls.yaml", "controls.json"] {
        let run = check_bytes(name, &controls);
        assert_input_error(&run, name, "");
    }
    for name in ["nul.yaml", "nul.json"] {
        let run = check_bytes(name, &[0; 1000]);
        assert_input_error(&run, &format!("{name}:1:1:"), "");
    }
    let run = check_bytes("nul-in-id.yaml", b"people:\n  - id: a\0b\n");
    assert_input_error(&run, "nul-in-id.yaml:2:", "");
}

#[test]
fn invalid_utf8_names_its_line_and_column() {
    let run = check_bytes("latin1.yaml", b"people:\n  - id: a\n    name: Jos\xe9\n");
    assert_input_error(&run, "latin1.yaml:3:14:", "invalid UTF-8");
    let run = check_bytes("latin1.json", b"{\"people\": [{\"id\": \"\xff\"}]}");
    assert_input_error(&run, "latin1.json:1:21:", "invalid UTF-8");
}

/// Writes a chart whose only person has a `field` of `len` bytes, on one line.
fn write_one_long_line(path: &Path, field: &str, len: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    write!(out, "people: [{{id: boss, reports_to: nobody, {field}: \"").unwrap();
    let chunk = "Executive Vice President, ".repeat(1024);
    let mut written = 0;
    while written < len {
        out.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len();
    }
    out.write_all(b"\"}]").unwrap();
    out.flush().unwrap();
}

#[test]
#[ignore = "slow (100 MB input): .ci/run runs it with --ignored"]
fn a_100_mb_single_line_gives_a_correct_report() {
    let dir = tempfile::tempdir().unwrap();
    write_one_long_line(&dir.path().join("line.yaml"), "title", 100 << 20);
    let run = orglint_in(dir.path(), &["check", "line.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("error[unknown-manager]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("in 1 position"), "{}", run.stdout);
    assert!(run.stdout.len() < 4096, "the report stays short");
}

#[test]
#[ignore = "slow (100 MB input): .ci/run runs it with --ignored"]
fn a_100_mb_line_of_junk_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.json");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for _ in 0..100 {
        out.write_all(&[b'x'; 1 << 20]).unwrap();
    }
    out.flush().unwrap();
    drop(out);
    let run = orglint_in(dir.path(), &["check", "junk.json"]);
    assert_input_error(&run, "junk.json:1:", "expected");
}

/// Each cell of a quoted row is placed from where the one before it stands: a row of 400,000
/// quoted cells with accents (2 MB) once took minutes, counting its line from the start for
/// every cell.
#[test]
fn a_row_of_400_000_quoted_cells_with_accents_is_an_input_error_at_its_line() {
    let row = vec!["\"é\""; 400_000].join(",");
    let run = check_bytes("wide.csv", format!("id,reports_to\n{row}\n").as_bytes());
    assert_input_error(&run, "wide.csv:2:", "this row has 400000 cells");
}

#[test]
fn a_1_mb_name_and_title_give_a_short_correct_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.yaml");
    write_one_long_line(&path, "name", 1 << 20);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.insert_str(
        text.len() - 2,
        &format!(", title: \"{}\"", "CEO ".repeat(1 << 18)),
    );
    std::fs::write(&path, text).unwrap();
    let run = orglint_in(dir.path(), &["check", "long.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // The chart-wide `missing-role` findings come first (at line 1); the person's follows.
    let finding = run
        .stdout
        .lines()
        .find(|l| l.contains("error[unknown-manager]"))
        .unwrap_or_else(|| panic!("no unknown-manager in {}", run.stdout));
    // The name is shortened in the message, and the excerpt of the line too.
    assert!(finding.contains("Executive Vice President"), "{finding}");
    assert!(run.stdout.len() < 4096, "{} bytes", run.stdout.len());
}

/// A chart whose ids carry quotes, a newline, terminal escapes and markup.
const NASTY_ID: &str = "a\"b'<script>alert(1)</script>&amp;\n\u{1b}[31m|x";

fn nasty_chart() -> String {
    let id = serde_json::to_string(NASTY_ID).unwrap();
    format!(
        "{{\"people\": [{{\"id\": {id}, \"reports_to\": \"ghost\\\"\\n<b>\"}}, {{\"id\": \"c\", \"reports_to\": {id}}}]}}"
    )
}

#[test]
fn ids_with_quotes_newlines_and_markup_are_escaped_in_text() {
    let run = check_bytes("nasty.json", nasty_chart().as_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no raw escape reaches the terminal"
    );
    let findings: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("nasty.json:") && !l.contains("[unread-titles]"))
        .collect();
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    assert!(findings[0].contains("unknown-manager"), "{}", findings[0]);
    // The newline inside the id is shown escaped, on the finding's own line.
    assert!(findings[0].contains("\\n"), "{}", findings[0]);
}

#[test]
fn ids_with_quotes_newlines_and_markup_survive_json_exactly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("nasty.json"), nasty_chart()).unwrap();
    let run = orglint_in(dir.path(), &["check", "--format", "json", "nasty.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    // The chart has no titles: `unread-titles` speaks too, but about the file, not people.
    let findings: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] != "unread-titles")
        .collect();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["rule"], "unknown-manager");
    assert_eq!(findings[0]["subjects"][0], NASTY_ID);
    assert_eq!(report["summary"]["people"], 2);
}

#[test]
fn empty_files_are_input_errors() {
    for name in ["empty.yaml", "empty.json", "blank.yaml"] {
        let bytes: &[u8] = if name == "blank.yaml" { b"\n  \n" } else { b"" };
        let run = check_bytes(name, bytes);
        assert_input_error(
            &run,
            &format!("{name}: the file is empty"),
            "expected a chart",
        );
    }
    let run = check_bytes("comments.yaml", b"# nothing here yet\n\n");
    assert_input_error(&run, "comments.yaml", "expected a chart");
}

#[test]
fn a_directory_and_a_missing_file_are_input_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("folder.yaml")).unwrap();
    let run = orglint_in(dir.path(), &["check", "folder.yaml"]);
    assert_input_error(&run, "folder.yaml: cannot read", "");
    let run = orglint_in(dir.path(), &["check", "missing.yaml"]);
    assert_input_error(&run, "missing.yaml: cannot read", "");
}

/// A rulebook or config file with hostile content: `--rules` / `--config`.
fn check_with(flag: &str, name: &str, bytes: &[u8]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let chart: PathBuf = [env!("CARGO_MANIFEST_DIR"), "examples", "minimal.yaml"]
        .iter()
        .collect();
    orglint_in(dir.path(), &["check", flag, name, chart.to_str().unwrap()])
}

#[test]
fn hostile_rulebooks_and_configs_are_input_errors() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let junk = random_bytes(10_000, 6);
    for flag in ["--rules", "--config"] {
        for (name, bytes) in [
            ("bomb.yaml", BILLION_LAUGHS.as_bytes()),
            ("deep.yaml", deep.as_bytes()),
            ("junk.yaml", &junk[..]),
            ("nul.yaml", &[0u8; 100][..]),
        ] {
            let run = check_with(flag, name, bytes);
            assert_input_error(&run, name, "");
        }
    }
}

#[test]
#[ignore = "slow (100 MB input): .ci/run runs it with --ignored"]
fn a_100_mb_csv_header_line_is_an_input_error_with_a_short_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    out.write_all(b"id,").unwrap();
    for _ in 0..100 {
        out.write_all(&[b'x'; 1 << 20]).unwrap();
    }
    out.flush().unwrap();
    drop(out);
    let run = orglint_in(dir.path(), &["check", "wide.csv"]);
    assert_input_error(&run, "wide.csv:1:", "no manager column found");
    assert!(run.stderr.len() < 2048, "{} bytes", run.stderr.len());
}

#[test]
fn csv_ids_with_quotes_newlines_markup_and_nuls_are_reported_escaped() {
    let csv = "id,manager\n\"a\"\"b\n<script>\u{1b}[31m\",ghost\nc,\"a\"\"b\n<script>\u{1b}[31m\"\n\0\0,\0\n";
    let run = check_bytes("nasty.csv", csv.as_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\0'));
    let findings: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("nasty.csv:") && !l.contains("[unread-titles]"))
        .collect();
    // The quoted id spans two lines; `c` reports to it; the NUL id reports to a NUL nobody.
    assert_eq!(findings.len(), 2, "{}", run.stdout);
    assert!(findings[0].contains("a\"b\\n<script>\\u{1b}[31m reports to ghost"));
    assert!(findings[1].contains("\\u{0}\\u{0} reports to \\u{0}"));
    assert!(run.stdout.contains("in 3 positions"), "{}", run.stdout);
}

/// The chart fuzz targets' frames and invariants (`load_and_check`), shared with `fuzz/`.
#[path = "../../../fuzz/fuzz_targets/common.rs"]
mod fuzz_common;

/// The split fuzz targets cut their seeds (whole exports in parts) into their parts, and
/// the target's own code loads and checks them together.
#[test]
fn split_fuzz_targets_load_their_seeds_in_parts() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exports/seeds");
    for (target, seed) in [
        ("ldif_parts", "ldif-parts.ldif"),
        ("json_pages", "graph-pages.json"),
        ("json_pages", "scim-pages.json"),
    ] {
        let input = std::fs::read(seeds.join(seed)).unwrap();
        let target = fuzz_common::chart_target(target);
        let files = target.files(&input);
        assert_eq!(files.len(), 2, "{seed}");
        assert!(files.iter().all(|f| f.ends_with(b"\n")), "{seed}");
        target.run(&input);
    }
}

/// Every input the fuzzers ever crashed on (`tests/fuzz_regressions/<target>/`), replayed the
/// way its target fed it: through the binary (exit 0, 1 or 2, never a panic) and, for the chart
/// targets, through the target's own code in this process, so that a broken invariant (a chart
/// that differs from itself, a finding escaping its own baseline, an unsafe report) fails here.
#[test]
fn fuzz_regressions_replay_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let chart: PathBuf = [env!("CARGO_MANIFEST_DIR"), "examples", "minimal.yaml"]
        .iter()
        .collect();
    // A folder no target reads would be a regression that never replays.
    if let Ok(folders) = std::fs::read_dir(&root) {
        for folder in folders {
            let name = folder.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                ["rulebook", "config"].contains(&name.as_str())
                    || fuzz_common::CHART_TARGETS.iter().any(|t| t.name == name),
                "tests/fuzz_regressions/{name} is no fuzz target"
            );
        }
    }
    let chart_targets = fuzz_common::CHART_TARGETS
        .iter()
        .map(|t| (t.name, t.extension, Some(t)));
    let mut replayed = 0;
    for (target, extension, chart_target) in
        chart_targets.chain([("rulebook", "yaml", None), ("config", "yaml", None)])
    {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let input = std::fs::read(&path).unwrap();
            let files = match chart_target {
                Some(chart_target) => {
                    let replay = std::panic::catch_unwind(|| chart_target.run(&input));
                    assert!(replay.is_ok(), "{target}: {} panics", path.display());
                    chart_target.files(&input)
                }
                None => vec![input],
            };
            let dir = tempfile::tempdir().unwrap();
            let names: Vec<String> = (0..files.len())
                .map(|part| format!("input-{part}.{extension}"))
                .collect();
            for (name, file) in names.iter().zip(&files) {
                std::fs::write(dir.path().join(name), file).unwrap();
            }
            let name = names[0].as_str();
            let args: Vec<&str> = match target {
                "rulebook" => vec!["check", "--rules", name, chart.to_str().unwrap()],
                "config" => vec!["check", "--config", name, chart.to_str().unwrap()],
                _ => ["check", "--allow-partial"]
                    .into_iter()
                    .chain(names.iter().map(String::as_str))
                    .collect(),
            };
            let run = orglint_in(dir.path(), &args);
            assert!((0..=2).contains(&run.code), "{target}: {}", run.stderr);
            replayed += 1;
        }
    }
    eprintln!("{replayed} fuzz regressions replayed");
}

#[test]
fn megabyte_references_are_shortened_in_every_message() {
    // Every field that names something else, and a waiver's rule, 1 MB long.
    let big = "Z".repeat(1 << 20);
    let yaml = format!(
        "people:\n  - {{id: a, reports_to: {big}, dotted_lines: [{big}], department: {big}, owns: [{big}], roles: [{big}]}}\nwaivers:\n  - {{rule: {big}, subject: {big}, reason: {big}}}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.yaml"), yaml).unwrap();
    for format in ["text", "github", "markdown"] {
        let run = orglint_in(dir.path(), &["check", "--format", format, "big.yaml"]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        let longest = run.stdout.lines().map(str::len).max().unwrap_or(0);
        assert!(longest < 2000, "{format}: a line of {longest} bytes");
        assert!(run.stdout.contains("1048576 bytes"), "{format}");
    }
}

#[test]
fn a_megabyte_name_is_shortened_alike_in_stats_and_diff() {
    let big = "N".repeat(1 << 20);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("old.yaml"),
        "people:\n  - {id: ceo, title: Chief Executive Officer}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("new.yaml"),
        format!(
            "people:\n  - {{id: ceo, title: Chief Executive Officer}}\n  - {{id: boss, name: {big}, title: Chief Executive Officer}}\n"
        ),
    )
    .unwrap();
    // The one `Name (id)` label of every report: the name cut to 80 characters.
    let label = format!("{}… (1048576 bytes) (boss)", "N".repeat(80));
    let stats = orglint_in(dir.path(), &["stats", "new.yaml"]);
    assert_eq!(stats.code, 0, "{}", stats.stderr);
    assert!(
        stats
            .stdout
            .contains(&format!("CEO   {label}, Chief Executive Officer")),
        "{}",
        stats.stdout
    );
    let diff = orglint_in(dir.path(), &["diff", "old.yaml", "new.yaml"]);
    assert!(
        diff.stdout
            .contains(&format!("+ {label}, Chief Executive Officer at the top")),
        "{}",
        diff.stdout
    );
    for output in [&stats.stdout, &diff.stdout] {
        let longest = output.lines().map(str::len).max().unwrap_or(0);
        assert!(longest < 2000, "a line of {longest} bytes");
    }
}
