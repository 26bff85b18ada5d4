//! SPEC §4 title matching: which roles a title gives (separators, Acting/Interim prefixes,
//! case and space), and holders in a rulebook with more roles than a u16 can count. Charts
//! where matching decides a rule's findings are under tests/rules/missing-role/.

use crate::support::common::*;
use orglint::finding::Severity::Warning;
use orglint::rulebook::Rulebook;

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
