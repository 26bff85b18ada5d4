//! The rulebook: executive roles, their duties, reporting lines, collaborations, conflicts and
//! limits, as data (SPEC §4). The built-in one is `default.yaml`, embedded in the binary.

mod roles;
mod severity;

pub use roles::{normalize, title_segments, RoleIndex, TitleMatcher};
pub use severity::SeverityMap;

use crate::choice::Choice;
use crate::error::InputError;
use crate::finding::Severity;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// The built-in COO/CIO rulebook, as YAML.
pub const DEFAULT_RULEBOOK: &str = include_str!("default.yaml");

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responsibility {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(skip)]
    pub line: u32,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleDef {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Severity of `missing-role` when nobody holds the role; `None` = not required.
    #[serde(default)]
    pub required: Required,
    #[serde(default = "one")]
    pub max_holders: u32,
    /// May have no manager (top of the chart).
    #[serde(default)]
    pub top: bool,
    #[serde(default)]
    pub reports_to: Vec<String>,
    #[serde(default)]
    pub tolerated_reports_to: Vec<String>,
    #[serde(default)]
    pub responsibilities: Vec<String>,
    #[serde(default)]
    pub functions: Vec<String>,
    /// Who stands in for the role when nobody in post holds it (SPEC §4).
    #[serde(default)]
    pub stand_ins: StandIns,
    #[serde(skip)]
    pub line: u32,
}

/// A role's `stand_ins`: titles matched as aliases are, department functions whose head
/// stands in, and (for a `top` role) whether the single top of the chart stands in.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandIns {
    #[serde(default)]
    pub titles: Vec<String>,
    #[serde(default)]
    pub functions: Vec<String>,
    #[serde(default)]
    pub single_top: bool,
}

impl StandIns {
    /// Whether the role declares any way to stand in for it.
    pub fn declared(&self) -> bool {
        !self.titles.is_empty() || !self.functions.is_empty() || self.single_top
    }
}

fn one() -> u32 {
    1
}

/// `required: error|warning|info|false` (exactly what the schema allows: no `true`, which
/// would hide which severity a missing role gets).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Required(pub Option<Severity>);

impl<'de> Deserialize<'de> for Required {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RequiredVisitor;
        impl Visitor<'_> for RequiredVisitor {
            type Value = Required;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                let most_severe_first = Severity::ALL.iter().rev().map(|s| s.name());
                let names: Vec<&str> = most_severe_first.chain(["false"]).collect();
                f.write_str(&crate::choice::alternatives(&names))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Required, E> {
                if v {
                    Err(E::invalid_value(de::Unexpected::Bool(v), &self))
                } else {
                    Ok(Required(None))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Required, E> {
                Severity::parse(v)
                    .map(|s| Required(Some(s)))
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_any(RequiredVisitor)
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collaboration {
    pub responsibility: String,
    pub roles: Vec<String>,
    #[serde(skip)]
    pub line: u32,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    pub roles: Vec<String>,
    #[serde(default = "warning")]
    pub severity: Severity,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(skip)]
    pub line: u32,
}

fn warning() -> Severity {
    Severity::Warning
}

/// Department/unit names that mean a function (for HR exports that carry no function).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionNames {
    pub function: String,
    pub names: Vec<String>,
    #[serde(skip)]
    pub line: u32,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    #[serde(default = "default_span")]
    pub span_of_control: u32,
    #[serde(default = "default_depth")]
    pub chain_depth: u32,
}

fn default_span() -> u32 {
    15
}
fn default_depth() -> u32 {
    10
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            span_of_control: default_span(),
            chain_depth: default_depth(),
        }
    }
}

/// A rulebook as written, before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRulebook {
    #[serde(default)]
    version: Option<Spanned<u32>>,
    #[serde(default)]
    responsibilities: Vec<Spanned<Responsibility>>,
    #[serde(default)]
    roles: Vec<Spanned<RoleDef>>,
    #[serde(default)]
    collaborations: Vec<Spanned<Collaboration>>,
    #[serde(default)]
    conflicts: Vec<Spanned<Conflict>>,
    #[serde(default)]
    functions: Vec<Spanned<FunctionNames>>,
    #[serde(default)]
    limits: Limits,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct Rulebook {
    /// Where it came from (`<built-in>` or the `--rules` path).
    pub origin: String,
    pub responsibilities: Vec<Responsibility>,
    pub roles: Vec<RoleDef>,
    pub collaborations: Vec<Collaboration>,
    pub conflicts: Vec<Conflict>,
    pub functions: Vec<FunctionNames>,
    pub limits: Limits,
    /// Per-rule severities (a config's win over them).
    pub severity: SeverityMap,
    /// Ids → positions, so that validation and every lookup cost one hash each: a
    /// 100,000-role rulebook must not be compared role against role.
    lookup: Lookup,
}

