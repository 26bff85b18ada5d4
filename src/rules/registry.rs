//! The rule registry: every rule's declaration, in the order of the id table
//! ([`crate::rule_id`]), so a rule's id is its position here. Adding a rule: its id and name
//! in that table, its file with `declare_rule!`, and one line below.

use super::RuleDef;
use crate::rule_id::RuleId;

/// Every rule's declaration, at its id's position.
pub static ALL: &[&RuleDef] = &[
    &super::duplicate_id::DUPLICATE_ID,
    &super::unknown_manager::UNKNOWN_MANAGER,
    &super::unknown_reference::UNKNOWN_REFERENCE,
    &super::self_manager::SELF_MANAGER,
    &super::reporting_cycle::REPORTING_CYCLE,
    &super::multiple_roots::MULTIPLE_ROOTS,
    &super::span_of_control::SPAN_OF_CONTROL,
    &super::chain_depth::CHAIN_DEPTH,
    &super::narrow_span::NARROW_SPAN,
    &super::narrow_chain::NARROW_CHAIN,
    &super::stand_in_role::STAND_IN_ROLE,
    &super::missing_role::MISSING_ROLE,
    &super::vacant_role::VACANT_ROLE,
    &super::duplicate_role::DUPLICATE_ROLE,
    &super::role_conflict::ROLE_CONFLICT,
    &super::reporting_line::REPORTING_LINE,
    &super::unowned_responsibility::UNOWNED_RESPONSIBILITY,
    &super::misplaced_responsibility::MISPLACED_RESPONSIBILITY,
    &super::overlapping_responsibility::OVERLAPPING_RESPONSIBILITY,
    &super::incomplete_collaboration::INCOMPLETE_COLLABORATION,
    &super::unknown_responsibility::UNKNOWN_RESPONSIBILITY,
    &super::unknown_role::UNKNOWN_ROLE,
    &super::misplaced_department::MISPLACED_DEPARTMENT,
    &super::reference_by_name::REFERENCE_BY_NAME,
    &super::unread_titles::UNREAD_TITLES,
    &super::partial_export::PARTIAL_EXPORT,
    &super::orphan_account::ORPHAN_ACCOUNT,
    &super::missing_account::MISSING_ACCOUNT,
    &super::disabled_account::DISABLED_ACCOUNT,
    &super::manager_mismatch::MANAGER_MISMATCH,
    &super::ambiguous_match::AMBIGUOUS_MATCH,
    &super::title_mismatch::TITLE_MISMATCH,
    &super::department_mismatch::DEPARTMENT_MISMATCH,
    &super::waivers::EXPIRED_WAIVER,
    &super::waivers::UNUSED_WAIVER,
];

impl RuleId {
    /// The rule's declaration.
    pub fn def(self) -> &'static RuleDef {
        ALL[self.index()]
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
            assert_eq!(rule.id.def().name, rule.id.name());
        }
    }
}
