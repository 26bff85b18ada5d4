//! The orglint chart format (SPEC §3) in YAML or JSON. JSON is read by
//! [`super::located_json`], which locates values as the YAML 1.2 parser does, so both keep
//! per-entry line numbers.

use crate::decode::parse_yaml;
use crate::error::InputError;
use crate::model::{Chart, Department, Loc, Person, Ref, SourceId, Waiver};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};
use std::fmt;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChart {
    version: Option<Spanned<u32>>,
    organization: Option<String>,
    #[serde(default)]
    departments: Vec<Spanned<RawDepartment>>,
    #[serde(default)]
    people: People,
    #[serde(default)]
    waivers: Vec<Spanned<RawWaiver>>,
}

/// The `people` list, each entry converted to a [`Person`] as soon as it is parsed: holding a
/// million raw entries and their converted copies at once would double the peak memory.
/// Locations name file 0 until [`load`] knows the file's id.
#[derive(Default)]
struct People(Vec<Person>);

impl<'de> Deserialize<'de> for People {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PeopleVisitor;
        impl<'de> Visitor<'de> for PeopleVisitor {
            type Value = People;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of people")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<People, A::Error> {
                // The hint comes from the input: cap it so a lying hint cannot reserve much.
                let mut people = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(raw) = seq.next_element::<RawPerson>()? {
                    people.push(person(0, raw));
                }
                Ok(People(people))
            }
        }
        deserializer.deserialize_seq(PeopleVisitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDepartment {
    id: Spanned<Id>,
    name: Option<String>,
    function: Option<String>,
    head: Option<Spanned<Id>>,
    parent: Option<Spanned<Id>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    id: Spanned<Id>,
    name: Option<String>,
    title: Option<String>,
    roles: Option<Vec<Spanned<String>>>,
    reports_to: Option<Spanned<Id>>,
    #[serde(default)]
    dotted_lines: Vec<Spanned<Id>>,
    department: Option<Spanned<Id>>,
    #[serde(default)]
    owns: Vec<Spanned<String>>,
    #[serde(default)]
    vacant: bool,
    #[serde(default)]
    assistant: bool,
    email: Option<String>,
}

/// A waiver as written in a chart or config file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWaiver {
    rule: String,
    subject: Id,
    reason: String,
    expires: Option<Spanned<DateText>>,
}

/// An id, kept exactly as written: `id: 1001` is the text `1001`, and `0x1F`, `0o17`,
/// `0b101`, `+12`, `-0` or `1e3` are not read as numbers (which would make `0x1F` and `31`
/// one id, a false duplicate). YAML and JSON alike.
#[derive(Clone, Debug)]
pub(crate) struct Id(pub String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id (a string or a whole number)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
                self.visit_string(v.to_owned())
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Id, E> {
                if v.trim().is_empty() {
                    return Err(E::invalid_value(de::Unexpected::Str(&v), &"a non-empty id"));
                }
                Ok(Id(v))
            }
        }
        // The scalar's text as written, not its value as a YAML number.
        deserializer.deserialize_str(IdVisitor)
    }
}

/// A date written as `2027-06-30` (YAML may hand it over as a string only).
#[derive(Clone, Debug)]
pub(crate) struct DateText(pub String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(DateText)
    }
}

pub(crate) fn loc(file: SourceId, location: &Location) -> Loc {
    Loc {
        file,
        line: location.line() as u32,
        column: location.column() as u32,
    }
}

fn spanned_ref(file: SourceId, value: Spanned<Id>) -> Ref {
    Ref::new(value.value.0, loc(file, &value.referenced))
}

fn spanned_text(file: SourceId, value: Spanned<String>) -> Ref {
    Ref::new(value.value, loc(file, &value.referenced))
}

/// Converts a parsed waiver, checking its expiry date.
pub(crate) fn waiver(
    file: SourceId,
    display: &str,
    raw: Spanned<RawWaiver>,
) -> Result<Waiver, InputError> {
    let at = loc(file, &raw.referenced);
    let value = raw.value;
    let expires = match value.expires {
        None => None,
        Some(text) => Some(crate::model::parse_date(&text.value.0).ok_or_else(|| {
            let l = loc(file, &text.referenced);
            InputError::new(
                display,
                l.line,
                l.column,
                format!("invalid date {:?}: expected YYYY-MM-DD", text.value.0),
            )
        })?),
    };
    if value.reason.trim().is_empty() {
        return Err(InputError::new(
            display,
            at.line,
            at.column,
            "a waiver needs a non-empty `reason`",
        ));
    }
    Ok(Waiver {
        rule: value.rule,
        subject: value.subject.0,
        reason: value.reason,
        expires,
        loc: at,
    })
}

