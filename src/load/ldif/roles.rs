//! What each attribute of an entry is to [`super::Reader::fields`], told once per attribute.
//! A name is compared ignoring ASCII case with a dozen names read: one by one that was a tenth
//! of an export's instructions, so a short name (all of them but two) is lower-cased eight
//! bytes at a time into one number, and the numbers are compared.

/// The attributes read for a field of their own (beside the id and employee-number ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    DisplayName,
    Cn,
    Title,
    Department,
    Mail,
    Manager,
    AccountControl,
    /// `msExchRecipientTypeDetails`.
    RecipientType,
    /// `nsAccountLock`.
    AccountLock,
    ObjectClass,
    /// Any other attribute: not read for a field.
    Other,
}

/// Declares the fields' attributes by name once: as a list ([`FIELDS`]) and as a match
/// of their packed names ([`field_of_packed`]).
macro_rules! fields {
    ($($name:literal => $field:ident),* $(,)?) => {
        /// The fields' attributes by name.
        const FIELDS: [(&str, Field); [$($name),*].len()] = [$(($name, Field::$field)),*];

        /// The field of an attribute by its packed name. The two names longer than
        /// [`PACKED_MAX`] are cut when packed, but keep their lengths, so no name that fits
        /// equals them.
        fn field_of_packed(packed: u128) -> Field {
            $(
                if packed == const { packed_const($name) } {
                    return Field::$field;
                }
            )*
            Field::Other
        }
    };
}

fields! {
    "displayName" => DisplayName,
    "cn" => Cn,
    "title" => Title,
    "department" => Department,
    "mail" => Mail,
    "manager" => Manager,
    "userAccountControl" => AccountControl,
    "msExchRecipientTypeDetails" => RecipientType,
    "nsAccountLock" => AccountLock,
    "objectClass" => ObjectClass,
}

/// The attributes that carry an employee number, best first.
const EMPLOYEE_NUMBERS: [&str; 2] = ["employeeID", "employeeNumber"];

/// One attribute's roles: its rank among the employee-number attributes (`employeeID` 0,
/// `employeeNumber` 1), its rank among the id attributes, and the field it fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Role {
    pub number_rank: Option<usize>,
    pub id_rank: Option<usize>,
    pub field: Field,
}

/// The id attributes to try, in order, as the config or the defaults spell them.
pub(super) struct IdAttributes {
    names: Vec<String>,
    /// Their names packed; [`NEVER`] for one too long to pack.
    packed: Vec<u128>,
}

/// No name's packing: its length byte would be 255.
const NEVER: u128 = u128::MAX;

impl IdAttributes {
    pub fn new(names: Vec<String>) -> IdAttributes {
        let packed = names
            .iter()
            .map(|n| packed_lower(n).unwrap_or(NEVER))
            .collect();
        IdAttributes { names, packed }
    }

    /// Their names, lower-cased, for a message.
    pub fn listed(&self) -> String {
        self.names.join(", ").to_ascii_lowercase()
    }
}

/// The roles of the attribute `name`, compared ignoring ASCII case, whole: `cn;lang-de` is
/// no `cn`.
pub(super) fn role(name: &str, ids: &IdAttributes) -> Role {
    let Some(packed) = packed_lower(name) else {
        return role_by_comparing(name, &ids.names);
    };
    Role {
        number_rank: match packed {
            EMPLOYEE_ID => Some(0),
            EMPLOYEE_NUMBER => Some(1),
            _ => None,
        },
        id_rank: ids.packed.iter().position(|&p| p == packed),
        field: field_of_packed(packed),
    }
}

const EMPLOYEE_ID: u128 = packed_const(EMPLOYEE_NUMBERS[0]);
const EMPLOYEE_NUMBER: u128 = packed_const(EMPLOYEE_NUMBERS[1]);

/// The roles of any name, compared with each name in turn (names too long to pack).
fn role_by_comparing(name: &str, id_attributes: &[String]) -> Role {
    let is = |wanted: &str| name.eq_ignore_ascii_case(wanted);
    Role {
        number_rank: EMPLOYEE_NUMBERS.iter().position(|a| is(a)),
        id_rank: id_attributes.iter().position(|a| is(a)),
        field: FIELDS
            .iter()
            .find(|(field, _)| is(field))
            .map_or(Field::Other, |&(_, field)| field),
    }
}

/// The longest name packed into one number: its bytes and, in the last byte, its length (so
/// names that differ only by trailing zero bytes differ).
const PACKED_MAX: usize = 15;

