//! The rulebook: executive roles, their duties, reporting lines, collaborations, conflicts and
//! limits, as data (SPEC §4). The built-in one is `default.yaml`, embedded in the binary.

mod roles;

pub use roles::{normalize, title_segments, RoleIndex};

use crate::error::InputError;
use crate::finding::{Level, Severity};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
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
    #[serde(skip)]
    pub line: u32,
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
                f.write_str("error, warning, info or false")
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
pub(crate) struct RawRulebook {
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
    pub(crate) severity: BTreeMap<String, Spanned<String>>,
}

#[derive(Clone, Debug)]
pub struct Rulebook {
    /// Where it came from (`<built-in>` or the `--rules` path).
    pub origin: String,
    pub responsibilities: Vec<Responsibility>,
    pub roles: Vec<RoleDef>,
    pub collaborations: Vec<Collaboration>,
    pub conflicts: Vec<Conflict>,
    pub functions: Vec<FunctionNames>,
    pub limits: Limits,
    pub severity: BTreeMap<String, Level>,
}

impl Rulebook {
    /// Builds and validates a rulebook from its parsed YAML. `severity` is its `severity:`
    /// map, already checked against the rule registry by [`Rulebook::parse`] (in `config`,
    /// above the rules: this module knows nothing of them).
    pub(crate) fn from_raw(
        raw: RawRulebook,
        origin: &str,
        severity: BTreeMap<String, Level>,
    ) -> Result<Rulebook, InputError> {
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
        };
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
                .any(String::is_empty)
            {
                return err(
                    role.line,
                    format!("role {}: aliases and functions must not be empty", role.id),
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

    pub fn role(&self, id: &str) -> Option<&RoleDef> {
        self.roles.iter().find(|r| r.id == id)
    }

    pub fn role_index(&self, id: &str) -> Option<usize> {
        self.roles.iter().position(|r| r.id == id)
    }

    pub fn responsibility(&self, id: &str) -> Option<&Responsibility> {
        self.responsibilities.iter().find(|r| r.id == id)
    }

    /// The collaboration for a duty, if it is one.
    pub fn collaboration(&self, duty: &str) -> Option<&Collaboration> {
        self.collaborations
            .iter()
            .find(|c| c.responsibility == duty)
    }

    /// The function a department or unit name means, by the `functions` table.
    pub fn function_for_name(&self, name: &str) -> Option<&str> {
        let wanted = normalize(name);
        self.functions
            .iter()
            .find(|f| {
                f.names.iter().any(|n| normalize(n) == wanted) || normalize(&f.function) == wanted
            })
            .map(|f| f.function.as_str())
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
