//! Nothing lost, nothing guessed (SPEC §8): root markers that are real ids, encodings that
//! cannot be read faithfully, rows of the wrong length, quotes that swallow rows, ids that
//! look like numbers or differ only in case or normalisation, duplicated ids in baselines and
//! diffs, and personal data that serves as a key under `--redact`.

use crate::support::ci_support::*;
use orglint::choice::Choice;
use orglint::report::ReportFormat;
use serde_json::Value;
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    orglint_in(dir).args(args).output().unwrap()
}

fn json_check(dir: &Path, file: &str) -> Value {
    let output = run(
        dir,
        &["check", "--format", "json", "--fail-on", "never", file],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn rules_of(report: &Value) -> Vec<(String, Vec<String>)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let subjects = f["subjects"].as_array().unwrap();
            (
                f["rule"].as_str().unwrap().to_owned(),
                subjects
                    .iter()
                    .map(|s| s.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect()
}

/// Exit 2 with `file:line` and the words expected in the message.
fn assert_input_error(output: &std::process::Output, place: &str, words: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(place), "{place} in {stderr}");
    for word in words {
        assert!(stderr.contains(word), "{word:?} in {stderr}");
    }
    assert!(output.stdout.is_empty(), "nothing written half-way");
}

#[test]
fn a_root_marker_that_is_also_an_id_names_that_person() {
    let dir = tempfile::tempdir().unwrap();
    for marker in ["0", "-1", "XX"] {
        let csv = format!(
            "id,manager,name,title\n{marker},,Zero Top,Chief Executive Officer\np1,{marker},Ana Ruiz,Analyst\np2,,Bo Chen,Founder\n"
        );
        write(dir.path(), "org.csv", csv.as_bytes());
        let report = json_check(dir.path(), "org.csv");
        let roots: Vec<_> = rules_of(&report)
            .into_iter()
            .filter(|(rule, _)| rule == "multiple-roots")
            .collect();
        // Two tops (the marker person and p2), not three: p1 reports to the person.
        assert_eq!(roots.len(), 1, "{marker}: {roots:?}");
        assert!(
            !roots[0].1.contains(&"p1".to_owned()),
            "{marker}: {roots:?}"
        );
    }
    // Without such a person the marker still means top.
    write(
        dir.path(),
        "org.csv",
        b"id,manager,name\np1,0,Ana\np2,p1,Bo\n",
    );
    let report = json_check(dir.path(), "org.csv");
    assert!(rules_of(&report)
        .iter()
        .all(|(rule, _)| rule != "unknown-manager"));
}

#[test]
fn a_bom_with_latin1_bytes_or_mixed_encodings_is_exit_2_never_a_replacement_character() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bom.csv",
        b"\xEF\xBB\xBFid,manager,name\np1,,Jos\xe9\np2,p1,Jos\xe8\n",
    );
    assert_input_error(
        &run(dir.path(), &["check", "bom.csv"]),
        "bom.csv:2:8:",
        &["0xe9", "UTF-8"],
    );
    write(
        dir.path(),
        "mixed.csv",
        b"id,manager,name\np1,,Jos\xc3\xa9\np2,p1,Jos\xe8\n",
    );
    assert_input_error(
        &run(dir.path(), &["check", "mixed.csv"]),
        "mixed.csv:3:10:",
        &["0xe8"],
    );
    // Latin-1 throughout is read faithfully.
    write(
        dir.path(),
        "latin1.csv",
        b"id,manager,name\np1,,Jos\xe9\np2,p1,Jos\xe8\n",
    );
    let output = run(dir.path(), &["stats", "--format", "json", "latin1.csv"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(!String::from_utf8_lossy(&output.stdout).contains('\u{fffd}'));
}

#[test]
fn rows_with_too_few_or_too_many_cells_are_exit_2_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "long.csv",
        b"id,manager,name\np0,,Boss\np1,p0,Wei, Chen\n",
    );
    assert_input_error(
        &run(dir.path(), &["check", "long.csv"]),
        "long.csv:3:",
        &["4 cells", "3 columns"],
    );
    write(dir.path(), "short.csv", b"id,manager,name\np0,,Boss\np1\n");
    assert_input_error(
        &run(dir.path(), &["check", "short.csv"]),
        "short.csv:3:",
        &["1 cells", "3 columns"],
    );
    write(
        dir.path(),
        "short.tsv",
        b"id\tmanager\tname\np0\t\tBoss\np1\tp0\n",
    );
    assert_input_error(
        &run(dir.path(), &["check", "short.tsv"]),
        "short.tsv:3:",
        &["2 cells"],
    );
    // Empty cells past the header's end lose nothing: accepted.
    write(
        dir.path(),
        "trailing.csv",
        b"id,manager,name\np0,,Boss,,\np1,p0,Ana,\n",
    );
    assert_eq!(
        run(dir.path(), &["check", "--fail-on", "never", "trailing.csv"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn a_quote_that_swallows_rows_is_exit_2_but_a_multi_line_name_is_not() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "stray.csv",
        b"id,manager,name\np1,,\"Wei Chen\np2,p1,Ana Ruiz\np3,p1,Bo Chen\"\np4,p1,Cy Lo\n",
    );
    assert_input_error(
        &run(dir.path(), &["check", "stray.csv"]),
        "stray.csv:2:",
        &["quote", "\"name\""],
    );
    write(
        dir.path(),
        "multi.csv",
        b"id,manager,name\np1,,\"Lee\r\nPark\"\np2,p1,Ana\n",
    );
    assert_eq!(
        run(dir.path(), &["check", "--fail-on", "never", "multi.csv"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn ids_that_look_like_numbers_are_kept_as_written_in_yaml_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let ids = [
        "0x1F", "31", "0o17", "15", "0b101", "5", "+12", "12", "-0", "0", "1e3", "1000",
    ];
    let mut yaml =
        String::from("version: 1\npeople:\n  - {id: boss, title: Chief Executive Officer}\n");
    let mut json = String::from("{\"version\": 1, \"people\": [{\"id\": \"boss\"}");
    for id in ids {
        yaml.push_str(&format!("  - {{id: {id}, reports_to: boss}}\n"));
    }
    for id in ["31", "12", "1000"] {
        json.push_str(&format!(", {{\"id\": {id}, \"reports_to\": \"boss\"}}"));
    }
    json.push_str(", {\"id\": 1e3, \"reports_to\": \"boss\"}]}");
    write(dir.path(), "ids.yaml", yaml.as_bytes());
    write(dir.path(), "ids.json", json.as_bytes());
    for file in ["ids.yaml", "ids.json"] {
        let report = json_check(dir.path(), file);
        let duplicates: Vec<_> = rules_of(&report)
            .into_iter()
            .filter(|(rule, _)| rule == "duplicate-id")
            .collect();
        assert!(duplicates.is_empty(), "{file}: {duplicates:?}");
    }
    let output = run(
        dir.path(),
        &["diagram", "ids.yaml", "-o", "-", "--format", "dot"],
    );
    let dot = stdout_of(&output);
    for id in ids {
        assert!(
            dot.contains(&format!("\"{id}\"")),
            "{id} kept as written in {dot}"
        );
    }
}

#[test]
fn ids_differing_only_in_case_or_normalisation_are_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "version: 1\npeople:\n  - {id: boss, title: Chief Executive Officer}\n  - {id: E1, reports_to: boss}\n  - {id: e1, reports_to: boss}\n  - {id: \"Jos\\u00e9\", reports_to: boss}\n  - {id: \"Jose\\u0301\", reports_to: boss}\n  - {id: \"\\uFF25\\uFF12\", reports_to: boss}\n  - {id: e2, reports_to: boss}\n  - {id: e3, reports_to: boss}\n";
    write(dir.path(), "case.yaml", yaml.as_bytes());
    let report = json_check(dir.path(), "case.yaml");
    let mut look_alikes: Vec<(Vec<String>, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "duplicate-id")
        .map(|f| {
            assert_eq!(f["severity"], "warning", "{f}");
            let subjects = f["subjects"].as_array().unwrap();
            (
                subjects
                    .iter()
                    .map(|s| s.as_str().unwrap().to_owned())
                    .collect(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    look_alikes.sort();
    let subjects: Vec<_> = look_alikes.iter().map(|(s, _)| s.clone()).collect();
    assert_eq!(
        subjects,
        [
            vec!["Jose\u{301}".to_owned(), "Jos\u{e9}".to_owned()],
            vec!["e1".to_owned(), "E1".to_owned()],
            vec!["e2".to_owned(), "\u{ff25}\u{ff12}".to_owned()],
        ]
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
    // The message shows the difference, not two identical-looking strings.
    assert!(
        look_alikes.iter().any(|(_, m)| m.contains("\\u{301}")),
        "{look_alikes:?}"
    );
}

#[test]
fn diff_and_baselines_count_every_person_of_a_duplicated_id() {
    let dir = tempfile::tempdir().unwrap();
    let old = "version: 1\npeople:\n  - {id: boss, name: Ana Ruiz, title: Chief Executive Officer}\n  - {id: dup, name: Bo Chen, title: Analyst, reports_to: boss}\n";
    let new = format!(
        "{old}  - {{id: dup, name: Cy Lo, title: Clerk, reports_to: boss}}\n  - {{id: dup, name: Di Ng, title: Clerk, reports_to: boss}}\n"
    );
    write(dir.path(), "old.yaml", old.as_bytes());
    write(dir.path(), "new.yaml", new.as_bytes());
    let output = run(
        dir.path(),
        &["diff", "old.yaml", "new.yaml", "--format", "json"],
    );
    let diff: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(diff["joiners"].as_array().unwrap().len(), 2, "{diff}");
    let text = stdout_of(&run(dir.path(), &["diff", "old.yaml", "new.yaml"]));
    assert!(!text.contains("No changes."), "{text}");

    // A baseline taken with two people under `dup` (one duplicate-id finding) does not
    // cover a third: its finding is new.
    let two = format!("{old}  - {{id: dup, name: Cy Lo, title: Clerk, reports_to: boss}}\n");
    write(dir.path(), "two.yaml", two.as_bytes());
    let written = run(
        dir.path(),
        &[
            "check",
            "two.yaml",
            "--fail-on",
            "never",
            "--write-baseline",
            "base.json",
        ],
    );
    assert_eq!(written.status.code(), Some(0), "{written:?}");
    let output = run(
        dir.path(),
        &[
            "check",
            "new.yaml",
            "--baseline",
            "base.json",
            "--format",
            "json",
        ],
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let states: Vec<bool> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "duplicate-id")
        .map(|f| f["existing"].as_bool().unwrap())
        .collect();
    assert_eq!(states, [true, false], "{report}");
    assert_eq!(
        output.status.code(),
        Some(1),
        "the new duplicate fails the run"
    );
}

#[test]
fn redact_replaces_email_ids_scim_user_names_and_name_labels_with_one_pseudonym() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "Employee_ID,Manager_ID,Worker,Business_Title,Supervisory_Organization\n\
               logan.mcneil@acme.example,,Logan McNeil,Chief Executive Officer,Executive (Logan McNeil)\n\
               e2,logan.mcneil@acme.example,Wenonah Quist,Chief Operating Officer,Executive (Logan McNeil)\n\
               e3,e2,Bo Chen,Clerk,Operations (Wenonah Quist)\n\
               e4,gone.person@acme.example,Cy Lo,Clerk,Operations (Wenonah Quist)\n";
    write(dir.path(), "workday.csv", csv.as_bytes());
    let scim = r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "Resources": [
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "dkowalski", "displayName": "Dana Kowalski", "title": "Analyst"}
    ]}"#;
    write(dir.path(), "scim.json", scim.as_bytes());
    // Dana has no manager: a second top, so `multiple-roots` names Logan's email id and Dana's
    // userName, and `unknown-manager` names the departed manager's email.
    let secrets = [
        "logan",
        "mcneil",
        "gone.person",
        "acme.example",
        "wenonah",
        "dkowalski",
        "kowalski",
    ];
    let mut seen = std::collections::BTreeSet::new();
    let mut in_json = std::collections::BTreeSet::new();
    for format in ReportFormat::names() {
        let output = run(
            dir.path(),
            &[
                "check",
                "--redact",
                "--fail-on",
                "never",
                "--format",
                format,
                "workday.csv",
                "scim.json",
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{format}: {output:?}");
        let text = stdout_of(&output).to_lowercase();
        for secret in secrets {
            assert!(!text.contains(secret), "{format} leaks {secret}: {text}");
        }
        // Markdown escapes the `-` of a pseudonym.
        let found = pseudonyms(&text.replace('\\', ""));
        assert!(!found.is_empty(), "{format}: {text}");
        if format == "json" {
            in_json.clone_from(&found);
        }
        seen.extend(found);
    }
    // Three personal ids (two emails, one userName), one pseudonym each in every output.
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!(seen, in_json);
    let stats = [
        "stats",
        "--redact",
        "--format",
        "json",
        "workday.csv",
        "scim.json",
    ];
    let diagram = [
        "diagram",
        "--redact",
        "workday.csv",
        "scim.json",
        "-o",
        "-",
        "--cluster",
        "department",
    ];
    for (args, pseudonym) in [(&stats[..], "person-"), (&diagram[..], "department-")] {
        let text = stdout_of(&run(dir.path(), args)).to_lowercase();
        for secret in secrets {
            assert!(!text.contains(secret), "{args:?} leaks {secret}: {text}");
        }
        assert!(text.contains(pseudonym), "{args:?}: {text}");
    }
}

/// The `person-xxxx` pseudonyms in a text.
fn pseudonyms(text: &str) -> std::collections::BTreeSet<String> {
    text.match_indices("person-")
        .map(|(at, _)| {
            text[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect()
        })
        .collect()
}