/// Indices into the rulebook's lists by id, built once when it is parsed. The first entry of
/// an id wins (a second one is an error anyway).
#[derive(Clone, Debug, Default)]
struct Lookup {
    roles: HashMap<String, usize>,
    /// Role ids in ASCII lower case, for explicit `roles:` entries (matched case-insensitively).
    roles_folded: HashMap<String, usize>,
    responsibilities: HashMap<String, usize>,
    collaborations: HashMap<String, usize>,
    /// Normalized function names and functions → function.
    functions: HashMap<String, usize>,
}

impl Lookup {
    fn build(rulebook: &Rulebook) -> Lookup {
        fn first_wins(ids: impl Iterator<Item = String>) -> HashMap<String, usize> {
            let mut map = HashMap::new();
            for (i, id) in ids.enumerate() {
                map.entry(id).or_insert(i);
            }
            map
        }
        let mut functions = HashMap::new();
        for (i, entry) in rulebook.functions.iter().enumerate() {
            for name in entry.names.iter().chain(std::iter::once(&entry.function)) {
                functions.entry(normalize(name)).or_insert(i);
            }
        }
        Lookup {
            roles: first_wins(rulebook.roles.iter().map(|r| r.id.clone())),
            roles_folded: first_wins(rulebook.roles.iter().map(|r| r.id.to_ascii_lowercase())),
            responsibilities: first_wins(rulebook.responsibilities.iter().map(|r| r.id.clone())),
            collaborations: first_wins(
                rulebook
                    .collaborations
                    .iter()
                    .map(|c| c.responsibility.clone()),
            ),
            functions,
        }
    }
}

impl Rulebook {
    /// The built-in COO/CIO rulebook.
    pub fn builtin() -> Result<Rulebook, InputError> {
        Rulebook::parse(DEFAULT_RULEBOOK, "<built-in>")
    }

    /// Every title that means a role: the roles' aliases and stand-in titles (loaders look
    /// for them in columns no field reads).
    pub fn role_titles(&self) -> Vec<String> {
        self.roles
            .iter()
            .flat_map(|role| role.aliases.iter().chain(&role.stand_ins.titles))
            .cloned()
            .collect()
    }

    /// Reads a rulebook file.
    pub fn load(path: &str) -> Result<Rulebook, InputError> {
        let bytes = std::fs::read(path)
            .map_err(|e| InputError::file(path, format!("cannot read rulebook: {e}")))?;
        let text = crate::decode::decode_utf8(&bytes, path)?;
        Rulebook::parse(&text, path)
    }

    /// Parses and validates rulebook YAML: every role, duty and rule it names must exist.
    pub fn parse(text: &str, origin: &str) -> Result<Rulebook, InputError> {
        let raw: RawRulebook = crate::decode::parse_yaml(text, origin)?;
        Rulebook::from_raw(raw, origin)
    }

    /// Builds and validates a rulebook from its parsed YAML.
    fn from_raw(raw: RawRulebook, origin: &str) -> Result<Rulebook, InputError> {
        let severity = SeverityMap::parse(raw.severity, origin)?;
        if let Some(v) = raw.version {
            if v.value != 1 {
                return Err(InputError::new(
                    origin,
                    v.referenced.line() as u32,
                    v.referenced.column() as u32,
                    format!("unsupported rulebook version {}: expected 1", v.value),
                ));
            }
        }
        let rulebook = Rulebook {
            origin: origin.to_owned(),
            responsibilities: raw
                .responsibilities
                .into_iter()
                .map(|s| Responsibility {
                    line: line_of(&s),
                    ..s.value
                })
                .collect(),
            roles: raw
                .roles
                .into_iter()
                .map(|s| RoleDef {
                    line: line_of(&s),
                    ..s.value
                })
                .collect(),
            collaborations: raw
                .collaborations
                .into_iter()
                .map(|s| Collaboration {
                    line: line_of(&s),
                    ..s.value
                })
                .collect(),
            conflicts: raw
                .conflicts
                .into_iter()
                .map(|s| Conflict {
                    line: line_of(&s),
                    ..s.value
                })
                .collect(),
            functions: raw
                .functions
                .into_iter()
                .map(|s| FunctionNames {
                    line: line_of(&s),
                    ..s.value
                })
                .collect(),
            limits: raw.limits,
            severity,
            lookup: Lookup::default(),
        };
        let lookup = Lookup::build(&rulebook);
        let rulebook = Rulebook { lookup, ..rulebook };
        rulebook.validate()?;
        Ok(rulebook)
    }

