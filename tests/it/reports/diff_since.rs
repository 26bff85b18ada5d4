//! `orglint diff --since REF [FILE...]` on real temporary git repositories: files added and
//! removed between revisions, the working tree's config judging both sides, git's filters
//! (end-of-line conversion, a clean/smudge filter standing in for LFS), and the refusals:
//! an unknown REF, a shallow clone lacking it, a path outside the repository, no git.

use crate::support::ci_support::*;
use serde_json::Value;
use std::path::PathBuf;

/// A git repository in a temporary folder, with the user's and the system's git config
/// kept out.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// None when git is missing (the test is skipped, or fails under ORGLINT_REQUIRE_TOOLS).
    fn new() -> Option<Repo> {
        if !tool_available("git", "--version", "apt-get install git") {
            return None;
        }
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        Some(repo)
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn git(&self, args: &[&str]) {
        git_in(self.dir.path(), args);
    }

    fn write(&self, name: &str, text: &str) {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// `orglint ARGS` in the repository, with git's outside config kept out.
    fn orglint(&self, args: &[&str]) -> std::process::Output {
        orglint_in(self.dir.path())
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap()
    }
}

fn json_of(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)))
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect()
}

/// The header of the charts whose config maps `Boss` as the manager column.
const HEADER: &str = "id,name,title,Boss,email\n";
/// The header of the charts with no config.
const PLAIN: &str = "id,name,title,manager,email\n";

