//! HR exports: CSV/TSV with many header styles, UK government organograms (the real files in
//! tests/fixtures/uk-organogram, asserting the facts its README counted independently), SCIM
//! user lists, multi-file charts and `orglint stats`.

use crate::support::{findings, load};
use assert_cmd::Command;
use orglint::finding::Finding;
use orglint::graph::OrgGraph;
use orglint::load::{load_files, CsvOptions, LoadOptions};
use orglint::model::{Chart, Person};
use orglint::rulebook::Rulebook;
use orglint::stats::{compute, Stats};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hr/");
const ORGANOGRAMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/uk-organogram/");

const DFT_SENIOR: &str = "department_for_transport-2011-09-30-senior.csv";
const DFT_JUNIOR: &str = "department_for_transport-2011-09-30-junior.csv";
const DFE: &str = "department_of_education-2011-09-30-senior.csv";
const HMRC: &str = "300913-HMRC-Organogram-Final-senior.csv";
const DWP: &str = "300913-DWP.xls-senior.csv";
const MHRA_JUNIOR: &str =
    "Government-staff-and-salary-data-for-MHRA---September-2013-FINAL-v2-junior.csv";

fn fixture(name: &str) -> String {
    format!("{FIXTURES}{name}")
}

fn organogram(name: &str) -> String {
    format!("{ORGANOGRAMS}{name}")
}

fn load_with(paths: &[String], csv: CsvOptions) -> Chart {
    let options = LoadOptions {
        csv,
        ..LoadOptions::default()
    };
    load_files(paths, &options).unwrap()
}

fn of_rule<'a>(findings: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.rule.name() == rule).collect()
}

fn stats(chart: &Chart) -> Stats {
    let graph = OrgGraph::build(chart);
    let rulebook = Rulebook::builtin().unwrap();
    let design = Default::default();
    let options = orglint::stats::StatsOptions {
        rulebook: &rulebook,
        design: &design,
        redact: false,
    };
    compute(chart, &graph, &options)
}

fn person<'a>(chart: &'a Chart, id: &str) -> &'a Person {
    chart
        .people
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn manager_of(chart: &Chart, id: &str) -> Option<String> {
    person(chart, id)
        .reports_to
        .as_ref()
        .map(|r| r.id.to_string())
}

/// The 1-based line of the first line of `path` starting with `prefix`.
fn line_starting(path: &str, prefix: &str) -> u32 {
    let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    1 + text
        .split('\n')
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting {prefix}")) as u32
}

const STRUCTURAL: [&str; 5] = [
    "duplicate-id",
    "unknown-manager",
    "reporting-cycle",
    "self-manager",
    "multiple-roots",
];

// ---------------------------------------------------------------- CSV header styles

#[test]
fn workday_headers_are_found() {
    let chart = load(&[fixture("workday.csv")]);
    assert_eq!(chart.people.len(), 5);
    let sam = person(&chart, "W101");
    assert_eq!(sam.name.as_deref(), Some("Sam Ortiz"));
    assert_eq!(sam.title.as_deref(), Some("EVP, Chief Operating Officer"));
    assert_eq!(manager_of(&chart, "W101").as_deref(), Some("W100"));
    assert_eq!(sam.department.as_ref().unwrap().id, "Operations");
    assert_eq!(sam.email.as_deref(), Some("sam@example.com"));
    assert_eq!(manager_of(&chart, "W100"), None);
    // One department per distinct value, with the function the rulebook's names give it.
    let names: Vec<&str> = chart.departments.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        names,
        [
            "Executive Office",
            "Operations",
            "Information Technology",
            "Sales"
        ]
    );
    let function = |id: &str| {
        chart
            .departments
            .iter()
            .find(|d| d.id == id)
            .unwrap()
            .function
            .clone()
    };
    assert_eq!(function("Information Technology").as_deref(), Some("it"));
    assert_eq!(function("Sales").as_deref(), Some("sales"));
    assert_eq!(function("Executive Office"), None);
    assert!(of_rule(&findings(&chart), "unknown-manager").is_empty());
}