    /// Checks what the schema says (non-empty ids, list sizes) and what it cannot say:
    /// unique ids and references to declared roles and duties.
    fn validate(&self) -> Result<(), InputError> {
        let err = |line: u32, message: String| Err(InputError::new(&self.origin, line, 0, message));
        let mut seen_duties = std::collections::HashSet::new();
        for duty in &self.responsibilities {
            if duty.id.is_empty() {
                return err(
                    duty.line,
                    "a responsibility needs a non-empty id".to_owned(),
                );
            }
            if !seen_duties.insert(duty.id.as_str()) {
                return err(
                    duty.line,
                    format!("responsibility {} is declared twice", duty.id),
                );
            }
        }
        let mut seen_roles = std::collections::HashSet::new();
        for role in &self.roles {
            if role.id.is_empty() {
                return err(role.line, "a role needs a non-empty id".to_owned());
            }
            if !seen_roles.insert(role.id.as_str()) {
                return err(role.line, format!("role {} is declared twice", role.id));
            }
        }
        for role in &self.roles {
            if role.max_holders == 0 {
                return err(
                    role.line,
                    format!("role {}: max_holders must be at least 1", role.id),
                );
            }
            if role
                .aliases
                .iter()
                .chain(&role.functions)
                .chain(&role.stand_ins.titles)
                .chain(&role.stand_ins.functions)
                .any(|text| text.trim().is_empty())
            {
                return err(
                    role.line,
                    format!(
                        "role {}: aliases, functions and stand-ins must not be empty",
                        role.id
                    ),
                );
            }
            for target in role.reports_to.iter().chain(&role.tolerated_reports_to) {
                if self.role(target).is_none() {
                    return err(
                        role.line,
                        format!("role {}: reports_to names unknown role {target}", role.id),
                    );
                }
            }
            for duty in &role.responsibilities {
                if self.responsibility(duty).is_none() {
                    return err(
                        role.line,
                        format!("role {}: unknown responsibility {duty}", role.id),
                    );
                }
            }
        }
        self.check_reporting_cycle()?;
        for collaboration in &self.collaborations {
            let duty = &collaboration.responsibility;
            if self.responsibility(duty).is_none() {
                return err(
                    collaboration.line,
                    format!("collaboration names unknown responsibility {duty}"),
                );
            }
            if collaboration.roles.is_empty() {
                return err(
                    collaboration.line,
                    format!("collaboration {duty} needs at least one role"),
                );
            }
            for role in &collaboration.roles {
                if self.role(role).is_none() {
                    return err(
                        collaboration.line,
                        format!("collaboration {duty} names unknown role {role}"),
                    );
                }
            }
        }
        for conflict in &self.conflicts {
            if conflict.roles.len() < 2 {
                return err(
                    conflict.line,
                    "a conflict needs at least two roles".to_owned(),
                );
            }
            for role in &conflict.roles {
                if self.role(role).is_none() {
                    return err(conflict.line, format!("conflict names unknown role {role}"));
                }
            }
        }
        for function in &self.functions {
            if function.function.is_empty() || function.names.iter().any(String::is_empty) {
                return err(
                    function.line,
                    "a functions entry needs a non-empty function and non-empty names".to_owned(),
                );
            }
        }
        Ok(())
    }

