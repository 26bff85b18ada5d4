//! The definitions every role and duty rule shares, exactly as SPEC §4 states them: Holders,
//! Active₀, the stand-in, Active, Acc, Org, Owners, Exec, Above and the placement of a person
//! (inside, near, elsewhere). Built once per check, in O(people × roles); the rules only read
//! them, so no rule re-derives who is accountable for what.

use crate::graph::OrgGraph;
use crate::hash::{FastMap, LastLookup};
use crate::model::{Chart, Loc};
use crate::rulebook::{normalize, RoleIndex, Rulebook, TitleMatcher};
use std::cell::OnceCell;

/// Why someone stands in for a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StandInBasis {
    /// Their title matches one of the role's stand-in titles.
    Title,
    /// They head this department (index into `chart.departments`), whose function is one of
    /// the role's stand-in functions.
    Function(usize),
    /// They are the only top of the chart (`single_top`).
    SingleTop,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StandIn {
    pub person: u32,
    pub basis: StandInBasis,
}

/// Where a reachable person sits relative to a role's org (SPEC §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// In Org(X).
    Inside,
    /// Their nearest executive holds a role X reports to (straight under the CEO, not
    /// through the COO).
    Near,
    /// Under another executive, or under none.
    Elsewhere,
}

pub struct Definitions {
    /// Per role: Active₀(X), the holders in post (not vacant), file order.
    pub active0: Vec<Vec<u32>>,
    /// Per role: who stands in when Active₀(X) is empty.
    pub stand_in: Vec<Option<StandIn>>,
    /// Per role: Active(X) = Active₀(X) plus the stand-in.
    pub active: Vec<Vec<u32>>,
    /// Per role: the role whose Active is Acc(X) (X itself, or the first role up its
    /// `reports_to` with someone accountable); `None` when nobody is accountable.
    pub acc_role: Vec<Option<usize>>,
    /// Per role: whether `missing-role` or `vacant-role` reports it (so the findings that
    /// would only follow from that gap are not raised again: one cause, one finding).
    pub gap_reported: Vec<bool>,
    /// Owners(r): per duty id, the people listing it in `owns`, file order, each once.
    pub owners: FastMap<String, Vec<u32>>,
    /// Per department (same order as `chart.departments`): its function, normalised.
    pub department_function: Vec<Option<String>>,
    /// Per department: its head: declared, else its highest member (fewest managers above,
    /// ties to the first in the file; members in or under a cycle rank last).
    pub department_head: Vec<Option<u32>>,
    /// Per person in Active of some role: those roles, sorted.
    active_roles: FastMap<u32, Vec<u32>>,
    /// Per person: Exec(p), for reachable people.
    exec: Vec<Option<u32>>,
    /// Per role: Above(X), computed on first use.
    above: Vec<OnceCell<Vec<usize>>>,
    /// Per role: Org(X) as a mask over people, computed on first use.
    org: Vec<OnceCell<Vec<bool>>>,
    /// Per role: Acc(X) and everyone below on solid lines, computed on first use.
    acc_org: Vec<OnceCell<Vec<bool>>>,
    /// Holders(X) per role, copied from the role index.
    holders: Vec<Vec<u32>>,
}