#[test]
fn since_compares_the_files_at_ref_with_the_working_tree_under_its_config() {
    let Some(repo) = Repo::new() else { return };
    // At REF the config misspells `columns` (which orglint refuses now): only the working
    // tree's config, with the key renamed, may be read, for both sides.
    repo.write(
        "orglint.yaml",
        "files: [\"hr/*.csv\"]\ncsv:\n  colums: {manager: Boss}\n",
    );
    repo.write(
        "hr/org.csv",
        &format!(
            "{HEADER}1,Ada Ceo,Chief Executive Officer,,ada@x.example\n\
             2,Ben Coo,Chief Operating Officer,1,ben@x.example\n\
             3,Cy Cio,Chief Information Officer,1,cy@x.example\n"
        ),
    );
    repo.write("hr/gone.csv", &format!("{HEADER}9,Di Gone,Clerk,2,\n"));
    repo.commit("first");
    repo.write(
        "orglint.yaml",
        "files: [\"hr/*.csv\"]\ncsv:\n  columns: {manager: Boss}\n",
    );
    // Ben is re-keyed (same email): the same person, not a leaver and a joiner.
    repo.write(
        "hr/org.csv",
        &format!(
            "{HEADER}1,Ada Ceo,Chief Executive Officer,,ada@x.example\n\
             22,Ben Coo,Chief Operating Officer,1,ben@x.example\n\
             3,Cy Cio,Chief Information Officer,1,cy@x.example\n"
        ),
    );
    std::fs::remove_file(repo.path().join("hr/gone.csv")).unwrap();
    repo.write("hr/new.csv", &format!("{HEADER}7,Ed New,Clerk,22,\n"));
    let output = repo.orglint(&["diff", "--since", "HEAD", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = json_of(&output);
    assert_eq!(ids(&report["joiners"]), ["7"], "{report}");
    assert_eq!(ids(&report["leavers"]), ["9"], "{report}");
    assert_eq!(report["moves"].as_array().unwrap().len(), 0, "{report}");
    // The old side was read with the working tree's column mapping: it had one top.
    let resolved = report["resolved_findings"].as_array().unwrap();
    assert!(
        resolved.iter().all(|f| f["rule"] != "multiple-roots"),
        "{report}"
    );
    let notes = report["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 2, "{report}");
    assert!(notes[0]
        .as_str()
        .unwrap()
        .starts_with("hr/gone.csv is not in the working tree"));
    assert!(notes[1]
        .as_str()
        .unwrap()
        .starts_with("hr/new.csv is not at HEAD"));
    assert!(
        report["old"].as_str().unwrap().contains(" at HEAD ("),
        "{report}"
    );

    // FILEs named: one that looks like an option is still a file.
    repo.write(
        "-n.csv",
        &format!("{HEADER}1,Ada Ceo,Chief Executive Officer,,\n"),
    );
    repo.commit("second");
    repo.write(
        "-n.csv",
        &format!("{HEADER}1,Ada Ceo,Chief Executive Officer,,\n5,Flo New,Clerk,1,\n"),
    );
    let output = repo.orglint(&[
        "diff", "--since", "HEAD", "--format", "json", "--", "-n.csv",
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(ids(&json_of(&output)["joiners"]), ["5"]);
}

#[test]
fn since_reads_each_file_through_gits_filters() {
    let Some(repo) = Repo::new() else { return };
    // A clean/smudge pair standing in for LFS: the repository stores `@@` for every comma,
    // and a checkout (or `cat-file --filters`) puts the commas back. Plus CRLF line ends.
    repo.git(&["config", "filter.commas.clean", "sed s/,/@@/g"]);
    repo.git(&["config", "filter.commas.smudge", "sed s/@@/,/g"]);
    repo.write(".gitattributes", "*.csv filter=commas text eol=crlf\n");
    let chart = format!(
        "{PLAIN}1,Ada Ceo,Chief Executive Officer,,\n2,Ben Coo,Chief Operating Officer,1,\n"
    );
    repo.write("org.csv", &chart);
    repo.commit("first");
    // The working tree as a checkout writes it: commas, CRLF.
    std::fs::remove_file(repo.path().join("org.csv")).unwrap();
    repo.git(&["checkout", "--", "org.csv"]);
    let checked_out = std::fs::read_to_string(repo.path().join("org.csv")).unwrap();
    assert!(checked_out.contains("Ada Ceo,Chief") && checked_out.contains("\r\n"));
    let output = repo.orglint(&["diff", "--since", "HEAD", "org.csv", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = json_of(&output);
    assert_eq!(report["summary"]["joiners"], 0, "{report}");
    assert_eq!(report["summary"]["leavers"], 0, "{report}");
    assert_eq!(report["summary"]["old_people"], 2, "{report}");
}

#[test]
fn since_refuses_what_it_cannot_read_with_exit_2_and_the_reason() {
    let Some(repo) = Repo::new() else { return };
    repo.write(
        "org.csv",
        &format!("{PLAIN}1,Ada Ceo,Chief Executive Officer,,\n"),
    );
    repo.commit("first");
    repo.write(
        "org.csv",
        &format!("{PLAIN}1,Ada Ceo,Chief Executive Officer,,\n2,Bo,Clerk,1,\n"),
    );
    repo.commit("second");
    let refused = |output: std::process::Output, reason: &str| {
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(reason), "{reason:?} not in: {stderr}");
    };
    refused(
        repo.orglint(&["diff", "--since", "no-such-branch", "org.csv"]),
        "no commit of this repository is called \"no-such-branch\"",
    );
    refused(
        repo.orglint(&["diff", "--since=--output=x", "org.csv"]),
        "cannot start with `-`",
    );
    let outside = tempfile::tempdir().unwrap();
    let elsewhere = outside.path().join("org.csv");
    std::fs::write(&elsewhere, PLAIN).unwrap();
    refused(
        repo.orglint(&["diff", "--since", "HEAD~1", elsewhere.to_str().unwrap()]),
        "is outside the git repository",
    );
    refused(
        repo.orglint(&["diff", "--since", "HEAD~1", "missing.csv"]),
        "missing.csv is neither in the working tree nor at HEAD~1",
    );
    // No git on PATH.
    let output = orglint_in(&repo.path())
        .args(["diff", "--since", "HEAD~1", "org.csv"])
        .env("PATH", outside.path())
        .output()
        .unwrap();
    refused(output, "git is not installed");
    // A shallow clone holds only the latest commit.
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    git_in(
        clones.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let output = orglint_in(&clones.path().join("shallow"))
        .args(["diff", "--since", "HEAD~1", "org.csv"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    refused(output, "fetch-depth: 0");
    // The history present, it works.
    let output = repo.orglint(&["diff", "--since", "HEAD~1", "org.csv", "--format", "json"]);
    assert_eq!(ids(&json_of(&output)["joiners"]), ["2"]);
}

#[test]
fn resolved_findings_point_at_the_file_and_line_at_ref() {
    let Some(repo) = Repo::new() else { return };
    // At REF Cy manages himself on line 4 of team/org.csv; since then two people joined
    // above him and the loop is fixed.
    repo.write(
        "team/org.csv",
        &format!(
            "{PLAIN}1,Ada Ceo,Chief Executive Officer,,\n2,Ben Coo,Chief Operating Officer,1,\n\
             3,Cy Cio,Chief Information Officer,3,\n"
        ),
    );
    repo.commit("first");
    repo.write(
        "team/org.csv",
        &format!(
            "{PLAIN}1,Ada Ceo,Chief Executive Officer,,\n2,Ben Coo,Chief Operating Officer,1,\n\
             4,Di Dev,Developer,2,\n5,Ed Ops,Operator,2,\n3,Cy Cio,Chief Information Officer,1,\n"
        ),
    );
    let output = repo.orglint(&[
        "diff",
        "--since",
        "HEAD",
        "team/org.csv",
        "--format",
        "json",
    ]);
    let report = json_of(&output);
    let resolved = report["resolved_findings"].as_array().unwrap();
    let self_manager = resolved
        .iter()
        .find(|f| f["rule"] == "self-manager")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(
        self_manager["location"]["file"], "HEAD:team/org.csv",
        "{report}"
    );
    assert_eq!(self_manager["location"]["line"], 4, "{report}");
    // The headings name the files as the working tree does.
    assert!(report["old"]
        .as_str()
        .unwrap()
        .starts_with("team/org.csv at HEAD ("));
    let output = repo.orglint(&["diff", "--since", "HEAD", "team/org.csv"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("HEAD:team/org.csv:4: error[self-manager]"),
        "{text}"
    );
}
