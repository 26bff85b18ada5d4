//! `orglint stats` as an org designer reads it: the span definition on a real organogram with
//! its junior file, aligned text tables, Markdown, the `design:` bands, and the flags it
//! refuses.

use crate::support::ci_support::*;
use serde_json::Value;

fn stats(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    orglint_in(dir).arg("stats").args(args).output().unwrap()
}

#[test]
fn junior_rows_count_as_reports_and_sit_a_layer_below_their_post() {
    let dft = fixture("uk-organogram/department_for_transport-2011-09-30");
    let senior = format!("{}-senior.csv", dft.display());
    let junior = format!("{}-junior.csv", dft.display());
    let here = std::path::Path::new(".");
    let alone: Value =
        serde_json::from_slice(&stats(here, &["--format", "json", &senior]).stdout).unwrap();
    let both: Value =
        serde_json::from_slice(&stats(here, &["--format", "json", &senior, &junior]).stdout)
            .unwrap();
    // Senior posts only: the 70 deputy directors at layer 4 manage nobody in this file.
    assert_eq!(alone["layers"]["rows"][3]["positions"], 70);
    assert_eq!(alone["layers"]["rows"][3]["managers"], 0);
    assert_eq!(alone["span_of_control"]["max"], 10);
    // With the 510 junior rows under them, one report a row.
    assert_eq!(both["layers"]["rows"][3]["managers"], 70);
    let junior_rows: u64 = both["layers"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["junior_rows"].as_u64().unwrap())
        .sum();
    assert_eq!(junior_rows, 510);
    assert_eq!(both["layers"]["rows"][4]["junior_rows"], 320);
    assert_eq!(both["span_of_control"]["max"], 19);
    assert_eq!(both["ratio"]["individual_contributors"], 2 + 510);
    let bands: u64 = both["span_of_control"]["bands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|band| band["managers"].as_u64().unwrap())
        .sum();
    assert_eq!(bands, both["span_of_control"]["managers"].as_u64().unwrap());
    // The same span in check: posts with more than 15 reports, junior rows included.
    let check = orglint_in(here)
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "span-of-control",
            &senior,
            &junior,
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    let over = both["span_of_control"]["histogram"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["span"].as_u64().unwrap() > 15)
        .map(|h| h["managers"].as_u64().unwrap())
        .sum::<u64>();
    assert!(over > 0);
    assert_eq!(report["findings"].as_array().unwrap().len() as u64, over);
}

#[test]
fn text_tables_are_aligned_and_markdown_has_the_same_sections() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("org.yaml"),
        "people:\n- {id: ceo, title: Chief Executive Officer}\n- {id: a, reports_to: ceo}\n\
         - {id: b, reports_to: a}\n- {id: c, reports_to: b}\n- {id: d, reports_to: c}\n\
         - {id: e, reports_to: ceo, vacant: true}\n",
    )
    .unwrap();
    let text = String::from_utf8(stats(dir.path(), &["org.yaml"]).stdout).unwrap();
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| l.trim() != "layers:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(table.len(), 1 + 5, "{text}");
    // Right-aligned figures: every row ends where the header ends.
    assert!(table.iter().all(|l| l.len() == table[0].len()), "{text}");
    assert!(text.contains("narrow chains    1"), "{text}");
    assert!(
        text.contains("filled span      median 1, p90 1, max 1"),
        "{text}"
    );

    let markdown =
        String::from_utf8(stats(dir.path(), &["org.yaml", "--format", "markdown"]).stdout).unwrap();
    for heading in [
        "### Layers",
        "### Span bands",
        "### Narrow chains (1)",
        "### Executives",
    ] {
        assert!(markdown.contains(heading), "{heading}: {markdown}");
    }
    assert!(markdown.contains("| a | c | 3 |"), "{markdown}");
}

#[test]
fn design_bands_from_the_config_are_the_columns_and_bad_ones_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("org.yaml"),
        "people:\n- {id: ceo}\n- {id: a, reports_to: ceo}\n- {id: b, reports_to: ceo}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("orglint.yaml"),
        "design:\n  bands:\n    - {name: tiny, max: 1}\n    - {name: rest}\n",
    )
    .unwrap();
    let json: Value =
        serde_json::from_slice(&stats(dir.path(), &["org.yaml", "--format", "json"]).stdout)
            .unwrap();
    let bands = &json["span_of_control"]["bands"];
    assert_eq!(bands[0]["name"], "tiny");
    assert_eq!(
        (bands[1]["min"].as_u64(), bands[1]["managers"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        json["layers"]["rows"][0]["bands"],
        serde_json::json!([0, 1])
    );

    std::fs::write(
        dir.path().join("orglint.yaml"),
        "design:\n  bands:\n    - {name: tiny, max: 3}\n    - {name: rest, max: 2}\n",
    )
    .unwrap();
    let output = stats(dir.path(), &["org.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("orglint.yaml:4:"), "{stderr}");
    assert!(
        stderr.contains("the last band, \"rest\", must have no max"),
        "{stderr}"
    );

    std::fs::write(dir.path().join("orglint.yaml"), "design:\n  min_spam: 2\n").unwrap();
    let output = stats(dir.path(), &["org.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("min_spam"));
}

#[test]
fn chart_links_need_the_html_format() {
    let output = stats(
        std::path::Path::new("."),
        &[&example("acme.yaml"), "--chart", "chart.html"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--format html"));
}