#[test]
fn bamboohr_headers_take_the_supervisor_id_and_join_first_and_last_names() {
    let chart = load(&[fixture("bamboohr.csv")]);
    // `Reporting to` holds names; `Supervisor EID` the ids, which must win.
    assert_eq!(manager_of(&chart, "4").as_deref(), Some("2"));
    assert_eq!(manager_of(&chart, "1"), None);
    assert_eq!(person(&chart, "3").name.as_deref(), Some("Cara Diaz"));
    assert_eq!(person(&chart, "2").title.as_deref(), Some("COO"));
    assert_eq!(person(&chart, "3").department.as_ref().unwrap().id, "IT");
    let s = stats(&chart);
    assert_eq!((s.positions, s.tops), (4, 1));
}

#[test]
fn visio_headers_and_a_vacant_name() {
    let chart = load(&[fixture("visio.csv")]);
    assert_eq!(manager_of(&chart, "V3").as_deref(), Some("V1"));
    let open = person(&chart, "V4");
    assert!(open.vacant);
    assert_eq!(open.name, None);
    assert_eq!(stats(&chart).vacancies, 1);
}

#[test]
fn orgchart_style_headers_with_lists_flags_and_explicit_roles() {
    let chart = load(&[fixture("orgchart.csv")]);
    let rita = person(&chart, "2");
    assert_eq!(manager_of(&chart, "2").as_deref(), Some("1"));
    let roles: Vec<&str> = rita
        .roles
        .as_ref()
        .unwrap()
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(roles, ["COO"]);
    let owns: Vec<&str> = rita.owns.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(owns, ["process-optimization", "performance-monitoring"]);
    let saul_owns: Vec<&str> = person(&chart, "3")
        .owns
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(saul_owns, ["it-strategy", "innovation"]);
    // An empty roles cell means: infer from the title.
    assert!(person(&chart, "1").roles.is_none());
    let cfo = person(&chart, "4");
    assert!(cfo.vacant && !cfo.assistant);
    let dotted: Vec<&str> = cfo.dotted_lines.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(dotted, ["2", "3"]);
    // `"2, 3"` is split on the comma because both parts are ids and the whole is not.
    let tess = person(&chart, "5");
    assert!(tess.assistant);
    let dotted: Vec<&str> = tess.dotted_lines.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(dotted, ["2", "3"]);
    // The assistant is not counted in the CEO's span of control.
    assert_eq!(stats(&chart).span_of_control.max, Some(3));
}

#[test]
fn tsv_with_position_numbers() {
    let chart = load(&[fixture("positions.tsv")]);
    assert_eq!(chart.people.len(), 3);
    assert_eq!(manager_of(&chart, "12").as_deref(), Some("11"));
    assert_eq!(
        person(&chart, "11").title.as_deref(),
        Some("Chief Operating Officer")
    );
    assert_eq!(
        person(&chart, "12").department.as_ref().unwrap().id,
        "Logistics"
    );
    assert_eq!(person(&chart, "12").loc.line, 4);
}

#[test]
fn an_explicit_mapping_wins_over_detected_headers() {
    let mut csv = CsvOptions::default();
    for (field, header) in [
        ("id", "Staff No"),
        ("manager", "Boss No"),
        ("name", "Full Name"),
        ("title", "Role Title"),
        ("department", "Team"),
    ] {
        csv.columns.insert(field.into(), header.into());
    }
    // The file also has an `Employee ID` column (all 999) that detection alone would take.
    let chart = load_with(&[fixture("mapped.csv")], csv);
    let ids: Vec<&str> = chart.people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["S1", "S2", "S3"]);
    assert_eq!(manager_of(&chart, "S3").as_deref(), Some("S2"));
    assert_eq!(person(&chart, "S2").name.as_deref(), Some("Yuri Tam"));
    assert_eq!(person(&chart, "S3").department.as_ref().unwrap().id, "Ops");
}

