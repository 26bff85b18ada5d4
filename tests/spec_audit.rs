//! An adversarial audit of the rule semantics against SPEC §4 (title matching) and §5 (the
//! rules, waivers, fingerprints): edge cases the other rule tests do not reach, each with the
//! exact rule, subjects and severity the SPEC's definitions give.

mod common;

use assert_cmd::Command;
use common::*;
use orglint::finding::Severity::{Error, Info, Warning};
use orglint::rulebook::Rulebook;

/// `(rule, subjects, severity)` of a waived finding.
fn waived(rule: &str, subjects: &[&str], severity: orglint::finding::Severity) -> Found {
    Found {
        waived: true,
        ..f(rule, subjects, severity)
    }
}

// ---- SPEC §4 title matching ---------------------------------------------------------------

/// The holders `title` gives under the built-in rulebook, as role ids.
fn roles_of_title(title: &str) -> Vec<String> {
    let yaml = chart(&format!("  - {{id: p, title: {title:?}}}\n"));
    let file = temp_file(&yaml, ".yaml");
    let chart =
        orglint::load::load_files(&[file.path().display().to_string()], &Default::default())
            .unwrap();
    let rulebook = Rulebook::builtin().unwrap();
    let graph = orglint::graph::OrgGraph::build(&chart);
    let index = orglint::rulebook::RoleIndex::build(&chart, &graph, &rulebook);
    index.person_roles[0]
        .iter()
        .map(|&r| rulebook.roles[r as usize].id.clone())
        .collect()
}

#[test]
fn title_segments_follow_the_spec_separators_prefixes_case_and_space() {
    for (title, roles) in [
        ("Acting  CIO", vec!["CIO"]),
        ("CIO/CTO", vec!["CIO"]),
        ("Chief Operating Officer and CFO", vec!["COO", "CFO"]),
        ("Interim Chief Executive", vec!["CEO"]),
        ("  chief   OPERATING\tofficer ", vec!["COO"]),
        ("COO AND cio", vec!["COO", "CIO"]),
        ("COO,and CIO", vec!["COO", "CIO"]),
        ("Founder & CEO | Board", vec!["CEO"]),
        ("INTERIM cfo; Acting COO", vec!["COO", "CFO"]),
        // Not a segment equal to an alias once a leading Acting/Interim is gone.
        ("Deputy COO", vec![]),
        ("Assistant to the COO", vec![]),
        ("COO-designate", vec![]),
        ("Chief Executive Officer (Acting)", vec![]),
        ("Candidate COO", vec![]),
        ("Operand COO", vec![]),
    ] {
        assert_eq!(roles_of_title(title), roles, "title {title:?}");
    }
}

// ---- SPEC §5 holders, vacancies and Org(X) ------------------------------------------------

#[test]
fn explicit_empty_roles_override_a_matching_title() {
    let people = "  - {id: ceo, title: CEO}
  - {id: coo, title: COO, reports_to: ceo}
  - {id: cio, title: CIO, roles: [], reports_to: ceo}
  - {id: lee, title: Head of IT, roles: [cio], reports_to: ceo}
";
    assert_findings(&chart(people), vec![]);
}

#[test]
fn a_vacant_holder_in_a_cycle_still_holds_its_role_and_heads_its_org() {
    // The only CIO is a vacancy caught in a cycle with its own report. It is a holder (no
    // missing-role), all holders are vacant (vacant-role), its manager is not an allowed role
    // (reporting-line error). The vacancy is reported once: its duties without owners are
    // not reported again as unowned.
    let people = format!(
        "  - {{id: ceo, title: CEO}}
  - {{id: coo, title: COO, reports_to: ceo, owns: [{}]}}
  - {{id: cio, title: CIO, vacant: true, reports_to: lead}}
  - {{id: lead, title: IT Lead, reports_to: cio, owns: [{}, {}]}}
",
        COLLABORATIONS.join(", "),
        COLLABORATIONS.join(", "),
        CIO_DUTIES[1..].join(", ")
    );
    assert_findings(
        &chart(&people),
        vec![
            f("reporting-cycle", &["cio", "lead"], Error),
            f("vacant-role", &["CIO", "cio"], Warning),
            f("reporting-line", &["cio"], Error),
        ],
    );
}