    /// Roles' `reports_to` must not form a cycle: duties go up through them (SPEC §4, Acc).
    /// Iterative three-colour walk; the error names the cycle.
    fn check_reporting_cycle(&self) -> Result<(), InputError> {
        let edges: Vec<Vec<usize>> = self
            .roles
            .iter()
            .map(|r| {
                r.reports_to
                    .iter()
                    .filter_map(|t| self.role_index(t))
                    .collect()
            })
            .collect();
        // 0 = not seen, 1 = on the current path, 2 = done.
        let mut state = vec![0u8; self.roles.len()];
        for start in 0..self.roles.len() {
            if state[start] != 0 {
                continue;
            }
            let mut path: Vec<(usize, usize)> = vec![(start, 0)];
            state[start] = 1;
            while let Some(last) = path.len().checked_sub(1) {
                let (role, next) = path[last];
                if let Some(&target) = edges[role].get(next) {
                    path[last].1 += 1;
                    match state[target] {
                        0 => {
                            state[target] = 1;
                            path.push((target, 0));
                        }
                        1 => {
                            let from = path.iter().position(|&(r, _)| r == target).unwrap_or(0);
                            let mut cycle: Vec<&str> = path[from..]
                                .iter()
                                .map(|&(r, _)| self.roles[r].id.as_str())
                                .collect();
                            cycle.push(self.roles[target].id.as_str());
                            return Err(InputError::new(
                                &self.origin,
                                self.roles[target].line,
                                0,
                                format!(
                                    "roles' reports_to form a cycle: {} (duties of a role nobody holds go up through reports_to)",
                                    cycle.join(" → ")
                                ),
                            ));
                        }
                        _ => {}
                    }
                } else {
                    state[role] = 2;
                    path.pop();
                }
            }
        }
        Ok(())
    }

    pub fn role(&self, id: &str) -> Option<&RoleDef> {
        self.role_index(id).and_then(|r| self.roles.get(r))
    }

    pub fn role_index(&self, id: &str) -> Option<usize> {
        self.lookup.roles.get(id).copied()
    }

    /// The role an explicit `roles:` entry names, case-insensitively (ASCII).
    pub fn role_index_ignoring_case(&self, id: &str) -> Option<usize> {
        match self.role_index(id) {
            Some(r) => Some(r),
            None => self
                .lookup
                .roles_folded
                .get(&id.to_ascii_lowercase())
                .copied(),
        }
    }

    pub fn responsibility(&self, id: &str) -> Option<&Responsibility> {
        let index = self.lookup.responsibilities.get(id)?;
        self.responsibilities.get(*index)
    }

    /// The collaboration for a duty, if it is one.
    pub fn collaboration(&self, duty: &str) -> Option<&Collaboration> {
        let index = self.lookup.collaborations.get(duty)?;
        self.collaborations.get(*index)
    }

    /// The function a department or unit name means, by the `functions` table.
    pub fn function_for_name(&self, name: &str) -> Option<&str> {
        let index = self.lookup.functions.get(&normalize(name))?;
        self.functions.get(*index).map(|f| f.function.as_str())
    }
}

/// The line a parsed entry starts on.
fn line_of<T>(spanned: &Spanned<T>) -> u32 {
    spanned.referenced.line() as u32
}

/// The built-in rulebook's `functions` table: how loaders given no rulebook's table name a
/// department's function. Only that section is read.
pub fn builtin_functions() -> Result<Vec<FunctionNames>, InputError> {
    #[derive(Deserialize)]
    struct Functions {
        functions: Vec<FunctionNames>,
    }
    Ok(crate::decode::parse_yaml::<Functions>(DEFAULT_RULEBOOK, "<built-in>")?.functions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rulebook_parses_and_has_the_coo_cio_rules() {
        let rb = Rulebook::builtin().expect("built-in rulebook parses");
        let coo = rb.role("COO").expect("COO");
        assert_eq!(coo.reports_to, vec!["CEO"]);
        assert_eq!(coo.responsibilities.len(), 5);
        let cio = rb.role("CIO").expect("CIO");
        assert_eq!(cio.reports_to, vec!["CEO", "CFO"]);
        assert_eq!(cio.tolerated_reports_to, vec!["COO"]);
        assert_eq!(cio.responsibilities.len(), 6);
        assert_eq!(rb.collaborations.len(), 3);
        assert_eq!(rb.limits.span_of_control, 15);
        assert_eq!(rb.limits.chain_depth, 10);
        assert_eq!(rb.function_for_name("information  technology"), Some("it"));
    }

    #[test]
    fn the_built_in_functions_are_the_built_in_rulebooks() {
        let functions = |table: &[FunctionNames]| -> Vec<(String, Vec<String>)> {
            table
                .iter()
                .map(|f| (f.function.clone(), f.names.clone()))
                .collect()
        };
        let rulebook = Rulebook::builtin().unwrap();
        let table = builtin_functions().unwrap();
        assert!(!table.is_empty());
        assert_eq!(functions(&table), functions(&rulebook.functions));
    }

    #[test]
    fn a_rulebook_naming_an_unknown_role_is_rejected_with_its_line() {
        let text = "roles:\n  - id: CEO\n    top: true\n  - id: COO\n    reports_to: [BOSS]\n";
        let e = Rulebook::parse(text, "rb.yaml").unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("BOSS"), "{}", e.message);
    }
}