impl Definitions {
    pub fn build(
        chart: &Chart,
        graph: &OrgGraph,
        rulebook: &Rulebook,
        roles: &RoleIndex,
    ) -> Definitions {
        let role_count = rulebook.roles.len();
        let active0 = holders_in_post(chart, roles);
        let department_function = department_functions(chart, rulebook);
        let highest = highest_members(chart, graph);
        let declared_head = |k: usize| {
            chart.departments[k]
                .head
                .as_ref()
                .map(|h| graph.index_of(&h.id))
        };
        let department_head: Vec<Option<u32>> = (0..chart.departments.len())
            .map(|k| declared_head(k).unwrap_or(highest.any[k].map(|(_, i)| i)))
            .collect();
        let stand_in = find_stand_ins(
            chart,
            graph,
            rulebook,
            &active0,
            &department_function,
            |k| declared_head(k).unwrap_or(highest.in_post[k].map(|(_, i)| i)),
        );
        let active: Vec<Vec<u32>> = (0..role_count)
            .map(|r| {
                let mut people = active0[r].clone();
                people.extend(stand_in[r].map(|s| s.person));
                people
            })
            .collect();
        let acc_role = accountable_roles(rulebook, &active);
        let gap_reported = gaps_reported(graph, rulebook, roles, &active0, &stand_in);
        let active_roles = roles_by_person(&active);
        let exec = executives(chart, graph, &active_roles);
        Definitions {
            active0,
            stand_in,
            active,
            acc_role,
            gap_reported,
            owners: owners_of(chart, graph),
            department_function,
            department_head,
            active_roles,
            exec,
            above: (0..role_count).map(|_| OnceCell::new()).collect(),
            org: (0..role_count).map(|_| OnceCell::new()).collect(),
            acc_org: (0..role_count).map(|_| OnceCell::new()).collect(),
            holders: roles.holders.clone(),
        }
    }

    /// Acc(X): who is accountable for X's duties (empty: nobody).
    pub fn acc(&self, role: usize) -> &[u32] {
        self.acc_role[role]
            .map(|r| self.active[r].as_slice())
            .unwrap_or(&[])
    }