#[test]
fn a_vacant_role_is_reported_once_not_per_duty_or_collaboration() {
    let people = "  - {id: ceo, title: CEO}
  - {id: coo, title: COO, reports_to: ceo}
  - {id: cio, title: CIO, vacant: true, reports_to: ceo}
";
    assert_findings(
        &chart(people),
        vec![f("vacant-role", &["CIO", "cio"], Warning)],
    );
}

#[test]
fn several_holders_of_a_role_each_have_their_reporting_line_checked() {
    let people = "  - {id: ceo, title: CEO}
  - {id: cfo, title: CFO, reports_to: ceo}
  - {id: coo, title: COO, reports_to: ceo}
  - {id: coo2, title: Chief Operating Officer, reports_to: cfo}
  - {id: cio, title: CIO, reports_to: coo}
";
    assert_findings(
        &chart(people),
        vec![
            f("duplicate-role", &["coo", "coo2"], Warning),
            f("reporting-line", &["coo2"], Error),
            f("reporting-line", &["cio"], Info),
        ],
    );
}

#[test]
fn a_later_duplicate_id_takes_no_part_in_the_role_rules() {
    // The first `coo` is no executive; the second entry's COO title is not a holder.
    let people = "  - {id: ceo, title: CEO}
  - {id: coo, title: Analyst, reports_to: ceo}
  - {id: cio, title: CIO, reports_to: ceo}
  - {id: coo, title: COO, reports_to: ceo, owns: [no-such-duty]}
";
    assert_findings(
        &chart(people),
        vec![
            f("duplicate-id", &["coo"], Error),
            f("missing-role", &["COO"], Info),
        ],
    );
}

// ---- structure ----------------------------------------------------------------------------

#[test]
fn a_self_reference_is_self_manager_only_even_for_a_role_holder() {
    // Not also a cycle, not a root (so no multiple-roots), and no reporting-line for the
    // COO who "has" a manager that is themselves.
    let people = "  - {id: ceo, title: CEO}
  - {id: coo, title: COO, reports_to: coo}
  - {id: cio, title: CIO, reports_to: ceo}
";
    assert_findings(&chart(people), vec![f("self-manager", &["coo"], Error)]);
}

#[test]
fn people_under_an_unknown_manager_are_no_roots_and_have_no_depth() {
    let rulebook = Rulebook::parse(
        &orglint::rulebook::DEFAULT_RULEBOOK.replace("chain_depth: 10", "chain_depth: 1"),
        "rb.yaml",
    )
    .unwrap();
    let people = format!(
        "{EXECS}  - {{id: u1, reports_to: ghost}}
  - {{id: u2, reports_to: u1}}
  - {{id: u3, reports_to: u2}}
  - {{id: d2, reports_to: coo}}
  - {{id: d3, reports_to: d2}}
"
    );
    assert_eq!(
        findings_with(&chart(&people), rulebook),
        vec![
            f("chain-depth", &["d2"], Warning),
            f("unknown-manager", &["u1"], Error),
        ]
    );
}

// ---- misplaced-department -----------------------------------------------------------------

#[test]
fn a_department_with_no_members_and_no_head_is_never_misplaced() {
    let yaml = format!(
        "version: 1\ndepartments:\n  - {{id: it, name: IT}}\n  - {{id: ops, function: operations}}\npeople:\n{EXECS}"
    );
    assert_findings(&yaml, vec![]);
}

#[test]
fn the_highest_member_ties_go_to_the_first_in_the_file_across_trees() {
    // Two tops: `r2` (depth 0, second tree) is higher than everyone under the COO.
    let yaml = format!(
        "version: 1\ndepartments:\n  - {{id: ops, name: Operations}}\npeople:\n{EXECS}  - {{id: o1, reports_to: coo, department: ops}}
  - {{id: r2, department: ops}}
  - {{id: r3, department: ops}}
"
    );
    assert_findings(
        &yaml,
        vec![
            f("multiple-roots", &["ceo", "r2", "r3"], Warning),
            f("misplaced-department", &["ops", "r2"], Warning),
        ],
    );
}

// ---- waivers, severities and selection ----------------------------------------------------

