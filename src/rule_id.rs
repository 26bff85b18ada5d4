//! Rule identities: the table of every rule's id and stable name, in the registry's order
//! (as ruff's code table). It sits at the bottom, below findings and rulebooks, so that both
//! can name rules; what each rule checks is declared above, in [`crate::rules`], whose
//! registry lists the declarations in this order.

use std::fmt;

/// A rule. Only this table makes one (one constant per rule, e.g. `RuleId::SELF_MANAGER`),
/// so no finding can name a rule that does not exist. Names are strings only at the edges:
/// [`RuleId::parse`] and `Display`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleId(u8);

/// Lists the rules, `CONSTANT => "name"`, in a stable order: structure, roles,
/// responsibilities, departments, the record against the directory, waivers.
macro_rules! rule_table {
    ($($konst:ident => $name:literal),+ $(,)?) => {
        /// Positions in the table (`repr(u8)`: a 257th rule fails to compile rather than wrap).
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u8)]
        enum Position {
            $($konst),+
        }

        impl RuleId {
            $(pub const $konst: RuleId = RuleId(Position::$konst as u8);)+
            /// How many rules there are.
            pub const COUNT: usize = [$(Position::$konst),+].len();
        }

        /// Every rule's stable name, by id.
        const NAMES: [&str; RuleId::COUNT] = [$($name),+];
    };
}

rule_table! {
    DUPLICATE_ID => "duplicate-id",
    UNKNOWN_MANAGER => "unknown-manager",
    UNKNOWN_REFERENCE => "unknown-reference",
    SELF_MANAGER => "self-manager",
    REPORTING_CYCLE => "reporting-cycle",
    MULTIPLE_ROOTS => "multiple-roots",
    SPAN_OF_CONTROL => "span-of-control",
    CHAIN_DEPTH => "chain-depth",
    NARROW_SPAN => "narrow-span",
    NARROW_CHAIN => "narrow-chain",
    STAND_IN_ROLE => "stand-in-role",
    MISSING_ROLE => "missing-role",
    VACANT_ROLE => "vacant-role",
    DUPLICATE_ROLE => "duplicate-role",
    ROLE_CONFLICT => "role-conflict",
    REPORTING_LINE => "reporting-line",
    UNOWNED_RESPONSIBILITY => "unowned-responsibility",
    MISPLACED_RESPONSIBILITY => "misplaced-responsibility",
    OVERLAPPING_RESPONSIBILITY => "overlapping-responsibility",
    INCOMPLETE_COLLABORATION => "incomplete-collaboration",
    UNKNOWN_RESPONSIBILITY => "unknown-responsibility",
    UNKNOWN_ROLE => "unknown-role",
    MISPLACED_DEPARTMENT => "misplaced-department",
    REFERENCE_BY_NAME => "reference-by-name",
    UNREAD_TITLES => "unread-titles",
    PARTIAL_EXPORT => "partial-export",
    ORPHAN_ACCOUNT => "orphan-account",
    MISSING_ACCOUNT => "missing-account",
    DISABLED_ACCOUNT => "disabled-account",
    MANAGER_MISMATCH => "manager-mismatch",
    AMBIGUOUS_MATCH => "ambiguous-match",
    TITLE_MISMATCH => "title-mismatch",
    DEPARTMENT_MISMATCH => "department-mismatch",
    EXPIRED_WAIVER => "expired-waiver",
    UNUSED_WAIVER => "unused-waiver",
}

impl RuleId {
    /// The rule's stable name (config, waivers, reports, baselines).
    pub const fn name(self) -> &'static str {
        NAMES[self.0 as usize]
    }

    /// The rule's position in the table, for tables indexed by rule.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// Every rule, in table order.
    pub fn all() -> impl Iterator<Item = RuleId> {
        (0..RuleId::COUNT).map(|i| RuleId(i as u8))
    }

    /// The rule with this name; else why it is none, with the closest name if any.
    pub fn parse(name: &str) -> Result<RuleId, String> {
        match RuleId::all().find(|rule| rule.name() == name) {
            Some(rule) => Ok(rule),
            None => Err(unknown_rule_message(name)),
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Debug for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RuleId({})", self.name())
    }
}

/// Why `rule` is not a rule name, with the closest one if any.
fn unknown_rule_message(rule: &str) -> String {
    let shown = crate::text::truncate(rule, 80);
    match crate::text::did_you_mean(rule, NAMES.iter().copied()) {
        Some(suggestion) => format!("unknown rule {shown:?}: did you mean {suggestion}?"),
        None => format!("unknown rule {shown:?}: `orglint rules` lists them"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_to_their_rule_and_others_get_a_hint() {
        for rule in RuleId::all() {
            assert_eq!(RuleId::parse(rule.name()), Ok(rule));
        }
        assert_eq!(RuleId::SELF_MANAGER.name(), "self-manager");
        assert_eq!(
            RuleId::parse("self-manger"),
            Err("unknown rule \"self-manger\": did you mean self-manager?".to_owned())
        );
        assert_eq!(
            RuleId::parse("nothing-like-it"),
            Err("unknown rule \"nothing-like-it\": `orglint rules` lists them".to_owned())
        );
    }
}