    /// Owners(r) (empty when nobody owns the duty).
    pub fn owners_of(&self, duty: &str) -> &[u32] {
        self.owners.get(duty).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The roles whose Active includes person `i` (holders in post and stand-ins).
    pub fn active_roles_of(&self, i: u32) -> &[u32] {
        self.active_roles.get(&i).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether person `i` holds role `role` (vacant posts included) or stands in for it.
    pub fn holds_or_stands_in(&self, i: u32, role: usize) -> bool {
        self.holders[role].contains(&i) || self.stand_in[role].is_some_and(|s| s.person == i)
    }

    /// Exec(p): the nearest person at or above p on solid lines in Active of some role.
    pub fn exec(&self, i: u32) -> Option<u32> {
        self.exec[i as usize]
    }

    /// Above(X): the roles reachable from X through `reports_to`, nearest first.
    pub fn above(&self, rulebook: &Rulebook, role: usize) -> &[usize] {
        self.above[role].get_or_init(|| {
            let mut seen = vec![false; rulebook.roles.len()];
            seen[role] = true;
            let mut found = Vec::new();
            let mut next = vec![role];
            while let Some(r) = next.pop() {
                for target in &rulebook.roles[r].reports_to {
                    if let Some(t) = rulebook.role_index(target) {
                        if !std::mem::replace(&mut seen[t], true) {
                            found.push(t);
                            next.push(t);
                        }
                    }
                }
            }
            found
        })
    }

    /// Whether person `i` is in Org(X): a holder (vacant posts included), the stand-in, or
    /// below one of them on solid lines.
    pub fn in_org(&self, graph: &OrgGraph, role: usize, i: u32) -> bool {
        self.org[role].get_or_init(|| {
            let mut heads = self.holders[role].clone();
            heads.extend(self.stand_in[role].map(|s| s.person));
            graph.org_mask(&heads)
        })[i as usize]
    }

    /// Whether person `i` is in Acc(X) or below it on solid lines.
    pub fn under_acc(&self, graph: &OrgGraph, role: usize, i: u32) -> bool {
        self.acc_org[role].get_or_init(|| graph.org_mask(self.acc(role)))[i as usize]
    }

    /// The placement of person `i` for role X; `None` for an unreachable person (no
    /// placement finding is about them).
    pub fn placement(
        &self,
        graph: &OrgGraph,
        rulebook: &Rulebook,
        role: usize,
        i: u32,
    ) -> Option<Placement> {
        // Unreachable (no top is above the person): no placement.
        graph.depth[i as usize]?;
        if self.in_org(graph, role, i) {
            return Some(Placement::Inside);
        }
        let above = self.above(rulebook, role);
        let near = self.exec(i).is_some_and(|e| {
            self.active_roles_of(e)
                .iter()
                .any(|&r| above.contains(&(r as usize)))
        });
        Some(if near {
            Placement::Near
        } else {
            Placement::Elsewhere
        })
    }

    /// Where person `i` lists duty `duty` in `owns`.
    pub fn owns_entry(chart: &Chart, i: u32, duty: &str) -> Loc {
        let person = &chart.people[i as usize];
        person
            .owns
            .iter()
            .find(|o| o.id == duty && o.loc.line > 0)
            .map(|o| o.loc)
            .unwrap_or(person.loc)
    }
}

/// Active₀(X) per role: its holders in post (not vacant), file order.
fn holders_in_post(chart: &Chart, roles: &RoleIndex) -> Vec<Vec<u32>> {
    roles
        .holders
        .iter()
        .map(|holders| {
            holders
                .iter()
                .copied()
                .filter(|&i| !chart.people[i as usize].vacant)
                .collect()
        })
        .collect()
}

/// Each department's function, normalised: declared, else the rulebook's function for its
/// name, else for its id.
fn department_functions(chart: &Chart, rulebook: &Rulebook) -> Vec<Option<String>> {
    chart
        .departments
        .iter()
        .map(|d| match &d.function {
            Some(function) => Some(normalize(function)),
            None => d
                .name
                .as_deref()
                .and_then(|name| rulebook.function_for_name(name))
                .or_else(|| rulebook.function_for_name(&d.id))
                .map(normalize),
        })
        .collect()
}

/// Per department, as (rank, person): its highest member (fewest managers above, ties to
/// the first in the file; members in or under a cycle rank last), and its highest reachable
/// member in post (the head a stand-in by function is looked for among).
struct Highest {
    any: Vec<Option<(u32, u32)>>,
    in_post: Vec<Option<(u32, u32)>>,
}

fn highest_members(chart: &Chart, graph: &OrgGraph) -> Highest {
    let department_index: FastMap<&str, usize> = chart
        .departments
        .iter()
        .enumerate()
        .map(|(k, d)| (d.id.as_str(), k))
        .rev()
        .collect();
    let mut highest = Highest {
        any: vec![None; chart.departments.len()],
        in_post: vec![None; chart.departments.len()],
    };
    let mut last = LastLookup::new();
    for (i, person) in chart.people.iter().enumerate() {
        let i = i as u32;
        if !graph.is_active(i) {
            continue;
        }
        let Some(k) = person
            .department
            .as_ref()
            .and_then(|d| last.get(d.id.as_str(), |id| department_index.get(id).copied()))
        else {
            continue;
        };
        let depth = graph.depth[i as usize];
        let rank = depth.unwrap_or(u32::MAX);
        if highest.any[k].is_none_or(|(best, _)| rank < best) {
            highest.any[k] = Some((rank, i));
        }
        if depth.is_some()
            && !person.vacant
            && highest.in_post[k].is_none_or(|(best, _)| rank < best)
        {
            highest.in_post[k] = Some((rank, i));
        }
    }
    highest
}

/// Per role: whether `missing-role` or `vacant-role` reports it (a required role with no
/// holder and no stand-in — for a top role, only when the chart has a top — or with holders
/// none of whom is in post).
fn gaps_reported(
    graph: &OrgGraph,
    rulebook: &Rulebook,
    roles: &RoleIndex,
    active0: &[Vec<u32>],
    stand_in: &[Option<StandIn>],
) -> Vec<bool> {
    let has_top = !graph.roots.is_empty();
    rulebook
        .roles
        .iter()
        .enumerate()
        .map(|(r, role)| {
            let holders = &roles.holders[r];
            role.required.0.is_some()
                && if holders.is_empty() {
                    stand_in[r].is_none() && (has_top || !role.top)
                } else {
                    active0[r].is_empty()
                }
        })
        .collect()
}

/// Per person in Active of some role: those roles, in role order, each once.
fn roles_by_person(active: &[Vec<u32>]) -> FastMap<u32, Vec<u32>> {
    let mut active_roles: FastMap<u32, Vec<u32>> = FastMap::default();
    for (r, people) in active.iter().enumerate() {
        for &i in people {
            let list = active_roles.entry(i).or_default();
            if !list.contains(&(r as u32)) {
                list.push(r as u32);
            }
        }
    }
    active_roles
}

/// Exec(p) per person: the nearest person at or above them on solid lines who is in Active
/// of some role (top down, so each takes their manager's).
fn executives(
    chart: &Chart,
    graph: &OrgGraph,
    active_roles: &FastMap<u32, Vec<u32>>,
) -> Vec<Option<u32>> {
    let mut exec = vec![None; chart.people.len()];
    // A flag per person: a map lookup per person cost more than the walk.
    let mut in_active = vec![false; chart.people.len()];
    for &i in active_roles.keys() {
        in_active[i as usize] = true;
    }
    for &i in &graph.top_down {
        exec[i as usize] = if in_active[i as usize] {
            Some(i)
        } else {
            graph.manager(i).and_then(|m| exec[m as usize])
        };
    }
    exec
}

/// Owners(r): per duty id, the reachable people listing it in `owns`, file order, each once.
fn owners_of(chart: &Chart, graph: &OrgGraph) -> FastMap<String, Vec<u32>> {
    let mut owners: FastMap<String, Vec<u32>> = FastMap::default();
    for (i, person) in chart.people.iter().enumerate() {
        let i = i as u32;
        if !graph.is_active(i) {
            continue;
        }
        for duty in &person.owns {
            let list = owners.entry(duty.id.to_string()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    owners
}

/// The stand-in of every role whose Active₀ is empty (SPEC §4): among reachable, non-vacant
/// people without an explicit `roles:` list, the shallowest who matches a stand-in title or
/// heads a department with a stand-in function; a title beats a function head at equal depth;
/// a tie that remains means nobody. A `top` role takes only a top, and with `single_top` the
/// only top (assistants aside) when no title matches.
fn find_stand_ins(
    chart: &Chart,
    graph: &OrgGraph,
    rulebook: &Rulebook,
    active0: &[Vec<u32>],
    department_function: &[Option<String>],
    head_in_post: impl Fn(usize) -> Option<u32>,
) -> Vec<Option<StandIn>> {
    let role_count = rulebook.roles.len();
    let wanted: Vec<bool> = (0..role_count)
        .map(|r| active0[r].is_empty() && rulebook.roles[r].stand_ins.declared())
        .collect();
    let eligible = |i: u32| {
        let person = &chart.people[i as usize];
        graph.is_active(i)
            && graph.depth[i as usize].is_some()
            && !person.vacant
            && person.roles.is_none()
    };
    // Per role: candidates (depth, person, basis).
    let mut candidates: Vec<Vec<(u32, u32, StandInBasis)>> = vec![Vec::new(); role_count];
    let titles = TitleMatcher::new(
        rulebook
            .roles
            .iter()
            .enumerate()
            .filter(|&(r, _)| wanted[r])
            .flat_map(|(r, role)| {
                role.stand_ins
                    .titles
                    .iter()
                    .map(move |t| (t.as_str(), r as u32))
            }),
    );
    if !titles.is_empty() {
        let mut by_title: FastMap<&str, Vec<u32>> = FastMap::default();
        for (i, person) in chart.people.iter().enumerate() {
            let i = i as u32;
            let Some(title) = person.title.as_deref() else {
                continue;
            };
            if !eligible(i) {
                continue;
            }
            let roles = by_title
                .entry(title)
                .or_insert_with(|| titles.matches(title));
            for &r in roles.iter() {
                let depth = graph.depth[i as usize].unwrap_or(u32::MAX);
                candidates[r as usize].push((depth, i, StandInBasis::Title));
            }
        }
    }
    for (k, function) in department_function.iter().enumerate() {
        let Some(function) = function else { continue };
        let Some(head) = head_in_post(k).filter(|&h| eligible(h)) else {
            continue;
        };
        let depth = graph.depth[head as usize].unwrap_or(u32::MAX);
        for (r, role) in rulebook.roles.iter().enumerate() {
            if wanted[r]
                && role
                    .stand_ins
                    .functions
                    .iter()
                    .any(|f| normalize(f) == *function)
            {
                candidates[r].push((depth, head, StandInBasis::Function(k)));
            }
        }
    }
    rulebook
        .roles
        .iter()
        .enumerate()
        .map(|(r, role)| {
            if !wanted[r] {
                return None;
            }
            let mut found = std::mem::take(&mut candidates[r]);
            if role.top {
                found.retain(|&(depth, _, _)| depth == 0);
            }
            let chosen = pick(&found);
            if chosen.is_none() && found.is_empty() && role.top && role.stand_ins.single_top {
                let tops: Vec<u32> = graph
                    .roots
                    .iter()
                    .copied()
                    .filter(|&i| !chart.people[i as usize].assistant)
                    .collect();
                if let [only] = tops[..] {
                    if eligible(only) {
                        return Some(StandIn {
                            person: only,
                            basis: StandInBasis::SingleTop,
                        });
                    }
                }
            }
            chosen
        })
        .collect()
}

/// The shallowest candidate: a title match before a function head, a tie between different
/// people of the same kind meaning nobody.
fn pick(candidates: &[(u32, u32, StandInBasis)]) -> Option<StandIn> {
    let shallowest = candidates.iter().map(|c| c.0).min()?;
    let at_depth = |by_title: bool| {
        let mut people: Vec<(u32, StandInBasis)> = candidates
            .iter()
            .filter(|c| c.0 == shallowest && (c.2 == StandInBasis::Title) == by_title)
            .map(|c| (c.1, c.2))
            .collect();
        people.sort_by_key(|p| p.0);
        people.dedup_by_key(|p| p.0);
        people
    };
    let titled = at_depth(true);
    let chosen = if titled.is_empty() {
        at_depth(false)
    } else {
        titled
    };
    match chosen[..] {
        [(person, basis)] => Some(StandIn { person, basis }),
        _ => None,
    }
}

/// The role whose Active is Acc(X), for every role: X itself when Active(X) is non-empty,
/// else Acc of the first role in X's `reports_to` that has one (the rulebook's `reports_to`
/// has no cycle: checked when it is loaded). Iterative, memoised.
fn accountable_roles(rulebook: &Rulebook, active: &[Vec<u32>]) -> Vec<Option<usize>> {
    let count = rulebook.roles.len();
    let targets: Vec<Vec<usize>> = rulebook
        .roles
        .iter()
        .map(|r| {
            r.reports_to
                .iter()
                .filter_map(|t| rulebook.role_index(t))
                .collect()
        })
        .collect();
    // None = not worked out yet.
    let mut acc: Vec<Option<Option<usize>>> = vec![None; count];
    for start in 0..count {
        let mut stack = vec![start];
        while let Some(&r) = stack.last() {
            if acc[r].is_some() {
                stack.pop();
                continue;
            }
            if !active[r].is_empty() {
                acc[r] = Some(Some(r));
                stack.pop();
                continue;
            }
            let mut result = None;
            let mut pending = None;
            for &t in &targets[r] {
                match acc[t] {
                    None => {
                        pending = Some(t);
                        break;
                    }
                    Some(Some(found)) => {
                        result = Some(found);
                        break;
                    }
                    Some(None) => {}
                }
            }
            match pending {
                Some(t) if !stack.contains(&t) => stack.push(t),
                _ => {
                    acc[r] = Some(result);
                    stack.pop();
                }
            }
        }
    }
    acc.into_iter().map(Option::flatten).collect()
}

/// How a message names a role: `COO` or `COO (Chief Operating Officer)`.
pub(super) fn role_label(ctx: &super::Context, role: usize) -> String {
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