#[test]
fn a_waiver_still_matches_a_finding_whose_severity_the_rulebook_overrides() {
    let rulebook = Rulebook::parse(
        &format!(
            "{}severity:\n  multiple-roots: error\n",
            orglint::rulebook::DEFAULT_RULEBOOK
        ),
        "rb.yaml",
    )
    .unwrap();
    let yaml = format!(
        "{}  - {{id: r2}}\nwaivers:\n  - {{rule: multiple-roots, subject: ceo, reason: Holding}}\n  - {{rule: multiple-roots, subject: r2, reason: Not primary}}\n",
        chart(EXECS)
    );
    assert_eq!(
        findings_with(&yaml, rulebook),
        vec![
            waived("multiple-roots", &["ceo", "r2"], Error),
            f("unused-waiver", &["r2"], Warning),
        ]
    );
}

fn orglint() -> Command {
    let mut cmd = Command::cargo_bin("orglint").unwrap();
    cmd.env_remove("NO_COLOR").arg("--color").arg("never");
    cmd
}

/// (rule, severity, subjects, waived) of every finding of a JSON report.
fn json_findings(stdout: &[u8]) -> Vec<(String, String, Vec<String>, bool)> {
    let report: serde_json::Value = serde_json::from_slice(stdout).unwrap();
    let mut out: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["rule"].as_str().unwrap().to_owned(),
                x["severity"].as_str().unwrap().to_owned(),
                x["subjects"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_owned())
                    .collect(),
                x["waived"].as_bool().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn finding(
    rule: &str,
    severity: &str,
    subjects: &[&str],
    waived: bool,
) -> (String, String, Vec<String>, bool) {
    (
        rule.to_owned(),
        severity.to_owned(),
        subjects.iter().map(|s| s.to_string()).collect(),
        waived,
    )
}

/// The chart the CLI cases below check: three direct reports of the CEO, two roots.
const CLI_CHART: &str = "version: 1
people:
  - {id: ceo, title: CEO}
  - {id: coo, title: COO, reports_to: ceo}
  - {id: cio, title: CIO, reports_to: ceo}
  - {id: pa, reports_to: ceo}
  - {id: r2}
waivers:
  - {rule: span-of-control, subject: ceo, reason: Flat team}
  - {rule: multiple-roots, subject: ceo, reason: Holding, expires: 2000-01-01}
";

/// A copy of the built-in rulebook with a span limit of 2, switching span-of-control off.
fn span_rulebook(dir: &std::path::Path) -> std::path::PathBuf {
    let text = orglint::rulebook::DEFAULT_RULEBOOK
        .replace("span_of_control: 15", "span_of_control: 2")
        .replace("limits:", "severity:\n  span-of-control: off\nlimits:");
    let path = dir.join("rb.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn config_severity_wins_over_the_rulebook_severity_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("org.yaml");
    std::fs::write(&chart, CLI_CHART).unwrap();
    let rulebook = span_rulebook(dir.path());
    // The rulebook switches span-of-control off: its waiver is then not unused.
    let out = orglint()
        .current_dir(dir.path())
        .args([
            "check",
            "org.yaml",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--rules",
        ])
        .arg(&rulebook)
        .output()
        .unwrap();
    assert_eq!(
        json_findings(&out.stdout),
        vec![
            finding("expired-waiver", "error", &["ceo"], false),
            finding("multiple-roots", "warning", &["ceo", "r2"], false),
        ]
    );
    // The config switches it back on (as an error) and turns multiple-roots off: config wins.
    let config = dir.path().join("orglint.yaml");
    std::fs::write(
        &config,
        "severity: {span-of-control: error, multiple-roots: off}\n",
    )
    .unwrap();
    let out = orglint()
        .current_dir(dir.path())
        .args([
            "check",
            "org.yaml",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--rules",
        ])
        .arg(&rulebook)
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(
        json_findings(&out.stdout),
        vec![
            finding("expired-waiver", "error", &["ceo"], false),
            finding("span-of-control", "error", &["ceo"], true),
        ]
    );
}

#[test]
fn select_runs_only_the_chosen_rules_and_leaves_other_waivers_alone() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("org.yaml");
    std::fs::write(&chart, CLI_CHART).unwrap();
    let rulebook = span_rulebook(dir.path());
    let config = dir.path().join("orglint.yaml");
    std::fs::write(&config, "severity: {span-of-control: warning}\n").unwrap();
    let run = |select: &str| {
        let out = orglint()
            .current_dir(dir.path())
            .args([
                "check",
                "org.yaml",
                "--format",
                "json",
                "--fail-on",
                "never",
            ])
            .arg("--rules")
            .arg(&rulebook)
            .arg("--config")
            .arg(&config)
            .args(["--select", select])
            .output()
            .unwrap();
        json_findings(&out.stdout)
    };
    // Only multiple-roots: its expired waiver lets it count, but expired-waiver itself was
    // not selected; the span waiver is not reported as unused.
    assert_eq!(
        run("multiple-roots"),
        vec![finding("multiple-roots", "warning", &["ceo", "r2"], false)]
    );
    assert_eq!(
        run("span-of-control,expired-waiver,unused-waiver"),
        vec![
            finding("expired-waiver", "error", &["ceo"], false),
            finding("span-of-control", "warning", &["ceo"], true),
        ]
    );
}

// ---- SPEC §4: "a role matches when a segment equals one of its aliases" -------------------

/// A custom rulebook: two roles share the alias `Head of Technology`, and the ids `ops` and
/// `CEO` are not among their roles' aliases.
const SHARED_ALIAS_RULEBOOK: &str = "version: 1
roles:
  - id: CEO
    aliases: [Chief Executive Officer]
    required: error
    top: true
  - id: CTO
    aliases: [Chief Technology Officer, Head of Technology]
    required: warning
    reports_to: [CEO]
  - id: CDO
    aliases: [Chief Digital Officer, Head of Technology]
    required: warning
    reports_to: [CEO]
  - id: ops
    aliases: [Chief Operating Officer]
    required: warning
    reports_to: [CEO]
";

#[test]
fn an_alias_shared_by_two_roles_gives_both_roles() {
    let rulebook = Rulebook::parse(SHARED_ALIAS_RULEBOOK, "rb.yaml").unwrap();
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: tech, title: Head of Technology, reports_to: ceo}
  - {id: sam, title: Chief Operating Officer, reports_to: ceo}
";
    assert_eq!(findings_with(&chart(people), rulebook), vec![]);
}