#[test]
fn an_explicit_mapping_naming_a_missing_column_is_an_error_listing_the_headers() {
    let mut csv = CsvOptions::default();
    csv.columns.insert("title".into(), "Position Name".into());
    let options = LoadOptions {
        csv,
        ..LoadOptions::default()
    };
    let e = load_files(&[fixture("workday.csv")], &options).unwrap_err();
    assert!(e.message.contains("csv.columns.title"), "{}", e.message);
    assert!(e.message.contains("\"Position Name\""), "{}", e.message);
    assert!(e.message.contains("\"Business_Title\""), "{}", e.message);
}

#[test]
fn default_root_markers_are_blank_xx_minus_one_and_zero_in_any_case() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roots.csv");
    std::fs::write(
        &path,
        "id,manager\na,\nb,XX\nc,xx\nd,-1\ne,0\nf,a\ng,NONE\n",
    )
    .unwrap();
    let chart = load(&[path.display().to_string()]);
    for top in ["a", "b", "c", "d", "e"] {
        assert_eq!(manager_of(&chart, top), None, "{top}");
    }
    assert_eq!(manager_of(&chart, "f").as_deref(), Some("a"));
    assert_eq!(manager_of(&chart, "g").as_deref(), Some("NONE"));
}

#[test]
fn configured_root_markers_replace_the_defaults_and_self_makes_a_top() {
    let csv = CsvOptions {
        root_markers: Some(vec!["".into(), "NONE".into(), "self".into()]),
        ..CsvOptions::default()
    };
    let chart = load_with(&[fixture("self-root.csv")], csv);
    assert_eq!(manager_of(&chart, "a1"), None);
    assert_eq!(manager_of(&chart, "a3"), None);
    let found = findings(&chart);
    assert!(of_rule(&found, "self-manager").is_empty());
    assert!(of_rule(&found, "unknown-manager").is_empty());
    // Without `self`, the same file has a self-manager and an unknown NONE.
    let chart = load(&[fixture("self-root.csv")]);
    let found = findings(&chart);
    assert_eq!(of_rule(&found, "self-manager").len(), 1);
    assert_eq!(of_rule(&found, "unknown-manager")[0].subjects, ["a3"]);
}

#[test]
fn a_bom_is_dropped_and_crlf_lines_are_counted_right() {
    let chart = load(&[fixture("bom.csv")]);
    assert_eq!(person(&chart, "b1").name.as_deref(), Some("Bea BOM"));
    let found = findings(&chart);
    let unknown = of_rule(&found, "unknown-manager");
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].location.unwrap().line, 4);
}

#[test]
fn latin1_files_are_read_as_windows_1252() {
    let chart = load(&[fixture("latin1.csv")]);
    assert_eq!(person(&chart, "l1").name.as_deref(), Some("José Müller"));
    assert_eq!(person(&chart, "l2").name.as_deref(), Some("Renée Åberg"));
    assert_eq!(person(&chart, "l3").loc.line, 4);
}

#[test]
fn excel_unicode_text_and_semicolon_csv_load() {
    let dir = tempfile::tempdir().unwrap();
    // Excel's "Unicode text": UTF-16LE with a BOM, tab-separated.
    let utf16 = dir.path().join("unicode.tsv");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "ID\tManager\tName\nu1\t\tŁucja Nowak\nu2\tu1\tÉmile Roy\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    std::fs::write(&utf16, bytes).unwrap();
    // European Excel: `;` between fields in a .csv.
    let semicolon = dir.path().join("semi.csv");
    std::fs::write(&semicolon, "ID;Manager;Name\ns1;u2;\"Roy; Jr\"\n").unwrap();
    let chart = load(&[utf16.display().to_string(), semicolon.display().to_string()]);
    assert_eq!(person(&chart, "u1").name.as_deref(), Some("Łucja Nowak"));
    assert_eq!(manager_of(&chart, "u2").as_deref(), Some("u1"));
    assert_eq!(person(&chart, "u2").loc.line, 3);
    assert_eq!(person(&chart, "s1").name.as_deref(), Some("Roy; Jr"));
    assert_eq!(manager_of(&chart, "s1").as_deref(), Some("u2"));
}

