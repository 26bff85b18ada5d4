//! The rule registry: every rule once, in a stable order, and the [`RuleId`] that names it.
//! Adding a rule: its file with `declare_rule!`, and one line in the `registry!` list below.

use super::RuleDef;
use std::fmt;

/// A rule of the registry. Only the registry makes one (one constant per rule, named as the
/// rule's declaration, e.g. `RuleId::SELF_MANAGER`), so no finding can name a rule that does
/// not exist. Names are strings only at the edges: [`RuleId::parse`] and `Display`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleId(u8);

/// Lists the rules: `module::CONSTANT` of each declaration, in the registry's order. Gives
/// each a `RuleId` constant of the same name holding its position in [`ALL`].
macro_rules! registry {
    ($($module:ident::$konst:ident),+ $(,)?) => {
        /// Positions in the registry (`repr(u8)`: a 257th rule fails to compile rather than
        /// wrap).
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

        /// Every rule, in a stable order: structure, roles, responsibilities, departments,
        /// waivers. Each rule's position is its id's.
        pub static ALL: &[&RuleDef] = &[$(&super::$module::$konst),+];
    };
}

registry! {
    duplicate_id::DUPLICATE_ID,
    unknown_manager::UNKNOWN_MANAGER,
    unknown_reference::UNKNOWN_REFERENCE,
    self_manager::SELF_MANAGER,
    reporting_cycle::REPORTING_CYCLE,
    multiple_roots::MULTIPLE_ROOTS,
    span_of_control::SPAN_OF_CONTROL,
    chain_depth::CHAIN_DEPTH,
    stand_in_role::STAND_IN_ROLE,
    missing_role::MISSING_ROLE,
    vacant_role::VACANT_ROLE,
    duplicate_role::DUPLICATE_ROLE,
    role_conflict::ROLE_CONFLICT,
    reporting_line::REPORTING_LINE,
    unowned_responsibility::UNOWNED_RESPONSIBILITY,
    misplaced_responsibility::MISPLACED_RESPONSIBILITY,
    overlapping_responsibility::OVERLAPPING_RESPONSIBILITY,
    incomplete_collaboration::INCOMPLETE_COLLABORATION,
    unknown_responsibility::UNKNOWN_RESPONSIBILITY,
    unknown_role::UNKNOWN_ROLE,
    misplaced_department::MISPLACED_DEPARTMENT,
    reference_by_name::REFERENCE_BY_NAME,
    waivers::EXPIRED_WAIVER,
    waivers::UNUSED_WAIVER,
}

impl RuleId {
    /// The rule's declaration.
    pub fn def(self) -> &'static RuleDef {
        ALL[self.index()]
    }

    /// The rule's stable name (config, waivers, reports, baselines).
    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// The rule's position in [`ALL`], for tables indexed by rule.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// Every rule, in [`ALL`] order.
    pub fn all() -> impl Iterator<Item = RuleId> {
        ALL.iter().map(|rule| rule.id)
    }

    /// The rule with this name; else why it is none, with the closest name if any.
    pub fn parse(name: &str) -> Result<RuleId, String> {
        match ALL.iter().find(|rule| rule.name == name) {
            Some(rule) => Ok(rule.id),
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
    let names = ALL.iter().map(|r| r.name);
    let shown = crate::text::truncate(rule, 80);
    match crate::text::did_you_mean(rule, names) {
        Some(suggestion) => format!("unknown rule {shown:?}: did you mean {suggestion}?"),
        None => format!("unknown rule {shown:?}: `orglint rules` lists them"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_sits_at_its_ids_position() {
        assert_eq!(ALL.len(), RuleId::COUNT);
        for (position, rule) in ALL.iter().enumerate() {
            assert_eq!(rule.id.index(), position, "{}", rule.name);
            assert_eq!(rule.id.def().name, rule.name);
        }
        assert_eq!(RuleId::SELF_MANAGER.name(), "self-manager");
        assert_eq!(RuleId::all().count(), RuleId::COUNT);
    }

    #[test]
    fn names_parse_to_their_rule_and_others_get_a_hint() {
        for rule in ALL {
            assert_eq!(RuleId::parse(rule.name), Ok(rule.id));
        }
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