#[test]
fn a_title_equal_to_a_role_id_that_is_no_alias_holds_nothing() {
    let rulebook = Rulebook::parse(SHARED_ALIAS_RULEBOOK, "rb.yaml").unwrap();
    // `ops` and `CEO` are role ids but not aliases of theirs: neither sam nor kim holds a
    // role, so `ops` is missing and `CEO` has one holder.
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: tech, title: Head of Technology, roles: [CTO, CDO], reports_to: ceo}
  - {id: sam, title: Ops, reports_to: ceo}
  - {id: kim, title: CEO, reports_to: ceo}
";
    assert_eq!(
        findings_with(&chart(people), rulebook),
        vec![f("missing-role", &["ops"], Warning)]
    );
}

// ---- chain-depth: "someone sits deeper than the limit below the top" ----------------------

#[test]
fn nobody_sits_deeper_than_the_largest_chain_depth_limit() {
    let rulebook = Rulebook::parse(
        &orglint::rulebook::DEFAULT_RULEBOOK.replace("chain_depth: 10", "chain_depth: 4294967295"),
        "rb.yaml",
    )
    .unwrap();
    let people = format!("{EXECS}  - {{id: lead, reports_to: coo}}\n");
    assert_eq!(findings_with(&chart(&people), rulebook), vec![]);
}

// ---- Holders(X) in a rulebook with more roles than a u16 can count ------------------------

#[test]
fn the_65537th_role_is_held_by_its_own_title_not_by_the_first_role() {
    let mut rulebook = String::from(
        "version: 1\nroles:\n  - {id: CEO, aliases: [Chief Executive Officer], required: error, top: true}\n",
    );
    for i in 1..=u16::MAX {
        rulebook.push_str(&format!("  - {{id: r{i}}}\n"));
    }
    rulebook.push_str("  - {id: ZED, aliases: [Zed]}\n");
    let rulebook = Rulebook::parse(&rulebook, "rb.yaml").unwrap();
    assert_eq!(rulebook.roles.len(), usize::from(u16::MAX) + 2);
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: z1, title: Zed, reports_to: ceo}
  - {id: z2, roles: [zed], reports_to: ceo}
";
    assert_eq!(
        findings_with(&chart(people), rulebook),
        vec![f("duplicate-role", &["z1", "z2"], Warning)]
    );
}