#[test]
fn quoted_commas_and_newlines_keep_physical_line_numbers() {
    let chart = load(&[fixture("quoted.csv")]);
    assert_eq!(person(&chart, "q1").name.as_deref(), Some("Ortiz, Sam"));
    assert_eq!(person(&chart, "q2").name.as_deref(), Some("Lee\r\nPark"));
    assert_eq!(
        person(&chart, "q2").title.as_deref(),
        Some("Chief Operating Officer, EMEA")
    );
    assert_eq!(person(&chart, "q3").name.as_deref(), Some("Kim \"KC\" Lo"));
    let lines: Vec<u32> = chart.people.iter().map(|p| p.loc.line).collect();
    // q2's name spans lines 3-4, q3's title 5-7, line 8 is blank.
    assert_eq!(lines, [2, 3, 5, 9]);
    let found = findings(&chart);
    let located: Vec<(String, u32)> = of_rule(&found, "unknown-manager")
        .iter()
        .map(|f| (f.subjects[0].clone(), f.location.unwrap().line))
        .collect();
    assert_eq!(located, [("q3".to_owned(), 5), ("q4".to_owned(), 9)]);
}

#[test]
fn a_file_without_a_manager_or_id_column_exits_2_listing_its_headers() {
    for (file, field, headers) in [
        (
            "no-manager.csv",
            "manager",
            "\"Employee ID\", \"Full Name\", \"Job Title\", \"Location\"",
        ),
        (
            "no-id.csv",
            "id",
            "\"Full Name\", \"Reports To\", \"Job Title\"",
        ),
    ] {
        let output = Command::cargo_bin("orglint")
            .unwrap()
            .args(["check", &fixture(file)])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{file}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("{file}:1: no {field} column")),
            "{stderr}"
        );
        assert!(stderr.contains(headers), "{stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn a_row_without_an_id_is_an_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gap.csv");
    std::fs::write(&path, "id,manager,name\na,,Ann\n,a,Nobody\n,,\n").unwrap();
    let e = load_files(&[path.display().to_string()], &LoadOptions::default()).unwrap_err();
    assert_eq!(e.line, 3);
    assert!(e.message.contains("no id"), "{}", e.message);
}

#[test]
fn a_flag_that_is_not_yes_or_no_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flag.csv");
    std::fs::write(&path, "id,manager,vacant\na,,maybe\n").unwrap();
    let e = load_files(&[path.display().to_string()], &LoadOptions::default()).unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.message.contains("\"vacant\""), "{}", e.message);
}