fn person(file: SourceId, p: RawPerson) -> Person {
    // A person is located at their id, as in every other source (a CSV row's id cell): the
    // findings about a person point at the field that names them.
    let at = loc(file, &p.id.referenced);
    Person {
        id: p.id.value.0.into(),
        name: p.name.map(Into::into),
        title: p.title.map(Into::into),
        roles: p
            .roles
            .map(|roles| roles.into_iter().map(|r| spanned_text(file, r)).collect()),
        reports_to: p.reports_to.map(|m| spanned_ref(file, m)),
        dotted_lines: p
            .dotted_lines
            .into_iter()
            .map(|d| spanned_ref(file, d))
            .collect(),
        department: p.department.map(|d| spanned_ref(file, d)),
        owns: p.owns.into_iter().map(|o| spanned_text(file, o)).collect(),
        vacant: p.vacant,
        assistant: p.assistant,
        email: p.email.map(Into::into),
        loc: at,
        ..Person::default()
    }
}

/// Points every location of a person converted during parsing at `file`.
fn move_to_file(person: &mut Person, file: SourceId) {
    person.loc.file = file;
    let refs = person.roles.iter_mut().flat_map(|roles| roles.iter_mut());
    let refs = refs.chain(person.reports_to.iter_mut());
    let refs = refs.chain(person.dotted_lines.iter_mut());
    let refs = refs.chain(person.department.iter_mut());
    for r in refs.chain(person.owns.iter_mut()) {
        r.loc.file = file;
    }
}

/// Loads a chart file's text into `chart`. JSON is read by [`super::located_json`], which
/// holds it to JSON's stricter syntax: the YAML parser alone would accept trailing commas,
/// comments and bare words.
pub(super) fn load(
    chart: &mut Chart,
    display: &str,
    text: String,
    json: bool,
) -> Result<(), InputError> {
    let empty = || {
        InputError::file(
            display,
            "the file is empty: expected a chart (a mapping with `version: 1` and `people:`)",
        )
    };
    if text.trim().is_empty() {
        return Err(empty());
    }
    // A bare JSON array is a list of people (`[{"id": "ceo"}, ...]`).
    let raw: Option<RawChart> = match (json, text.trim_start().starts_with('[')) {
        (true, true) => Some(RawChart {
            version: None,
            organization: None,
            departments: Vec::new(),
            people: super::located_json::parse(&text, display)?,
            waivers: Vec::new(),
        }),
        (true, false) => super::located_json::parse(&text, display)?,
        (false, _) => parse_yaml(&text, display)?,
    };
    let Some(raw) = raw else {
        return Err(empty());
    };
    if let Some(version) = &raw.version {
        if version.value != 1 {
            let l = version.referenced;
            return Err(InputError::new(
                display,
                l.line() as u32,
                l.column() as u32,
                format!("unsupported chart version {}: expected 1", version.value),
            ));
        }
    }
    // Big inputs are not kept for excerpts: they would double the memory for little use.
    let kept = if text.len() <= 8 * 1024 * 1024 {
        text
    } else {
        String::new()
    };
    let file = chart.add_source(display, kept);
    if chart.organization.is_none() {
        chart.organization = raw.organization;
    }
    for spanned in raw.departments {
        let at = loc(file, &spanned.referenced);
        let d = spanned.value;
        chart.departments.push(Department {
            id: d.id.value.0,
            name: d.name,
            function: d.function,
            head: d.head.map(|h| spanned_ref(file, h)),
            parent: d.parent.map(|p| spanned_ref(file, p)),
            loc: at,
        });
    }
    let mut people = raw.people.0;
    if file != 0 {
        people.iter_mut().for_each(|p| move_to_file(p, file));
    }
    if chart.people.is_empty() {
        chart.people = people;
    } else {
        chart.people.append(&mut people);
    }
    for spanned in raw.waivers {
        chart.waivers.push(waiver(file, display, spanned)?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_of_a_second_file_point_at_that_file() {
        let mut chart = Chart::default();
        load(&mut chart, "a.yaml", "people:\n  - {id: a}\n".into(), false).unwrap();
        let second = "people:\n  - id: b\n    reports_to: a\n    dotted_lines: [a]\n    roles: [CIO]\n    owns: [x]\n    department: it\n";
        load(&mut chart, "b.yaml", second.into(), false).unwrap();
        let b = &chart.people[1];
        assert_eq!((b.loc.file, b.loc.line), (1, 2));
        let refs = [
            b.reports_to.as_ref().unwrap(),
            &b.dotted_lines[0],
            &b.roles.as_ref().unwrap()[0],
            &b.owns[0],
            b.department.as_ref().unwrap(),
        ];
        for r in refs {
            assert_eq!(r.loc.file, 1, "{r:?}");
        }
        assert_eq!(chart.people[0].loc.file, 0);
    }
}
