//! Seeded generator of realistic synthetic org charts for orglint benchmarks and tests.
//!
//! ```text
//! cargo run --release --example generate -- --people 1000000 --seed 7 --format csv -o big.csv
//! cargo run --release --example generate -- --people 1000000 --shape chain --format yaml -o c.yaml
//! ```
//!
//! Shapes:
//! - `org`: a company. CEO; COO, CIO, CFO and an executive assistant under the CEO; a VP per
//!   department (operations, sales, marketing, hr, customer-service under the COO; it, security,
//!   data, software under the CIO; finance under the CFO); directors who head sub-departments;
//!   then senior managers, managers, team leads and individual contributors, with spans of 3-12,
//!   filled breadth-first (about 9 levels at 1M people). About 3% of positions are vacant and 1%
//!   have a dotted line to another manager. Meant to be clean under the built-in rulebook (from
//!   4 people up).
//! - `chain`: person i reports to person i-1; person 1 is the top (N levels deep).
//! - `cycle`: like `chain`, but person 1 reports to person N (one N-person cycle, no top).
//!
//! Formats: `csv` (header `id,name,title,reports_to,department,dotted_lines,vacant,assistant,
//! email,owns`, multi-valued fields joined with `;`), `yaml` and `json` (the orglint chart format,
//! one person a line), and `ldif` (an LDAP/Active Directory export: one entry a person, DN
//! `CN=<id>,OU=Staff,DC=example,DC=com`, `employeeID`, `displayName`, `title`, `department`,
//! `mail` and a `manager` DN; non-ASCII values base64-encoded as `ldapsearch` writes them;
//! dotted lines, vacancies, assistants and ownership have no LDIF attribute and are left out),
//! and `graph` (a Microsoft Graph `/users?$expand=manager` page: `id`, `displayName`,
//! `jobTitle`, `department`, `mail` and `manager` as `{"id": …}`, the same people).
//! The output is streamed, the tree takes about 11 bytes of memory per person,
//! only std is used, and the output is byte-identical for the same arguments and seed.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::exit;

const USAGE: &str = "\
usage: generate --people N [--seed S] [--format csv|yaml|json|ldif|graph]
                [--shape org|chain|cycle] [--churn PER_MILLE] [-o FILE]

  --people N    number of people (positions) to generate, 1..=100000000 (required)
  --seed S      PRNG seed, an unsigned 64-bit integer (default 1)
  --format F    csv, yaml, json, ldif or graph (default csv)
  --shape S     org: a realistic company tree (default)
                chain: person i reports to person i-1, person 1 is the top
                cycle: like chain, but person 1 reports to person N (no top)
  --churn P     org only: the same chart (same seed) a while later, for `orglint diff`:
                each person below the executives leaves with P per mille chance (their
                reports go to the leaver's manager), moves to a manager higher up with P
                per mille, and each manager gains a joiner with P per mille (default 0)
  -o FILE       write to FILE instead of stdout (also --output)
  -h, --help    print this help
";

const MAX_PEOPLE: u64 = 100_000_000;

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Yaml,
    Json,
    Ldif,
    Graph,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Org,
    Chain,
    Cycle,
}

struct Args {
    people: u32,
    seed: u64,
    format: Format,
    shape: Shape,
    churn: u64,
    output: Option<String>,
}

fn usage_error(msg: &str) -> ! {
    eprintln!("generate: {msg}\n\n{USAGE}");
    exit(2);
}

fn parse_args() -> Args {
    let mut people: Option<u32> = None;
    let mut seed = 1u64;
    let mut format = Format::Csv;
    let mut shape = Shape::Org;
    let mut churn = 0u64;
    let mut output = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        if flag == "-h" || flag == "--help" {
            print!("{USAGE}");
            exit(0);
        }
        if !matches!(
            flag.as_str(),
            "--people" | "--seed" | "--format" | "--shape" | "--churn" | "-o" | "--output"
        ) {
            usage_error(&format!("unknown argument `{arg}`"));
        }
        let value = match inline.or_else(|| it.next()) {
            Some(v) => v,
            None => usage_error(&format!("`{flag}` needs a value")),
        };
        match flag.as_str() {
            "--people" => {
                let n: u64 = value.replace('_', "").parse().unwrap_or_else(|_| {
                    usage_error(&format!("--people: `{value}` is not a whole number"))
                });
                if n == 0 || n > MAX_PEOPLE {
                    usage_error(&format!(
                        "--people must be between 1 and {MAX_PEOPLE}, got {n}"
                    ));
                }
                people = Some(n as u32);
            }
            "--seed" => {
                seed = value.parse().unwrap_or_else(|_| {
                    usage_error(&format!(
                        "--seed: `{value}` is not an unsigned 64-bit integer"
                    ))
                });
            }
            "--format" => {
                format = match value.as_str() {
                    "csv" => Format::Csv,
                    "yaml" | "yml" => Format::Yaml,
                    "json" => Format::Json,
                    "ldif" => Format::Ldif,
                    "graph" => Format::Graph,
                    _ => usage_error(&format!(
                        "--format: expected csv, yaml, json, ldif or graph, got `{value}`"
                    )),
                }
            }
            "--churn" => {
                churn = match value.parse() {
                    Ok(p) if p <= 1000 => p,
                    _ => usage_error(&format!("--churn: expected 0..=1000, got `{value}`")),
                };
            }
            "--shape" => {
                shape = match value.as_str() {
                    "org" => Shape::Org,
                    "chain" => Shape::Chain,
                    "cycle" => Shape::Cycle,
                    _ => usage_error(&format!(
                        "--shape: expected org, chain or cycle, got `{value}`"
                    )),
                }
            }
            _ => output = Some(value), // -o / --output
        }
    }
    let people = people.unwrap_or_else(|| usage_error("--people N is required"));
    Args {
        people,
        seed,
        format,
        shape,
        churn,
        output,
    }
}