/// `name` lower-cased (ASCII) and packed into one number with its length; `None` when it is
/// longer than [`PACKED_MAX`].
fn packed_lower(name: &str) -> Option<u128> {
    let mut bytes = [0u8; 16];
    bytes
        .get_mut(..name.len())?
        .copy_from_slice(name.as_bytes());
    *bytes.get_mut(PACKED_MAX)? = name.len() as u8;
    match name.len() <= PACKED_MAX {
        true => Some(ascii_lowercase(u128::from_le_bytes(bytes))),
        false => None,
    }
}

/// [`packed_lower`] of a known name, when compiling; the names here are short enough.
const fn packed_const(name: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let mut at = 0;
    while at < name.len() && at < PACKED_MAX {
        bytes[at] = name.as_bytes()[at].to_ascii_lowercase();
        at += 1;
    }
    bytes[PACKED_MAX] = name.len() as u8;
    u128::from_le_bytes(bytes)
}

/// Every byte of `word` that is an ASCII capital, lower-cased, all at once: a byte's top bit
/// after adding `0x80 - b'A'` says it is at least `A`, after adding `0x80 - b'Z' - 1` that it
/// is past `Z` (no sum carries into the next byte: the bytes added to are below `0x80`).
fn ascii_lowercase(word: u128) -> u128 {
    const ONES: u128 = u128::MAX / 0xFF;
    let low7 = word & (ONES * 0x7F);
    let from_a = low7 + ONES * (0x80 - b'A' as u128);
    let past_z = low7 + ONES * (0x80 - b'Z' as u128 - 1);
    let capitals = from_a & !past_z & !word & (ONES * 0x80);
    word | (capitals >> 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_cased_as_their_bytes_one_by_one() {
        let mut bytes = [0u8; 16];
        for b in 0..=255u8 {
            for at in 0..16 {
                bytes.fill(b'Q');
                bytes[at] = b;
                let lowered = ascii_lowercase(u128::from_le_bytes(bytes)).to_le_bytes();
                let expected = bytes.map(|b| b.to_ascii_lowercase());
                assert_eq!(lowered, expected, "byte {b:#x} at {at}");
            }
        }
    }

    #[test]
    fn roles_are_those_found_by_comparing_each_name_ignoring_case() {
        let long_id = "x".repeat(40);
        let id_sets = [
            super::super::DEFAULT_ID_ATTRIBUTES
                .map(str::to_owned)
                .to_vec(),
            vec!["MAIL".to_owned()],
            vec![long_id.clone()],
            vec!["cn\0".to_owned(), "uid".to_owned()],
        ];
        let mut names: Vec<String> = [
            "displayName",
            "DISPLAYNAME",
            "cn",
            "CN",
            "cn;lang-de",
            "c",
            "cnn",
            "cn\0",
            "title",
            "Department",
            "mail",
            "MAIL",
            "manager",
            "userAccountControl",
            "USERACCOUNTCONTROL",
            "msExchRecipientTypeDetails",
            "msExchRecipientTypeDetailsX",
            "nsAccountLock",
            "objectClass",
            "employeeID",
            "EmployeeNumber",
            "uid",
            "sAMAccountName",
            "samaccountname",
            "",
            "employeeIDs",
            "mail-",
            "mAil",
            "m@il",
            "M`IL",
            "Ã©",
        ]
        .map(str::to_owned)
        .to_vec();
        names.push(long_id.to_uppercase());
        names.push(format!("{long_id}y"));
        names.extend((0..20).map(|n| "m".repeat(n)));
        for ids in id_sets {
            for name in &names {
                let expected = role_by_comparing(name, &ids);
                let packed = role(name, &IdAttributes::new(ids.clone()));
                assert_eq!(packed, expected, "{name:?} with ids {ids:?}");
            }
        }
        // The cases above reach every role.
        let defaults = IdAttributes::new(
            super::super::DEFAULT_ID_ATTRIBUTES
                .map(str::to_owned)
                .to_vec(),
        );
        assert_eq!(role("EMPLOYEEID", &defaults).number_rank, Some(0));
        assert_eq!(role("employeeNumber", &defaults).id_rank, Some(1));
        let long = IdAttributes::new(vec![long_id.clone()]);
        assert_eq!(role(&long_id.to_uppercase(), &long).id_rank, Some(0));
        for (name, field) in FIELDS {
            assert_eq!(role(&name.to_uppercase(), &defaults).field, field);
        }
    }
}