#[test]
fn a_config_file_csv_block_is_used_by_the_cli() {
    let output = Command::cargo_bin("orglint")
        .unwrap()
        .args(["stats", "--format", "json", "--config"])
        .arg(fixture("mapped.orglint.yaml"))
        .arg(fixture("mapped.csv"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["positions"], 3);
    assert_eq!(json["tops"], 1);
    assert_eq!(json["depth"]["max"], 2);
    let output = Command::cargo_bin("orglint")
        .unwrap()
        .args(["check", "--select", "self-manager", "--config"])
        .arg(fixture("self-root.orglint.yaml"))
        .arg(fixture("self-root.csv"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

// ---------------------------------------------------------------- SCIM

#[test]
fn scim_list_response_with_the_enterprise_extension() {
    let chart = load(&[fixture("scim-list.json")]);
    let ceo = "2819c223-7f76-453a-919d-413861904646";
    assert_eq!(chart.people.len(), 4, "the inactive user is left out");
    let babs = person(&chart, ceo);
    assert_eq!(babs.name.as_deref(), Some("Babs Jensen"));
    assert_eq!(babs.email.as_deref(), Some("bjensen@example.com"));
    assert_eq!(babs.loc.line, 7);
    let carl = person(&chart, "c3a5e2b1-0001");
    assert_eq!(carl.name.as_deref(), Some("Carl Ops"));
    assert_eq!(
        carl.email.as_deref(),
        Some("coo@example.com"),
        "the primary email"
    );
    assert_eq!(manager_of(&chart, "c3a5e2b1-0001").as_deref(), Some(ceo));
    assert_eq!(carl.department.as_ref().unwrap().id, "Operations");
    // A manager given by userName is resolved to that user's SCIM id.
    assert_eq!(manager_of(&chart, "c3a5e2b1-0002").as_deref(), Some(ceo));
    let it = chart
        .departments
        .iter()
        .find(|d| d.id == "Information Technology")
        .unwrap();
    assert_eq!(it.function.as_deref(), Some("it"));
    let found = findings(&chart);
    let unknown = of_rule(&found, "unknown-manager");
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].subjects, ["c3a5e2b1-0004"]);
    assert!(
        unknown[0].message.contains("deactivated"),
        "{}",
        unknown[0].message
    );
    // At the manager reference, not the user.
    let at = unknown[0].location.unwrap();
    assert_eq!((at.line, at.column), (60, 30));
}

#[test]
fn scim_bare_array() {
    let chart = load(&[fixture("scim-array.json")]);
    assert_eq!(chart.people.len(), 2);
    assert_eq!(manager_of(&chart, "u2").as_deref(), Some("u1"));
    assert_eq!(person(&chart, "u2").loc.line, 3);
    assert_eq!(stats(&chart).tops, 1);
}

// ---------------------------------------------------------------- several files

#[test]
fn yaml_csv_and_scim_files_merge_into_one_chart() {
    let files = [
        fixture("merge-staff.csv"),
        fixture("merge-it.json"),
        fixture("merge-exec.yaml"),
    ];
    let chart = load(&files);
    assert_eq!(chart.people.len(), 4);
    assert_eq!(chart.sources.len(), 3);
    let found = findings(&chart);
    for rule in STRUCTURAL {
        assert!(of_rule(&found, rule).is_empty(), "{rule}: {found:?}");
    }
    let s = stats(&chart);
    assert_eq!((s.positions, s.tops, s.depth.max), (4, 1, Some(2)));
    let ceo = s.executives.iter().find(|e| e.role == "CEO").unwrap();
    assert_eq!((ceo.person.id.as_str(), ceo.positions_below), ("ceo", 3));
    let coo = s.executives.iter().find(|e| e.role == "COO").unwrap();
    assert_eq!((coo.person.id.as_str(), coo.positions_below), ("coo", 1));
    // Each person keeps the file they came from.
    let cio = person(&chart, "cio");
    assert_eq!(chart.source_path(cio.loc.file), fixture("merge-it.json"));
}

// ---------------------------------------------------------------- organogram preset

#[test]
fn organogram_header_drift_vacant_withheld_eliminated_job_shares_and_latin1() {
    let chart = load(&[fixture("organogram-drift-senior.csv")]);
    // P1..P7 plus the second P3 (a different manager: a duplicate, not a job share).
    let ids: Vec<&str> = chart.people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["P1", "P2", "P3", "P4", "P6", "P7", "P3"]);
    assert_eq!(manager_of(&chart, "P1"), None, "lower-case xx is the top");
    let vacant = person(&chart, "P2");
    assert!(vacant.vacant && vacant.name.is_none());
    assert_eq!(person(&chart, "P3").name, None, "N/D is withheld");
    let share = person(&chart, "P4");
    assert_eq!(share.name.as_deref(), Some("Bea Half"));
    assert_eq!(share.job_share_names, ["Cal Half"]);
    assert_eq!(person(&chart, "P7").withheld_job_sharers, 1);
    assert_eq!(chart.unplaced_staff, 1);
    assert_eq!(
        chart.left_out.get("P5").map(String::as_str),
        Some("eliminated")
    );
    let function = |id: &str| {
        chart
            .departments
            .iter()
            .find(|d| d.id == id)
            .unwrap()
            .function
            .clone()
    };
    assert_eq!(function("Digital Services").as_deref(), Some("it"));
    assert_eq!(function("Money").as_deref(), Some("finance"));
    assert_eq!(function("Office"), None, "mostly Policy posts");
    let found = findings(&chart);
    let duplicates = of_rule(&found, "duplicate-id");
    assert_eq!(duplicates.len(), 1);
    assert_eq!(duplicates[0].subjects, ["P3"]);
    assert_eq!(duplicates[0].location.unwrap().line, 12);
    let unknown = of_rule(&found, "unknown-manager");
    assert_eq!(unknown.len(), 1);
    assert!(
        unknown[0].message.contains("P5, which was eliminated"),
        "{}",
        unknown[0].message
    );
    let s = stats(&chart);
    assert_eq!((s.positions, s.vacancies), (6, 1));
    // P1, P3, P4 x2, P6, P7 x2 (withheld co-holder counted).
    assert_eq!(s.people, 7);
}

#[test]
fn junior_staff_join_their_senior_posts_in_any_file_order() {
    let files = [
        fixture("organogram-drift-junior.csv"),
        fixture("organogram-drift-senior.csv"),
    ];
    let chart = load(&files);
    assert_eq!(chart.junior_staff.len(), 5);
    assert_eq!(person(&chart, "P3").staff_below, 2.5);
    assert_eq!(person(&chart, "P4").staff_below, 1.5, "N/D FTE counts as 0");
    let o = stats(&chart).organogram.unwrap();
    assert_eq!((o.junior.rows, o.junior.fte), (5, 8.0));
    assert_eq!((o.junior_attached.rows, o.junior_attached.fte), (3, 4.0));
    assert_eq!(
        (o.junior_unknown_post.rows, o.junior_unknown_post.fte),
        (1, 1.0)
    );
    assert_eq!(
        (o.junior_blank_post.rows, o.junior_blank_post.fte),
        (1, 3.0)
    );
    let s = stats(&chart);
    let ceo = s.executives.iter().find(|e| e.role == "CEO").unwrap();
    assert_eq!(ceo.person.id, "P1");
    assert_eq!(ceo.positions_below, 4, "P2, P3, P4, P7");
    assert_eq!(ceo.staff_below_fte, 4.0);
}

// ---------------------------------------------------------------- the real files

#[test]
fn real_dft_senior_and_junior_are_joined() {
    for files in [[DFT_SENIOR, DFT_JUNIOR], [DFT_JUNIOR, DFT_SENIOR]] {
        let chart = load(&files.map(organogram));
        let s = stats(&chart);
        assert_eq!(s.positions, 114);
        assert_eq!(s.tops, 1);
        assert_eq!(s.vacancies, 6);
        let found = findings(&chart);
        for rule in STRUCTURAL {
            assert!(of_rule(&found, rule).is_empty(), "{rule}");
        }
        let o = s.organogram.unwrap();
        assert_eq!(o.junior.rows, 510);
        assert_eq!(o.junior_attached.rows, 510);
        assert_eq!(o.junior_unknown_post.rows + o.junior_blank_post.rows, 0);
        assert_eq!(o.junior.fte, 1901.86);
        let attached: f64 = chart.people.iter().map(|p| p.staff_below).sum();
        assert!((attached - 1901.86).abs() < 1e-6, "{attached}");
        let top = s.executives.iter().find(|e| e.role == "CEO").unwrap();
        assert_eq!(top.person.title.as_deref(), Some("Permanent Secretary"));
        assert_eq!(top.positions_below, 113);
        assert!((top.staff_below_fte - 1901.86).abs() < 1e-6);
    }
}

#[test]
fn real_dfe_has_8_dangling_references_and_2_job_shares() {
    let path = organogram(DFE);
    let chart = load(std::slice::from_ref(&path));
    let s = stats(&chart);
    assert_eq!((s.positions, s.tops), (121, 1));
    assert_eq!(chart.unplaced_staff, 5);
    let found = findings(&chart);
    let mut dangling: Vec<(String, String)> = of_rule(&found, "unknown-manager")
        .iter()
        .map(|f| {
            (
                f.subjects[0].clone(),
                manager_of(&chart, &f.subjects[0]).unwrap(),
            )
        })
        .collect();
    dangling.sort();
    let expected = [
        ("DFE-2061", "DfE-2060"),
        ("DFE-2062", "DfE-2060"),
        ("DFE-2064", "DfE-2060"),
        ("DFE-3026", "DfE-5018"),
        ("DFE-3040", "DfE-3024"),
        ("DFE-5011", "DfE-5018"),
        ("DfE-3022", "DfE-3024"),
        ("DfE-3036", "DfE-5050"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(dangling, expected);
    for f in of_rule(&found, "unknown-manager") {
        let line = line_starting(&path, &format!("\"{}\"", f.subjects[0]));
        assert_eq!(f.location.unwrap().line, line, "{}", f.subjects[0]);
        assert!(f.message.contains("not in the chart"), "{}", f.message);
    }
    let duplicates = of_rule(&found, "duplicate-id");
    assert!(
        duplicates
            .iter()
            .all(|f| f.severity == orglint::finding::Severity::Warning),
        "job shares are no duplicates"
    );
    // Two posts whose references differ only in case are real look-alikes in this file.
    let mut look_alikes: Vec<&str> = duplicates.iter().map(|f| f.subjects[0].as_str()).collect();
    look_alikes.sort_unstable();
    assert_eq!(look_alikes, ["DFE-3066", "DFE-5044"]);
    for share in ["DfE-5043", "DFE-3034"] {
        assert_eq!(person(&chart, share).withheld_job_sharers, 1, "{share}");
        assert_eq!(chart.people.iter().filter(|p| p.id == share).count(), 1);
    }
}

#[test]
fn real_hmrc_reports_4_posts_under_an_eliminated_post() {
    let path = organogram(HMRC);
    let chart = load(std::slice::from_ref(&path));
    let s = stats(&chart);
    assert_eq!((s.positions, s.tops, s.vacancies), (325, 1, 13));
    assert_eq!(chart.unplaced_staff, 6);
    assert_eq!(
        chart.people[0].id, "OD101",
        "the leading index column is skipped"
    );
    assert_eq!(
        chart
            .left_out
            .values()
            .filter(|r| *r == "eliminated")
            .count(),
        22
    );
    let found = findings(&chart);
    let unknown = of_rule(&found, "unknown-manager");
    // One finding for the eliminated manager, its four reports the subjects.
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].subjects, ["OD332", "OD336", "OD337", "OD339"]);
    for f in unknown {
        assert!(
            f.message.contains("OD328, which was eliminated"),
            "{}",
            f.message
        );
    }
    for rule in ["duplicate-id", "reporting-cycle", "multiple-roots"] {
        assert!(of_rule(&found, rule).is_empty(), "{rule}");
    }
    let o = s.organogram.unwrap();
    assert_eq!((o.unplaced_staff, o.left_out), (6, 22));
}

#[test]
fn real_dwp_reused_reference_makes_a_duplicate_a_loop_and_no_top() {
    let path = organogram(DWP);
    let chart = load(std::slice::from_ref(&path));
    let s = stats(&chart);
    assert_eq!((s.positions, s.tops), (225, 0));
    let found = findings(&chart);
    let duplicates = of_rule(&found, "duplicate-id");
    assert_eq!(
        duplicates.len(),
        1,
        "job shares DWP179, DWP184, DWP108 are no duplicates"
    );
    assert_eq!(duplicates[0].subjects, ["DWP135"]);
    assert_eq!(
        duplicates[0].location.unwrap().line,
        line_starting(&path, "199,DWP135,Robert Devereux")
    );
    // The first DWP135 (reporting to DWP29) wins.
    assert_eq!(manager_of(&chart, "DWP135").as_deref(), Some("DWP29"));
    let cycles = of_rule(&found, "reporting-cycle");
    assert_eq!(cycles.len(), 1);
    let mut members = cycles[0].subjects.clone();
    members.sort();
    assert_eq!(members, ["DWP135", "DWP202", "DWP29"]);
    assert_eq!(manager_of(&chart, "DWP29").as_deref(), Some("DWP202"));
    assert_eq!(manager_of(&chart, "DWP202").as_deref(), Some("DWP135"));
    let share = person(&chart, "DWP179");
    assert_eq!(share.name.as_deref(), Some("Emma Lindsell jobshare"));
    assert_eq!(share.job_share_names, ["Isobel Stephen jobshare"]);
    assert_eq!(person(&chart, "DWP108").job_share_names, ["David Smith"]);
    assert_eq!(person(&chart, "DWP184").withheld_job_sharers, 1);
    assert!(of_rule(&found, "unknown-manager").is_empty());
    // Everyone hangs off the loop: no depth, and the loop's members share the whole chart.
    assert_eq!(s.depth.without_depth, 225);
}

#[test]
fn real_mhra_junior_file_alone_counts_its_blank_and_unattached_rows() {
    let chart = load(&[organogram(MHRA_JUNIOR)]);
    assert!(chart.people.is_empty());
    assert_eq!(chart.junior_staff.len(), 1117);
    let o = stats(&chart).organogram.unwrap();
    assert_eq!(o.junior.rows, 1117);
    assert_eq!(o.junior_blank_post.rows, 892);
    assert_eq!(o.junior_unknown_post.rows, 225);
    assert_eq!(o.junior_attached.rows, 0);
    assert_eq!(o.junior.fte, 1098.03);
    // Lines are physical lines: the first data row is line 2.
    assert_eq!(chart.junior_staff[0].loc.line, 2);
    assert_eq!(chart.junior_staff[1116].loc.line, 1118);
}

// ---------------------------------------------------------------- stats CLI

#[test]
fn stats_text_and_json_on_real_files() {
    let output = Command::cargo_bin("orglint")
        .unwrap()
        .args(["stats", "--format", "json"])
        .arg(organogram(DFT_SENIOR))
        .arg(organogram(DFT_JUNIOR))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["positions"], 114);
    assert_eq!(json["vacancies"], 6);
    assert_eq!(json["people"], 108);
    assert_eq!(json["tops"], 1);
    assert_eq!(json["organogram"]["junior"]["rows"], 510);
    assert_eq!(json["executives"][0]["positions_below"], 113);
    assert_eq!(json["inputs"].as_array().unwrap().len(), 2);
    let output = Command::cargo_bin("orglint")
        .unwrap()
        .arg("stats")
        .arg(organogram(HMRC))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("positions        325"), "{text}");
    assert!(text.contains("vacancies        13"), "{text}");
    assert!(text.contains("unplaced staff (reference 0)   6"), "{text}");
    assert!(text.contains("Lin Homer (OD101)"), "{text}");
}

#[test]
fn stats_redact_leaves_no_name_or_email() {
    for format in ["text", "json", "markdown", "html"] {
        let output = Command::cargo_bin("orglint")
            .unwrap()
            .args(["stats", "--redact", "--format", format])
            .arg(fixture("workday.csv"))
            .arg(organogram(DFT_SENIOR))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        let out = String::from_utf8(output.stdout).unwrap();
        for secret in ["Dana Whitfield", "Lee Park", "Lin Homer", "@example.com"] {
            assert!(!out.contains(secret), "{format}: {secret} in {out}");
        }
        assert!(out.contains("W100"), "{out}");
    }
}

#[test]
fn check_on_hmrc_fails_and_says_eliminated() {
    let output = Command::cargo_bin("orglint")
        .unwrap()
        .args(["check", "--select", "unknown-manager"])
        .arg(organogram(HMRC))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.matches("which was eliminated").count(), 1, "{text}");
    assert!(text.contains("4 people report to OD328"), "{text}");
}
