//! Columns nobody reads are said (SPEC §9): a CSV/TSV column no field maps to is listed once
//! per file, a header written twice is an input error, a chart without a single title runs no
//! role rules and says why (`unread-titles`), and a blank manager id falls back, row by row,
//! to the manager's email or name.

use crate::support::ci_support::orglint_in;
use orglint::load::InputFormat;
use orglint::model::Chart;

/// The export that once passed quietly: titles under `Role`, the mapping naming only id and
/// manager.
const UNMAPPED_ROLE: &str = "Staff Code,Name,Role,Boss\n\
    1,Dana Whitfield,Chief Executive Officer,\n\
    2,Lee Park,Chief Information Officer,1\n\
    3,Kim Lo,Analyst,2\n";

fn folder_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn ignored(chart: &Chart, file: usize) -> Vec<&str> {
    let columns = chart.sources[file].ignored_columns.as_deref().unwrap();
    columns.iter().map(|c| c.name.as_str()).collect()
}

#[test]
fn titles_in_an_unmapped_column_are_a_warning_not_a_quiet_pass() {
    let config = "csv:\n  columns: {id: Staff Code, manager: Boss}\n";
    let dir = folder_with(&[("org.csv", UNMAPPED_ROLE), ("orglint.yaml", config)]);
    let output = orglint_in(dir.path())
        .args(["check", "org.csv"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("org.csv:1:17: warning[unread-titles]: ")
            && stdout.contains("column \"Role\", which no field reads, holds role titles")
            && stdout.contains("csv.columns.title"),
        "{stdout}"
    );
    // No role finding drawn from a chart without titles: no missing CIO, no CEO stand-in.
    for rule in ["missing-role", "stand-in-role", "unowned-responsibility"] {
        assert!(!stdout.contains(rule), "{rule}: {stdout}");
    }
    assert!(
        stdout.contains("org.csv: ignored columns: Role\n"),
        "{stdout}"
    );
    // Mapped, the titles are read and the role rules run again.
    let mapped = "csv:\n  columns: {id: Staff Code, manager: Boss, title: Role}\n";
    std::fs::write(dir.path().join("orglint.yaml"), mapped).unwrap();
    let output = orglint_in(dir.path())
        .args(["check", "org.csv"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("unread-titles") && !stdout.contains("ignored columns"));
    assert!(stdout.contains("missing-role"), "{stdout}");
}

#[test]
fn json_lists_each_tables_ignored_columns_under_its_input() {
    let people = "id,manager,title,Grade,Cost Centre,\n1,,CEO,G1,CC1,\n";
    let dir = folder_with(&[
        ("people.csv", people),
        ("chart.yaml", "version: 1\npeople: []\n"),
    ]);
    let output = orglint_in(dir.path())
        .args(["check", "--format", "json", "people.csv", "chart.yaml"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // The unnamed last column is not listed; a chart file has no columns at all.
    assert_eq!(
        report["inputs"],
        serde_json::json!([
            {"file": "people.csv", "ignored_columns": ["Grade", "Cost Centre"]},
            {"file": "chart.yaml"},
        ])
    );
    let output = orglint_in(dir.path())
        .args(["check", "--format", "markdown", "people.csv"])
        .output()
        .unwrap();
    let markdown = String::from_utf8_lossy(&output.stdout);
    assert!(
        markdown.contains("people.csv: ignored columns: Grade, Cost Centre\n"),
        "{markdown}"
    );
}

#[test]
fn a_header_written_twice_is_an_input_error_at_the_second() {
    let twice = "id,manager,Job Title,job_title\n1,,CEO,Chief Executive\n";
    let dir = folder_with(&[
        ("twice.csv", twice),
        ("twice.tsv", &twice.replace(',', "\t")),
    ]);
    for file in ["twice.csv", "twice.tsv"] {
        let output = orglint_in(dir.path())
            .args(["check", file])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "{file}:1:22: column 4 \"job_title\" repeats the header of column 3 \"Job Title\""
            )) && stderr.contains("expected each header once"),
            "{stderr}"
        );
    }
}

#[test]
fn duplicate_headers_are_refused_in_organograms_and_google_exports_too() {
    let senior = "Post Unique Reference,Name,Grade,Job Title,Reports to Senior Post,Grade\n\
        1,Ann,SCS4,Permanent Secretary,XX,SCS4\n";
    let google =
        "Email Address [Required],First Name [Required],Manager Email,Department,department\n\
        a@x.example,Ann,,IT,IT\n";
    for (name, text) in [("senior.csv", senior), ("users.csv", google)] {
        let error = Chart::from_str(name, text, InputFormat::Csv).unwrap_err();
        assert!(
            error.message.contains("repeats the header"),
            "{}",
            error.message
        );
        assert_eq!(error.line, 1, "{name}");
    }
}

#[test]
fn every_kind_of_table_lists_its_ignored_columns() {
    let tsv = "id\tmanager\ttitle\tShoe Size\n1\t\tCEO\t42\n";
    let chart = Chart::from_str("org.tsv", tsv, InputFormat::Tsv).unwrap();
    assert_eq!(ignored(&chart, 0), ["Shoe Size"]);
    let google = "Email Address [Required],First Name [Required],Last Name [Required],\
        Employee Title,Manager Email,Recovery Phone [MUST BE IN THE E.164 FORMAT]\n\
        a@x.example,Ann,Lee,CEO,,+441234\n";
    let chart = Chart::from_str("users.csv", google, InputFormat::Csv).unwrap();
    assert_eq!(
        ignored(&chart, 0),
        ["Recovery Phone [MUST BE IN THE E.164 FORMAT]"]
    );
    let senior = "Post Unique Reference,Name,Grade,Job Title,Reports to Senior Post,Unit\n\
        1,Ann,SCS4,Permanent Secretary,XX,Office\n";
    let chart = Chart::from_str("senior.csv", senior, InputFormat::Csv).unwrap();
    assert_eq!(ignored(&chart, 0), ["Grade"]);
    let yaml = Chart::from_str("c.yaml", "people: [{id: a}]\n", InputFormat::Yaml).unwrap();
    assert_eq!(yaml.sources[0].ignored_columns, None);
}

#[test]
fn only_unread_columns_holding_role_titles_are_named_and_only_without_titles() {
    let text = "id,manager,Grade,Post\n1,,G1,Managing Director\n2,1,G2,Head of IT\n";
    let chart = Chart::from_str("org.csv", text, InputFormat::Csv).unwrap();
    let columns = chart.sources[0].ignored_columns.as_deref().unwrap();
    let holding: Vec<(&str, bool)> = columns
        .iter()
        .map(|c| (c.name.as_str(), c.holds_titles))
        .collect();
    // `Post` is no title alias (`Position` is); its values are stand-in titles.
    assert_eq!(holding, [("Grade", false), ("Post", true)]);
    // A file with titles of its own: its other columns are not searched.
    let titled = "id,manager,title,Post\n1,,Analyst,Managing Director\n";
    let chart = Chart::from_str("t.csv", titled, InputFormat::Csv).unwrap();
    let columns = chart.sources[0].ignored_columns.as_deref().unwrap();
    assert!(!columns[0].holds_titles);
}

#[test]
fn a_blank_manager_id_falls_back_to_the_rows_manager_email_or_name() {
    let text = "id,email,name,Manager ID,Manager Email,Manager Name\n\
        1,dana@x.example,Dana Whitfield,,,\n\
        2,lee@x.example,Lee Park,1,,\n\
        3,kim@x.example,Kim Lo,,lee@x.example,Lee Park\n\
        4,bo@x.example,Bo Chen,,,Dana Whitfield\n\
        5,ira@x.example,Ira Noor,XX,dana@x.example,\n";
    let chart = Chart::from_str("hr.csv", text, InputFormat::Csv).unwrap();
    let managers: Vec<Option<&str>> = chart
        .people
        .iter()
        .map(|p| p.reports_to.as_ref().map(|r| r.id.as_str()))
        .collect();
    // Kim's blank id takes the email, Bo's the name; a root marker is a value, not a blank.
    assert_eq!(managers, [None, Some("1"), Some("2"), Some("1"), None]);
    // The fallback's cell is where a finding about the manager points.
    assert_eq!(chart.people[2].reports_to.as_ref().unwrap().loc.column, 25);
    assert_eq!(ignored(&chart, 0), Vec::<&str>::new());
}

/// BambooHR's export: `Supervisor EID` beside the name column `Reporting to`, which a row
/// with a blank EID falls back to (and which is read, not listed as ignored).
#[test]
fn bamboohr_reporting_to_is_the_manager_name_column() {
    let text = "Employee ID,Name,Job Title,Supervisor EID,Reporting to,Work Email\n\
        1,Ana Silva,Chief Executive Officer,,,ana@x.example\n\
        3,Cy Uz,Chief Information Officer,,Ana Silva,cy@x.example\n";
    let chart = Chart::from_str("bamboo.csv", text, InputFormat::Csv).unwrap();
    let cy = &chart.people[1];
    assert_eq!(cy.reports_to.as_ref().map(|r| r.id.as_str()), Some("1"));
    assert_eq!(ignored(&chart, 0), Vec::<&str>::new());
}

/// Windows PowerShell's `Export-Csv` (`Get-ADUser | Export-Csv`) writes a `#TYPE` line above
/// the header: it is skipped, and lines keep their numbers.
#[test]
fn a_powershell_type_line_above_the_header_is_skipped() {
    let text = "#TYPE Microsoft.ActiveDirectory.Management.ADUser\n\
        \"EmployeeID\",\"Name\",\"Title\",\"Manager ID\"\n\
        \"1\",\"Ana Silva\",\"CEO\",\"\"\n\
        \"2\",\"Ben Ode\",\"COO\",\"1\"\n";
    let chart = Chart::from_str("ad.csv", text, InputFormat::Csv).unwrap();
    let ids: Vec<&str> = chart.people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(chart.people[1].loc.line, 4);
    assert_eq!(ignored(&chart, 0), Vec::<&str>::new());
}