// ---------------------------------------------------------------------------------------------
// PRNG: SplitMix64 (Steele, Lea & Flood), ample for synthetic data and trivially reproducible.
// ---------------------------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next_u64();
        r
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0), by multiply-shift.
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.next_u64() % 1000 < per_mille
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "Dana", "Sam", "Lee", "Kim", "Alex", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Avery",
    "Quinn", "Jamie", "Robin", "Jessie", "Cameron", "Drew", "Emerson", "Harper", "Hayden", "Parker",
    "Reese", "Rowan", "Sage", "Skyler", "Emma", "Olivia", "Ava", "Sophia", "Isabella", "Mia",
    "Charlotte", "Amelia", "Evelyn", "Abigail", "Emily", "Elizabeth", "Sofia", "Madison", "Aria",
    "Grace", "Chloé", "Zoë", "Nora", "Hannah", "Lily", "Priya", "Aisha", "Fatima", "Mei", "Yuki",
    "Ingrid", "Siobhán", "Noémie", "Liam", "Noah", "William", "James", "Oliver", "Benjamin",
    "Elijah", "Lucas", "Mason", "Logan", "Ethan", "Jacob", "Michael", "Daniel", "Henry", "Jackson",
    "Sebastian", "Aiden", "Matthew", "Samuel", "David", "Joseph", "Carter", "Owen", "Wyatt", "John",
    "José", "Luis", "Carlos", "Mateo", "Diego", "Raj", "Arjun", "Vikram", "Wei", "Hiroshi", "Kenji",
    "Omar", "Ahmed", "Tariq", "Kwame", "Chidi", "Søren", "Björn", "Lars", "Pierre", "François",
    "Giovanni", "Marco", "Dmitri", "Ivan", "Pat", "Chris", "Terry", "Frankie", "Dominique", "Ren",
];

#[rustfmt::skip]
const LAST_NAMES: &[&str] = &[
    "Whitfield", "Ortiz", "Park", "Lo", "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia",
    "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson",
    "Anderson", "Thomas", "Moore", "Jackson", "Martin", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
    "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera",
    "Campbell", "Mitchell", "Carter", "Roberts", "Chen", "Wang", "Li", "Zhang", "Liu", "Kim",
    "Tanaka", "Sato", "Suzuki", "Patel", "Shah", "Singh", "Kumar", "Gupta", "Okafor", "Mensah",
    "Haddad", "Khan", "Ali", "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Dubois",
    "Lefèvre", "Rossi", "Russo", "Bianchi", "Novak", "Kowalski", "Ivanov", "Petrov", "Jensen",
    "Nielsen", "Andersson", "Johansson", "O'Brien", "O'Connor", "McCarthy", "Murphy", "Kelly",
    "Núñez", "Peña", "García-López", "Smith-Jones", "van der Berg", "De Luca", "St. John",
    "Fitzgerald", "Sullivan", "Bennett", "Brooks", "Foster", "Hughes", "Price", "Reed", "Ward",
];

const ORGANIZATIONS: &[(&str, &str)] = &[
    ("Acme Corporation", "acme.example"),
    ("Globex Industries", "globex.example"),
    ("Initech", "initech.example"),
    ("Northwind Traders", "northwind.example"),
    ("Contoso Ltd", "contoso.example"),
    ("Umbrella Logistics", "umbrella.example"),
    ("Stark & Wayne Holdings", "starkwayne.example"),
    ("Hooli", "hooli.example"),
];

/// Exec positions (0-based person index): 0 CEO, 1 COO, 2 CIO, 3 CFO, 4 executive assistant.
const CEO: usize = 0;
const COO: usize = 1;
const CIO: usize = 2;
const CFO: usize = 3;
const EA: usize = 4;

const COO_DUTIES: &[&str] = &[
    "operational-management",
    "process-optimization",
    "performance-monitoring",
    "resource-allocation",
    "strategic-execution",
];
const CIO_DUTIES: &[&str] = &[
    "it-strategy",
    "technology-management",
    "digital-transformation",
    "innovation",
    "vendor-management",
    "risk-management",
];

/// A department headed by a VP (a "top" department), with the areas its directors lead and
/// the titles of its individual contributors.
struct Top {
    id: &'static str,
    name: &'static str,
    function: &'static str,
    exec: usize,
    areas: &'static [&'static str],
    ics: &'static [&'static str],
    /// Engineering-style seniority ladder (Staff, Principal) rather than Associate/Lead.
    technical: bool,
    /// Front-line managers are "Supervisor" rather than "Team Lead".
    supervisors: bool,
    /// The VP's span (how many directors) and the span of managers below, in 3..=12: bigger
    /// for big functions, so that headcount differs by department as in a real company.
    vp_span: (usize, usize),
    span: (usize, usize),
}

