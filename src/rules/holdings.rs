//! What the role and duty rules share, as SPEC §5 defines it: Holders(X) (from the role
//! index, vacant positions included), Owners(r) and Org(X). Each is computed once per check
//! in O(n): never one walk per person.

use super::Context;
use std::collections::HashMap;

/// Owners(r) for every duty named in the chart: the people whose `owns` lists it, in file
/// order, each once. Hashed with foldhash: four rules build it from every `owns` entry of
/// every person.
pub(super) fn owners<'c>(
    ctx: &Context<'c>,
) -> HashMap<&'c str, Vec<u32>, foldhash::fast::RandomState> {
    let mut owners: HashMap<&'c str, Vec<u32>, _> = HashMap::default();
    for i in ctx.active_people() {
        for duty in &ctx.person(i).owns {
            let list = owners.entry(duty.id.as_str()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    owners
}

/// Whether someone in post (not a vacancy) holds role `role`.
pub(super) fn held_in_post(ctx: &Context, role: usize) -> bool {
    ctx.roles.holders[role]
        .iter()
        .any(|&i| !ctx.person(i).vacant)
}

/// Org(X) per role, computed the first time a rule asks: the holders and everyone below
/// them on solid lines.
pub(super) struct OrgMasks<'c, 'a> {
    ctx: &'c Context<'a>,
    masks: Vec<Option<Vec<bool>>>,
}

impl<'c, 'a> OrgMasks<'c, 'a> {
    pub(super) fn new(ctx: &'c Context<'a>) -> Self {
        OrgMasks {
            ctx,
            masks: vec![None; ctx.rulebook.roles.len()],
        }
    }

    /// Whether any of `people` is inside Org(role).
    pub(super) fn any_inside(&mut self, role: usize, people: &[u32]) -> bool {
        let ctx = self.ctx;
        let mask =
            self.masks[role].get_or_insert_with(|| ctx.graph.org_mask(&ctx.roles.holders[role]));
        people.iter().any(|&i| mask[i as usize])
    }
}

/// How a message names a role: `COO` or `COO (Chief Operating Officer)`.
pub(super) fn role_label(ctx: &Context, role: usize) -> String {
    let def = &ctx.rulebook.roles[role];
    match &def.name {
        Some(name) if !name.is_empty() => format!("{} ({name})", def.id),
        _ => def.id.clone(),
    }
}

/// A duty id or other chart-supplied value, shortened for a message.
pub(super) fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    crate::text::truncate(text, 80)
}
