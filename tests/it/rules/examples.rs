//! The bundled examples: acme (YAML and JSON) and minimal are finding-free, and problems gives
//! exactly the findings its header comment lists.

use crate::support::common::*;

#[test]
fn the_examples_acme_chart_is_finding_free() {
    for path in [
        "examples/acme.yaml",
        "examples/acme.json",
        "examples/minimal.yaml",
    ] {
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(findings(&text), vec![], "{path}");
    }
}

/// examples/problems.yaml lists its expected findings in its header comment; the check must
/// give exactly that set (rule, severity and primary subject), no more and no less.
#[test]
fn the_examples_problems_chart_gives_exactly_the_findings_its_header_lists() {
    let text = std::fs::read_to_string("examples/problems.yaml").unwrap();
    let mut expected: Vec<(String, String, String)> = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| {
            let words: Vec<&str> = l.trim_start_matches('#').split_whitespace().collect();
            let severity = *words.get(1)?;
            if !["error", "warning", "info"].contains(&severity) {
                return None;
            }
            let primary = words.get(2)?.trim_end_matches(',');
            Some((words[0].to_owned(), severity.to_owned(), primary.to_owned()))
        })
        .collect();
    expected.sort();
    assert_eq!(expected.len(), 14, "the header lists 14 findings");
    let mut actual: Vec<(String, String, String)> = findings(&text)
        .into_iter()
        .map(|x| (x.rule, x.severity.to_string(), x.subjects[0].clone()))
        .collect();
    actual.sort();
    assert_eq!(actual, expected);
    // The subjects beyond the primary ones the header names.
    let all = findings(&text);
    for (rule, subjects) in [
        ("vacant-role", vec!["COO", "coo-open"]),
        ("stand-in-role", vec!["COO", "mara"]),
        ("overlapping-responsibility", vec!["jfoster", "pmills"]),
        ("misplaced-department", vec!["analytics", "lgreen"]),
        ("multiple-roots", vec!["olsen", "vshah"]),
    ] {
        assert!(
            all.iter().any(|x| x.rule == rule && x.subjects == subjects),
            "{rule} {subjects:?} in {all:#?}"
        );
    }
}