#[rustfmt::skip]
const TOPS: &[Top] = &[
    Top {
        id: "operations",
        name: "Operations",
        function: "operations",
        exec: COO,
        areas: &[
            "Supply Chain", "Logistics", "Facilities", "Procurement", "Quality Assurance",
            "Manufacturing", "Fulfillment", "Business Operations",
        ],
        ics: &[
            "Operations Analyst", "Operations Specialist", "Logistics Coordinator", "Buyer",
            "Quality Inspector", "Inventory Specialist", "Production Planner",
        ],
        technical: false,
        vp_span: (6, 9),
        span: (4, 11),
        supervisors: true,
    },
    Top {
        id: "sales",
        name: "Sales",
        function: "sales",
        exec: COO,
        areas: &[
            "Enterprise Sales", "Commercial Sales", "Channel Partnerships", "Sales Operations",
            "Inside Sales", "Sales Engineering", "Strategic Accounts",
        ],
        ics: &[
            "Account Executive", "Sales Development Representative", "Account Manager",
            "Sales Engineer", "Sales Operations Analyst",
        ],
        technical: false,
        vp_span: (8, 12),
        span: (4, 12),
        supervisors: false,
    },
    Top {
        id: "marketing",
        name: "Marketing",
        function: "marketing",
        exec: COO,
        areas: &[
            "Brand", "Demand Generation", "Product Marketing", "Content", "Digital Marketing",
            "Communications", "Events",
        ],
        ics: &[
            "Marketing Specialist", "Content Strategist", "Product Marketing Manager",
            "Marketing Analyst", "Graphic Designer", "Copywriter", "SEO Specialist",
        ],
        technical: false,
        vp_span: (4, 6),
        span: (3, 10),
        supervisors: false,
    },
    Top {
        id: "hr",
        name: "Human Resources",
        function: "hr",
        exec: COO,
        areas: &[
            "Talent Acquisition", "Total Rewards", "People Operations", "Learning & Development",
            "Employee Relations", "HR Business Partners",
        ],
        ics: &[
            "HR Generalist", "Recruiter", "HR Business Partner", "Compensation Analyst",
            "Benefits Specialist", "Learning Designer",
        ],
        technical: false,
        vp_span: (3, 5),
        span: (3, 9),
        supervisors: false,
    },
    Top {
        id: "customer-service",
        name: "Customer Service",
        function: "customer-service",
        exec: COO,
        areas: &[
            "Customer Support", "Customer Success", "Contact Center", "Technical Support",
            "Service Quality", "Customer Onboarding",
        ],
        ics: &[
            "Customer Service Representative", "Customer Support Specialist", "Support Engineer",
            "Customer Success Manager", "Escalations Specialist",
        ],
        technical: false,
        vp_span: (8, 12),
        span: (4, 12),
        supervisors: true,
    },
    Top {
        id: "it",
        name: "IT Infrastructure",
        function: "it",
        exec: CIO,
        areas: &[
            "Infrastructure", "End User Computing", "Networks", "Cloud Operations",
            "Enterprise Applications", "Service Desk",
        ],
        ics: &[
            "Systems Administrator", "Network Engineer", "IT Support Specialist", "Cloud Engineer",
            "Database Administrator", "Service Desk Analyst",
        ],
        technical: true,
        vp_span: (5, 8),
        span: (3, 11),
        supervisors: false,
    },
    Top {
        id: "security",
        name: "Information Security",
        function: "security",
        exec: CIO,
        areas: &[
            "Security Operations", "Identity & Access Management", "Governance, Risk & Compliance",
            "Application Security", "Threat Intelligence",
        ],
        ics: &[
            "Security Analyst", "Security Engineer", "Penetration Tester", "GRC Analyst",
            "Incident Responder",
        ],
        technical: true,
        vp_span: (3, 5),
        span: (3, 9),
        supervisors: false,
    },
    Top {
        id: "data",
        name: "Data & Analytics",
        function: "data",
        exec: CIO,
        areas: &[
            "Data Platform", "Analytics", "Data Engineering", "Machine Learning", "Data Governance",
            "Business Intelligence",
        ],
        ics: &[
            "Data Engineer", "Data Scientist", "Data Analyst", "Machine Learning Engineer",
            "Analytics Engineer",
        ],
        technical: true,
        vp_span: (5, 8),
        span: (3, 11),
        supervisors: false,
    },
    Top {
        id: "software",
        name: "Software Engineering",
        function: "software",
        exec: CIO,
        areas: &[
            "Platform Engineering", "Mobile", "Web Applications", "Developer Experience",
            "Payments", "Search", "Core Services", "Quality Engineering",
        ],
        ics: &[
            "Software Engineer", "Frontend Engineer", "Backend Engineer", "QA Engineer",
            "Site Reliability Engineer", "Mobile Engineer",
        ],
        technical: true,
        vp_span: (9, 12),
        span: (4, 12),
        supervisors: false,
    },
    Top {
        id: "fpa",
        name: "Financial Planning & Analysis",
        function: "finance",
        exec: CFO,
        areas: &["Budgeting", "Forecasting", "Business Finance", "Strategic Finance"],
        ics: &["Financial Analyst", "FP&A Analyst", "Pricing Analyst"],
        technical: false,
        vp_span: (3, 4),
        span: (3, 9),
        supervisors: false,
    },
    Top {
        id: "accounting",
        name: "Accounting",
        function: "finance",
        exec: CFO,
        areas: &[
            "General Ledger", "Accounts Payable", "Accounts Receivable", "Payroll", "Tax",
            "Revenue Accounting",
        ],
        ics: &[
            "Accountant", "Accounts Payable Specialist", "Payroll Specialist", "Tax Analyst",
            "Billing Specialist",
        ],
        technical: false,
        vp_span: (3, 5),
        span: (3, 10),
        supervisors: true,
    },
    Top {
        id: "treasury",
        name: "Treasury",
        function: "finance",
        exec: CFO,
        areas: &["Cash Management", "Investor Relations", "Risk & Insurance", "Capital Markets"],
        ics: &["Treasury Analyst", "Investor Relations Analyst", "Credit Analyst"],
        technical: false,
        vp_span: (3, 3),
        span: (3, 9),
        supervisors: false,
    },
];

const REGIONS: &[&str] = &["North America", "EMEA", "APAC", "LATAM"];

// ---------------------------------------------------------------------------------------------
// The org tree (shape `org`), built breadth-first into flat arrays: person i's reports all have
// larger indices, and people are numbered level by level, so no queue and no recursion is needed.
// ---------------------------------------------------------------------------------------------

const NONE: u32 = u32::MAX;
/// May not take reports (an individual contributor by design).
const F_IC: u8 = 1;
/// Has at least one solid-line report.
const F_MANAGER: u8 = 2;
/// Title prefixed "Senior" (for VPs and directors).
const F_SENIOR: u8 = 4;

struct Dept {
    id: String,
    name: String,
    function: Option<&'static str>,
    head: u32,
    /// The department this one is part of (index into `Org::depts`).
    parent: Option<u32>,
    /// Index into TOPS, or usize::MAX for the executive office.
    top: usize,
}

struct Org {
    parent: Vec<u32>,
    depth: Vec<u8>,
    dept: Vec<u32>,
    flags: Vec<u8>,
    depts: Vec<Dept>,
}

/// Probability (per mille) that a new person at this depth is an individual contributor who
/// never takes reports, even when there is room below them.
fn ic_per_mille(depth: u8) -> u64 {
    match depth {
        0..=3 => 40,
        4 => 80,
        _ => 100,
    }
}

fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = fold_ascii(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') && c != '\'' && c != '.' {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Folds the accented letters used in the name lists to ASCII (for emails and ids).
fn fold_ascii(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'å' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'ø' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'Ø' => 'O',
        'Å' | 'Ä' => 'A',
        'Ö' => 'O',
        'Ü' => 'U',
        'Ç' => 'C',
        'É' => 'E',
        _ => c,
    }
}

fn build_org(n: usize, rng: &mut Rng) -> Org {
    let mut org = Org {
        parent: Vec::with_capacity(n),
        depth: Vec::with_capacity(n),
        dept: Vec::with_capacity(n),
        flags: Vec::with_capacity(n),
        depts: Vec::new(),
    };
    org.depts.push(Dept {
        id: "executive".into(),
        name: "Executive Office".into(),
        function: None,
        head: CEO as u32,
        parent: None,
        top: usize::MAX,
    });
    fn push(org: &mut Org, n: usize, parent: u32, depth: u8, dept: u32, flags: u8) -> bool {
        if org.parent.len() >= n {
            return false;
        }
        org.parent.push(parent);
        org.depth.push(depth);
        org.dept.push(dept);
        org.flags.push(flags);
        true
    }
    // The executive team.
    push(&mut org, n, NONE, 0, 0, 0); // CEO
    push(&mut org, n, CEO as u32, 1, 0, 0); // COO
    push(&mut org, n, CEO as u32, 1, 0, 0); // CIO
    push(&mut org, n, CEO as u32, 1, 0, 0); // CFO
    push(&mut org, n, CEO as u32, 1, 0, F_IC); // executive assistant

    // A VP per department, grouped by executive so that numbering stays breadth-first.
    let first_vp = org.parent.len();
    for (t, top) in TOPS.iter().enumerate() {
        let d = org.depts.len() as u32;
        let flags = if rng.chance(250) { F_SENIOR } else { 0 };
        if !push(&mut org, n, top.exec as u32, 2, d, flags) {
            break;
        }
        org.depts.push(Dept {
            id: top.id.into(),
            name: top.name.into(),
            function: Some(top.function),
            head: (org.parent.len() - 1) as u32,
            parent: Some(0),
            top: t,
        });
    }
    // Breadth-first fill below the VPs. Directors (depth 3) who take reports head a
    // sub-department named after one of their department's areas.
    let area_next: Vec<usize> = TOPS.iter().map(|t| rng.below(t.areas.len())).collect();
    let mut area_count: Vec<usize> = vec![0; TOPS.len()];
    let mut cursor = first_vp;
    while org.parent.len() < n && cursor < org.parent.len() {
        let me = cursor;
        cursor += 1;
        // An individual contributor takes no reports, unless nobody else is left to take them.
        if org.flags[me] & F_IC != 0 && cursor < org.parent.len() {
            continue;
        }
        let depth = org.depth[me];
        let mut child_dept = org.dept[me];
        if depth == 3 {
            let t = org.depts[child_dept as usize].top;
            let top = &TOPS[t];
            let k = area_count[t];
            area_count[t] += 1;
            let area = top.areas[(area_next[t] + k) % top.areas.len()];
            let round = k / top.areas.len();
            let (id, name) = if round == 0 {
                (slug(area), area.to_string())
            } else {
                let region = REGIONS[(round - 1) % REGIONS.len()];
                let again = (round - 1) / REGIONS.len();
                if again == 0 {
                    (
                        format!("{}-{}", slug(area), slug(region)),
                        format!("{area} ({region})"),
                    )
                } else {
                    (
                        format!("{}-{}-{}", slug(area), slug(region), again + 1),
                        format!("{area} ({region} {})", again + 1),
                    )
                }
            };
            child_dept = org.depts.len() as u32;
            org.depts.push(Dept {
                id,
                name,
                function: Some(top.function),
                head: me as u32,
                parent: Some(org.dept[me]),
                top: t,
            });
            org.dept[me] = child_dept;
        }
        let top = &TOPS[org.depts[org.dept[me] as usize].top];
        let (lo, hi) = if depth == 2 { top.vp_span } else { top.span };
        let span = rng.range(lo, hi);
        let child_depth = depth + 1;
        for _ in 0..span {
            let flags = (if rng.chance(ic_per_mille(child_depth)) {
                F_IC
            } else {
                0
            }) | (if child_depth == 3 && rng.chance(200) {
                F_SENIOR
            } else {
                0
            });
            if !push(&mut org, n, me as u32, child_depth, child_dept, flags) {
                break;
            }
        }
    }
    for i in 1..org.parent.len() {
        let p = org.parent[i] as usize;
        org.flags[p] |= F_MANAGER;
    }
    org
}

// ---------------------------------------------------------------------------------------------
// Records and writers
// ---------------------------------------------------------------------------------------------

/// One person, borrowed from the vocabulary and scratch buffers.
#[derive(Default)]
struct Rec<'a> {
    idx: usize,
    name: Option<&'a str>,
    title: &'a str,
    reports_to: Option<usize>,
    department: Option<&'a str>,
    dotted: Option<usize>,
    vacant: bool,
    assistant: bool,
    email: Option<&'a str>,
    owns: &'a [&'a str],
}

struct Out<W: Write> {
    w: W,
    format: Format,
    id_width: usize,
    line: Vec<u8>,
    first: bool,
}

impl<W: Write> Out<W> {
    fn push_id(&mut self, idx: usize) {
        push_id(&mut self.line, idx, self.id_width);
    }

    fn push_str(&mut self, s: &str) {
        match self.format {
            Format::Csv => csv_field(&mut self.line, s),
            Format::Yaml => yaml_string(&mut self.line, s),
            Format::Json | Format::Graph => json_string(&mut self.line, s),
            Format::Ldif => self.line.extend_from_slice(s.as_bytes()),
        }
    }

    fn push_quoted_id(&mut self, idx: usize) {
        if self.format == Format::Csv {
            self.push_id(idx);
        } else {
            self.line.push(b'"');
            self.push_id(idx);
            self.line.push(b'"');
        }
    }

    fn key(&mut self, key: &str) {
        self.line.extend_from_slice(b", ");
        match self.format {
            Format::Json | Format::Graph => {
                self.line.push(b'"');
                self.line.extend_from_slice(key.as_bytes());
                self.line.extend_from_slice(b"\": ");
            }
            _ => {
                self.line.extend_from_slice(key.as_bytes());
                self.line.extend_from_slice(b": ");
            }
        }
    }

