//! A config's or rulebook's `severity:` map, its rule names parsed into ids as it is read.

use crate::choice::Choice;
use crate::error::InputError;
use crate::finding::Level;
use crate::rule_id::RuleId;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// A `severity:` map of a config or rulebook file: per rule, its setting if it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeverityMap([Option<Level>; RuleId::COUNT]);

impl Default for SeverityMap {
    fn default() -> Self {
        SeverityMap([None; RuleId::COUNT])
    }
}

impl SeverityMap {
    /// The setting for `rule`, if any.
    pub fn get(&self, rule: RuleId) -> Option<Level> {
        self.0[rule.index()]
    }

    pub fn set(&mut self, rule: RuleId, level: Level) {
        self.0[rule.index()] = Some(level);
    }

    /// Parses a `severity:` map as written in `display`: every key a rule of the registry,
    /// every value a level; an error points at the entry.
    pub fn parse(
        raw: BTreeMap<String, Spanned<String>>,
        display: &str,
    ) -> Result<SeverityMap, InputError> {
        let mut map = SeverityMap::default();
        for (rule, level) in raw {
            let (line, column) = (
                level.referenced.line() as u32,
                level.referenced.column() as u32,
            );
            let id = RuleId::parse(&rule)
                .map_err(|message| InputError::new(display, line, 0, message))?;
            let parsed = Level::parse(&level.value).ok_or_else(|| {
                InputError::new(
                    display,
                    line,
                    column,
                    format!(
                        "invalid severity {:?} for {rule}: expected {}",
                        level.value,
                        Level::alternatives()
                    ),
                )
            })?;
            map.set(id, parsed);
        }
        Ok(map)
    }
}