    fn header(&mut self, organization: &str, depts: &[Dept]) -> io::Result<()> {
        self.line.clear();
        match self.format {
            Format::Csv => {
                self.line.extend_from_slice(
                    b"id,name,title,reports_to,department,dotted_lines,vacant,assistant,email,owns\n",
                );
                return self.w.write_all(&self.line);
            }
            Format::Ldif => {
                self.line.extend_from_slice(b"# ");
                self.line.extend_from_slice(organization.as_bytes());
                self.line.extend_from_slice(b"\nversion: 1\n");
                return self.w.write_all(&self.line);
            }
            Format::Graph => {
                self.line.extend_from_slice(
                    b"{\"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#users\",\n  \"value\": [",
                );
                return self.w.write_all(&self.line);
            }
            Format::Yaml => {
                self.line.extend_from_slice(b"version: 1\norganization: ");
                self.push_str(organization);
                self.line.extend_from_slice(if depts.is_empty() {
                    b"\ndepartments: []\n"
                } else {
                    b"\ndepartments:\n"
                });
            }
            Format::Json => {
                self.line
                    .extend_from_slice(b"{\n  \"version\": 1,\n  \"organization\": ");
                self.push_str(organization);
                self.line.extend_from_slice(b",\n  \"departments\": [");
            }
        }
        for (k, d) in depts.iter().enumerate() {
            match self.format {
                Format::Json if k == 0 => self.line.extend_from_slice(b"\n    {\"id\": "),
                Format::Json => self.line.extend_from_slice(b",\n    {\"id\": "),
                _ => self.line.extend_from_slice(b"  - {id: "),
            }
            self.push_str(&d.id);
            self.key("name");
            self.push_str(&d.name);
            if let Some(f) = d.function {
                self.key("function");
                self.push_str(f);
            }
            self.key("head");
            self.push_quoted_id(d.head as usize);
            if let Some(p) = d.parent {
                self.key("parent");
                self.push_str(&depts[p as usize].id);
            }
            self.line.push(b'}');
            if self.format == Format::Yaml {
                self.line.push(b'\n');
            }
        }
        match self.format {
            Format::Yaml => self.line.extend_from_slice(b"people:\n"),
            _ if depts.is_empty() => self.line.extend_from_slice(b"],\n  \"people\": ["),
            _ => self.line.extend_from_slice(b"\n  ],\n  \"people\": ["),
        }
        self.w.write_all(&self.line)
    }

    fn person(&mut self, r: &Rec) -> io::Result<()> {
        self.line.clear();
        match self.format {
            Format::Csv => {
                self.push_id(r.idx);
                self.line.push(b',');
                if let Some(n) = r.name {
                    csv_field(&mut self.line, n);
                }
                self.line.push(b',');
                csv_field(&mut self.line, r.title);
                self.line.push(b',');
                if let Some(m) = r.reports_to {
                    self.push_id(m);
                }
                self.line.push(b',');
                if let Some(d) = r.department {
                    csv_field(&mut self.line, d);
                }
                self.line.push(b',');
                if let Some(d) = r.dotted {
                    self.push_id(d);
                }
                self.line.push(b',');
                if r.vacant {
                    self.line.extend_from_slice(b"true");
                }
                self.line.push(b',');
                if r.assistant {
                    self.line.extend_from_slice(b"true");
                }
                self.line.push(b',');
                if let Some(e) = r.email {
                    csv_field(&mut self.line, e);
                }
                self.line.push(b',');
                if !r.owns.is_empty() {
                    csv_field(&mut self.line, &r.owns.join(";"));
                }
                self.line.push(b'\n');
            }
            Format::Ldif => {
                self.line.extend_from_slice(b"\ndn: CN=");
                self.push_id(r.idx);
                self.line.extend_from_slice(
                    b",OU=Staff,DC=example,DC=com\nobjectClass: user\nemployeeID: ",
                );
                self.push_id(r.idx);
                self.line.push(b'\n');
                let values = [("displayName", r.name), ("title", Some(r.title))];
                let values = values
                    .into_iter()
                    .chain([("department", r.department), ("mail", r.email)]);
                for (attribute, value) in values {
                    if let Some(value) = value {
                        ldif_value(&mut self.line, attribute, value);
                    }
                }
                if let Some(m) = r.reports_to {
                    self.line.extend_from_slice(b"manager: CN=");
                    self.push_id(m);
                    self.line
                        .extend_from_slice(b",OU=Staff,DC=example,DC=com\n");
                }
            }
            Format::Graph => self.graph_user(r),
            Format::Yaml | Format::Json => {
                let json = self.format == Format::Json;
                if json {
                    self.line.extend_from_slice(if self.first {
                        b"\n    {\"id\": "
                    } else {
                        b",\n    {\"id\": "
                    });
                } else {
                    self.line.extend_from_slice(b"  - {id: ");
                }
                self.first = false;
                self.push_quoted_id(r.idx);
                if let Some(n) = r.name {
                    self.key("name");
                    self.push_str(n);
                }
                self.key("title");
                self.push_str(r.title);
                if let Some(m) = r.reports_to {
                    self.key("reports_to");
                    self.push_quoted_id(m);
                }
                if let Some(d) = r.department {
                    self.key("department");
                    self.push_str(d);
                }
                if let Some(d) = r.dotted {
                    self.key("dotted_lines");
                    self.line.push(b'[');
                    self.push_quoted_id(d);
                    self.line.push(b']');
                }
                if r.vacant {
                    self.key("vacant");
                    self.line.extend_from_slice(b"true");
                }
                if r.assistant {
                    self.key("assistant");
                    self.line.extend_from_slice(b"true");
                }
                if let Some(e) = r.email {
                    self.key("email");
                    self.push_str(e);
                }
                if !r.owns.is_empty() {
                    self.key("owns");
                    self.line.push(b'[');
                    for (k, o) in r.owns.iter().enumerate() {
                        if k > 0 {
                            self.line.extend_from_slice(b", ");
                        }
                        self.push_str(o);
                    }
                    self.line.push(b']');
                }
                self.line.push(b'}');
                if !json {
                    self.line.push(b'\n');
                }
            }
        }
        self.w.write_all(&self.line)
    }

    /// A Microsoft Graph user (`/users?$expand=manager`): the manager as an object with its id.
    fn graph_user(&mut self, r: &Rec) {
        self.line.extend_from_slice(if self.first {
            b"\n    {\"id\": "
        } else {
            b",\n    {\"id\": "
        });
        self.first = false;
        self.push_quoted_id(r.idx);
        let values = [("displayName", r.name), ("jobTitle", Some(r.title))];
        let values = values
            .into_iter()
            .chain([("department", r.department), ("mail", r.email)]);
        for (key, value) in values {
            if let Some(value) = value {
                self.key(key);
                self.push_str(value);
            }
        }
        self.key("manager");
        match r.reports_to {
            Some(m) => {
                self.line.extend_from_slice(b"{\"id\": ");
                self.push_quoted_id(m);
                self.line.push(b'}');
            }
            None => self.line.extend_from_slice(b"null"),
        }
        self.line.push(b'}');
    }

    /// Closes the document and flushes; returns the writer.
    fn finish(mut self) -> io::Result<W> {
        if matches!(self.format, Format::Json | Format::Graph) {
            self.w
                .write_all(if self.first { b"]\n}\n" } else { b"\n  ]\n}\n" })?;
        }
        self.w.flush()?;
        Ok(self.w)
    }
}

/// Appends "E" + (idx + 1) zero-padded to `width` digits: person index 0 is `E0000001`.
fn push_id(out: &mut Vec<u8>, idx: usize, width: usize) {
    let mut digits = [0u8; 20];
    let mut v = idx as u64 + 1;
    let mut len = 0;
    while v > 0 {
        digits[len] = b'0' + (v % 10) as u8;
        v /= 10;
        len += 1;
    }
    out.push(b'E');
    for _ in len..width {
        out.push(b'0');
    }
    for k in (0..len).rev() {
        out.push(digits[k]);
    }
}

/// RFC 4180: quote when the field holds a comma, quote, CR or LF, or edge spaces; double quotes.
/// Appends `attribute: value`, or `attribute:: base64` for a value LDIF cannot hold as
/// plain text (non-ASCII, or starting with a space, `:` or `<`).
fn ldif_value(out: &mut Vec<u8>, attribute: &str, value: &str) {
    out.extend_from_slice(attribute.as_bytes());
    let plain = value.is_ascii() && !value.starts_with([' ', ':', '<']);
    if plain {
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
    } else {
        out.extend_from_slice(b":: ");
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for chunk in value.as_bytes().chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for k in 0..4 {
                if k <= chunk.len() {
                    out.push(ALPHABET[(n >> (18 - 6 * k)) as usize & 63]);
                } else {
                    out.push(b'=');
                }
            }
        }
    }
    out.push(b'\n');
}

fn csv_field(out: &mut Vec<u8>, s: &str) {
    let needs = s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
        || s.starts_with(' ')
        || s.ends_with(' ');
    if !needs {
        out.extend_from_slice(s.as_bytes());
        return;
    }
    out.push(b'"');
    for b in s.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// True when `s` can be written between double quotes as is, in JSON and YAML alike: no quote,
/// backslash, control character, and none of the lead bytes of NEL, LS/PS or the BOM.
fn plain_quotable(s: &str) -> bool {
    !s.bytes()
        .any(|b| b < 0x20 || matches!(b, b'"' | b'\\' | 0x7f | 0xc2 | 0xe2 | 0xef))
}

fn json_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    if plain_quotable(s) {
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            // Control characters, and the two JavaScript line terminators for good measure.
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{2028}' || c == '\u{2029}' => {
                let mut buf = String::new();
                let _ = write!(buf, "\\u{:04x}", c as u32);
                out.extend_from_slice(buf.as_bytes());
            }
            c => {
                let mut b = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
        }
    }
    out.push(b'"');
}

/// A YAML double-quoted scalar: escapes backslash, quote, C0/C1 controls, DEL, the YAML 1.1 line
/// breaks (NEL, LS, PS) and the BOM, so the string reads back identically in any parser.
fn yaml_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    if plain_quotable(s) {
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\0' => out.extend_from_slice(b"\\0"),
            '\u{85}' => out.extend_from_slice(b"\\N"),
            '\u{2028}' => out.extend_from_slice(b"\\L"),
            '\u{2029}' => out.extend_from_slice(b"\\P"),
            c if (c as u32) < 0x20 || (0x7f..=0x9f).contains(&(c as u32)) => {
                let mut buf = String::new();
                let _ = write!(buf, "\\x{:02x}", c as u32);
                out.extend_from_slice(buf.as_bytes());
            }
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                let mut buf = String::new();
                let _ = write!(buf, "\\u{:04x}", c as u32);
                out.extend_from_slice(buf.as_bytes());
            }
            c => {
                let mut b = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
        }
    }
    out.push(b'"');
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

/// Precomputed email local-part pieces for each first and last name.
struct Names {
    first_slug: Vec<String>,
    last_slug: Vec<String>,
    /// How many people so far got each (first, last) pair, for unique emails.
    seen: Vec<u32>,
    domain: &'static str,
}

impl Names {
    fn new(domain: &'static str) -> Names {
        let fold = |s: &str| -> String {
            s.chars()
                .map(fold_ascii)
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect()
        };
        Names {
            first_slug: FIRST_NAMES.iter().map(|s| fold(s)).collect(),
            last_slug: LAST_NAMES.iter().map(|s| fold(s)).collect(),
            seen: vec![0; FIRST_NAMES.len() * LAST_NAMES.len()],
            domain,
        }
    }

    /// Fills `name` with a random person's name and `email` with their address (or clears it).
    fn person(&mut self, rng: &mut Rng, name: &mut String, email: &mut String, with_email: bool) {
        let f = rng.below(FIRST_NAMES.len());
        let l = rng.below(LAST_NAMES.len());
        name.clear();
        name.push_str(FIRST_NAMES[f]);
        name.push(' ');
        name.push_str(LAST_NAMES[l]);
        email.clear();
        if with_email {
            let k = f * LAST_NAMES.len() + l;
            let seen = self.seen[k];
            self.seen[k] += 1;
            email.push_str(&self.first_slug[f]);
            email.push('.');
            email.push_str(&self.last_slug[l]);
            if seen > 0 {
                let _ = write!(email, "{}", seen + 1);
            }
            email.push('@');
            email.push_str(self.domain);
        }
    }
}

/// Picks a subset of the duties (each with probability 70%, at least one), in rulebook order.
fn some_duties(rng: &mut Rng, duties: &[&'static str]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = duties.iter().copied().filter(|_| rng.chance(700)).collect();
    if out.is_empty() {
        out.push(rng.pick(duties));
    }
    out
}

fn write_org<W: Write>(out: &mut Out<W>, n: usize, seed: u64, churn: u64) -> io::Result<()> {
    let mut tree_rng = Rng::new(seed, 1);
    let mut rng = Rng::new(seed, 2);
    let (organization, domain) = ORGANIZATIONS[rng.below(ORGANIZATIONS.len())];
    let org = build_org(n, &mut tree_rng);
    // Every department is created with its head, so a small chart lists only its own.
    out.header(organization, &org.depts)?;

    let managers: Vec<u32> = (0..n)
        .filter(|&i| org.flags[i] & F_MANAGER != 0 && org.depth[i] >= 2)
        .map(|i| i as u32)
        .collect();
    let coo_duties = some_duties(&mut rng, COO_DUTIES);
    let cio_duties = some_duties(&mut rng, CIO_DUTIES);
    let coo_title = rng.pick(&[
        "Chief Operating Officer",
        "EVP, Chief Operating Officer",
        "COO",
    ]);
    let cio_title = rng.pick(&[
        "Chief Information Officer",
        "SVP, Chief Information Officer",
        "CIO",
    ]);
    let cfo_title = rng.pick(&[
        "Chief Financial Officer",
        "EVP, Chief Financial Officer",
        "CFO",
    ]);

    let mut names = Names::new(domain);
    let mut name = String::new();
    let mut email = String::new();
    let mut title = String::new();
    let mut later = Churn::new(&org, &managers, seed, churn);
    for i in 0..n {
        let depth = org.depth[i];
        let flags = org.flags[i];
        let dept = &org.depts[org.dept[i] as usize];
        let is_exec = i <= CFO;
        let vacant = !is_exec && rng.chance(30);
        let with_email = !vacant && (is_exec || rng.chance(650));
        names.person(&mut rng, &mut name, &mut email, with_email);

        title.clear();
        let manager = flags & F_MANAGER != 0;
        match i {
            CEO => title.push_str("Chief Executive Officer"),
            COO => title.push_str(coo_title),
            CIO => title.push_str(cio_title),
            CFO => title.push_str(cfo_title),
            EA => title.push_str("Executive Assistant to the CEO"),
            _ => {
                let top = &TOPS[dept.top];
                // Directors' own department is the sub-department they head; below it, the
                // area is the sub-department's name; directly under a VP it is the VP's.
                let area = dept.name.as_str();
                if depth == 2 {
                    title.push_str(if flags & F_SENIOR != 0 {
                        "Senior Vice President, "
                    } else {
                        "Vice President, "
                    });
                    title.push_str(top.name);
                } else if manager {
                    match depth {
                        3 => title.push_str(if flags & F_SENIOR != 0 {
                            "Senior Director, "
                        } else {
                            "Director, "
                        }),
                        4 => title.push_str("Senior Manager, "),
                        5 => title.push_str("Manager, "),
                        _ => title.push_str(if top.supervisors {
                            "Supervisor, "
                        } else {
                            "Team Lead, "
                        }),
                    }
                    title.push_str(area);
                } else {
                    let ladder: &[&str] = if top.technical {
                        &["", "", "", "Senior ", "Senior ", "Staff ", "Principal "]
                    } else {
                        &["Associate ", "", "", "", "Senior ", "Senior ", "Lead "]
                    };
                    title.push_str(rng.pick(ladder));
                    title.push_str(rng.pick(top.ics));
                }
            }
        }

        let dotted = if depth >= 3 && !managers.is_empty() && rng.chance(10) {
            let m = managers[rng.below(managers.len())];
            if m != org.parent[i] && m as usize != i {
                Some(m as usize)
            } else {
                None
            }
        } else {
            None
        };
        let owns: &[&str] = match i {
            COO => &coo_duties,
            CIO => &cio_duties,
            _ => &[],
        };
        // The rng draws above happen for a leaver too, so everyone else stays the same.
        if later.gone[i] {
            continue;
        }
        let rec = Rec {
            idx: i,
            name: if vacant { None } else { Some(&name) },
            title: &title,
            reports_to: later.manager(&org, i),
            department: Some(&dept.id),
            dotted: dotted.filter(|&d| !later.gone[d]),
            vacant,
            assistant: i == EA,
            email: if with_email { Some(&email) } else { None },
            owns,
        };
        out.person(&rec)?;
        later.joiner(out, &org, i, n, &dept.id)?;
    }
    Ok(())
}

/// `--churn`: who left, who moved where, and the joiners, drawn from their own rng stream so
/// the chart is otherwise the one the same seed gives without it.
struct Churn {
    per_mille: u64,
    rng: Rng,
    gone: Vec<bool>,
    moved_to: Vec<u32>,
    names: Names,
    joiners: usize,
}

impl Churn {
    fn new(org: &Org, managers: &[u32], seed: u64, per_mille: u64) -> Churn {
        let n = org.parent.len();
        let mut rng = Rng::new(seed, 4);
        let mut gone = vec![false; n];
        let mut moved_to = vec![NONE; n];
        for i in (EA + 1..n).filter(|_| per_mille > 0) {
            if rng.chance(per_mille) {
                gone[i] = true;
            } else if org.depth[i] >= 3 && !managers.is_empty() && rng.chance(per_mille) {
                // Higher up (breadth-first: an earlier index, decided already): no cycle.
                let m = managers[rng.below(managers.len())];
                if org.depth[m as usize] < org.depth[i] && !gone[m as usize] {
                    moved_to[i] = m;
                }
            }
        }
        Churn {
            per_mille,
            rng,
            gone,
            moved_to,
            names: Names::new("joiners.example"),
            joiners: 0,
        }
    }

    /// The manager after the churn: the new one of a mover, the nearest who stayed above a
    /// leaver's report.
    fn manager(&self, org: &Org, i: usize) -> Option<usize> {
        let mut m = match self.moved_to[i] {
            NONE => org.parent[i],
            moved => moved,
        };
        while m != NONE && self.gone[m as usize] {
            m = org.parent[m as usize];
        }
        (m != NONE).then_some(m as usize)
    }

    /// A joiner under manager `i`, now and then (ids after the last of the chart).
    fn joiner<W: Write>(
        &mut self,
        out: &mut Out<W>,
        org: &Org,
        i: usize,
        n: usize,
        department: &str,
    ) -> io::Result<()> {
        if self.per_mille == 0 || org.flags[i] & F_MANAGER == 0 || !self.rng.chance(self.per_mille)
        {
            return Ok(());
        }
        let (mut name, mut email) = (String::new(), String::new());
        self.names
            .person(&mut self.rng, &mut name, &mut email, true);
        let rec = Rec {
            idx: n + self.joiners,
            name: Some(&name),
            title: "Analyst",
            reports_to: Some(i),
            department: Some(department),
            email: Some(&email),
            ..Rec::default()
        };
        self.joiners += 1;
        out.person(&rec)
    }
}

fn write_line<W: Write>(out: &mut Out<W>, n: usize, seed: u64, cycle: bool) -> io::Result<()> {
    let mut rng = Rng::new(seed, 3);
    let (organization, domain) = ORGANIZATIONS[rng.below(ORGANIZATIONS.len())];
    out.header(organization, &[])?;
    let mut names = Names::new(domain);
    let mut name = String::new();
    let mut email = String::new();
    for i in 0..n {
        names.person(&mut rng, &mut name, &mut email, false);
        let title = if i == 0 {
            "Chief Executive Officer"
        } else if i + 1 == n {
            "Analyst"
        } else {
            "Manager"
        };
        let reports_to = if i > 0 {
            Some(i - 1)
        } else if cycle {
            Some(n - 1)
        } else {
            None
        };
        let rec = Rec {
            idx: i,
            name: Some(&name),
            title,
            reports_to,
            ..Rec::default()
        };
        out.person(&rec)?;
    }
    Ok(())
}

fn run(args: &Args) -> io::Result<()> {
    let sink: Box<dyn Write> = match &args.output {
        Some(path) if path != "-" => Box::new(
            File::create(path)
                .map_err(|e| io::Error::new(e.kind(), format!("cannot create `{path}`: {e}")))?,
        ),
        _ => Box::new(io::stdout().lock()),
    };
    let n = args.people as usize;
    let mut out = Out {
        w: BufWriter::with_capacity(1 << 18, sink),
        format: args.format,
        id_width: n.to_string().len().max(7),
        line: Vec::with_capacity(512),
        first: true,
    };
    match args.shape {
        Shape::Org => write_org(&mut out, n, args.seed, args.churn)?,
        Shape::Chain => write_line(&mut out, n, args.seed, false)?,
        Shape::Cycle => write_line(&mut out, n, args.seed, true)?,
    }
    out.finish().map(drop)
}

fn main() {
    let args = parse_args();
    if let Err(e) = run(&args) {
        if e.kind() == io::ErrorKind::BrokenPipe {
            exit(0); // `generate ... | head` is not an error
        }
        eprintln!("generate: {e}");
        exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generate(n: u32, seed: u64, format: Format, shape: Shape) -> String {
        let n = n as usize;
        let mut out = Out {
            w: Vec::new(),
            format,
            id_width: 7,
            line: Vec::new(),
            first: true,
        };
        match shape {
            Shape::Org => write_org(&mut out, n, seed, 0).unwrap(),
            Shape::Chain => write_line(&mut out, n, seed, false).unwrap(),
            Shape::Cycle => write_line(&mut out, n, seed, true).unwrap(),
        }
        String::from_utf8(out.finish().unwrap()).unwrap()
    }

    #[test]
    fn deterministic_per_seed() {
        for format in [Format::Csv, Format::Yaml, Format::Json] {
            let a = generate(2000, 7, format, Shape::Org);
            assert_eq!(a, generate(2000, 7, format, Shape::Org));
            assert_ne!(a, generate(2000, 8, format, Shape::Org));
        }
    }

    #[test]
    fn ldif_and_graph_load_to_the_same_people_as_the_csv() {
        let dir = std::env::temp_dir();
        let load = |format: Format, extension: &str| {
            let path = dir.join(format!(
                "orglint-generate-{}.{extension}",
                std::process::id()
            ));
            std::fs::write(&path, generate(3000, 5, format, Shape::Org)).unwrap();
            let path = path.display().to_string();
            let chart = orglint::load::load_files(&[path.clone()], &Default::default());
            std::fs::remove_file(&path).unwrap();
            chart.unwrap()
        };
        let csv = load(Format::Csv, "csv");
        for other in [load(Format::Ldif, "ldif"), load(Format::Graph, "json")] {
            assert_eq!(csv.people.len(), other.people.len());
            for (a, b) in csv.people.iter().zip(&other.people) {
                assert_eq!(a.id, b.id);
                assert_eq!(a.name, b.name, "base64 names decode to the same text");
                assert_eq!(a.title, b.title);
                let manager =
                    |p: &orglint::model::Person| p.reports_to.as_ref().map(|r| r.id.clone());
                assert_eq!(manager(a), manager(b));
            }
        }
    }

    #[test]
    fn org_is_a_breadth_first_tree() {
        let csv = generate(5000, 3, Format::Csv, Shape::Org);
        let rows: Vec<Vec<&str>> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        assert_eq!(rows.len(), 5000);
        assert_eq!(rows[0][0], "E0000001");
        assert_eq!(rows[0][3], "");
        for (i, row) in rows.iter().enumerate().skip(1) {
            // Titles with commas are quoted, so find the manager column from the end instead.
            let manager = row.iter().rev().nth(6).unwrap();
            let m: usize = manager[1..].parse().unwrap();
            assert!(m >= 1 && m <= i, "row {i} reports to {manager}");
        }
    }

    #[test]
    fn chain_and_cycle() {
        let chain = generate(5, 1, Format::Yaml, Shape::Chain);
        assert!(!chain.lines().nth(4).unwrap().contains("reports_to"));
        assert!(chain
            .lines()
            .nth(8)
            .unwrap()
            .contains(r#"reports_to: "E0000004""#));
        let cycle = generate(5, 1, Format::Yaml, Shape::Cycle);
        assert!(cycle
            .lines()
            .nth(4)
            .unwrap()
            .contains(r#"reports_to: "E0000005""#));
    }

    #[test]
    fn escaping() {
        let mut y = Vec::new();
        yaml_string(&mut y, "a\"b\\c\nd\u{85}\u{2028}\u{feff}\u{7}é");
        assert_eq!(
            String::from_utf8(y).unwrap(),
            r#""a\"b\\c\nd\N\L\ufeff\x07é""#
        );
        let mut j = Vec::new();
        json_string(&mut j, "a\"b\\c\nd\u{7}\u{2028}é");
        assert_eq!(
            String::from_utf8(j).unwrap(),
            r#""a\"b\\c\nd\u0007\u2028é""#
        );
        let mut c = Vec::new();
        csv_field(&mut c, "Director, \"Data\"");
        csv_field(&mut c, "plain");
        assert_eq!(
            String::from_utf8(c).unwrap(),
            r#""Director, ""Data"""plain"#
        );
    }
}
