//! A sheet read into a document: one row per key result, declaration rows
//! for objectives and units without one. See the module documentation of
//! [`crate::sheet`] and docs/sheets.md.

use hashbrown::HashMap;

use crate::date::Date;
use crate::document::{
    Cadence, Cycle, FormatVersion, Governance, KeyResult, Link, LinkKind, Metric, Objective,
    Source, Theme, Unit, UnitKind, UnitMode, Visibility,
};
use crate::error::{Error, LoadErrorKind};
use crate::Document;

use super::{
    check_width, columns_from, csv_error, header_and_rows, link_columns, parse_date, parse_number,
    place, sheet_error, COLUMNS, LIST_SEPARATOR,
};

/// Reads a sheet (CSV text, header row first) into a document. Errors
/// name the row (the header is row 1, as in a spreadsheet) and the column,
/// and say the cause: an unknown column, a cell that is not a number, a
/// date or one of its words, a key result on two rows, a value that
/// differs from the one an earlier row gave the same objective, unit or
/// cycle, a required cell left blank. The document is not validated:
/// load it ([`crate::Cascade::try_from`]) and `validate` it as any other.
pub fn from_csv(text: &str) -> Result<Document, Error> {
    let (header, records) = header_and_rows(
        text,
        "the sheet is empty: its first row must name the columns (see docs/sheets.md)",
    )?;
    let header = Header::parse(&header)?;
    let mut sheet = Sheet::default();
    for (i, record) in records.enumerate() {
        let row_number = i + 2;
        let record = record.map_err(|e| csv_error(&e, row_number))?;
        check_width(&record, header.names.len(), row_number)?;
        let row = Row {
            number: row_number,
            record: &record,
            header: &header,
        };
        sheet.add(&row)?;
    }
    sheet.finish(&header)
}

/// The header: each column's name and position.
struct Header {
    /// Column names as written (lower-cased, trimmed), by position.
    names: Vec<String>,
    /// Position of each named column.
    at: HashMap<String, usize>,
    /// The numbers of the link groups present (1 for `link_kind`...),
    /// ascending.
    link_groups: Vec<usize>,
}

impl Header {
    fn parse(record: &csv::StringRecord) -> Result<Header, Error> {
        let mut names = Vec::new();
        let mut at = HashMap::new();
        let mut link_groups = Vec::new();
        for (i, raw) in record.iter().enumerate() {
            let name = raw.trim().to_ascii_lowercase();
            if name.is_empty() {
                // An unnamed column must stay empty (checked per row).
                names.push(name);
                continue;
            }
            let group = link_group_of(&name);
            if !COLUMNS.contains(&name.as_str()) && group.is_none() {
                return Err(sheet_error(
                    LoadErrorKind::Schema,
                    format!(
                        "{}: not a column of a sheet (the columns are listed in docs/sheets.md)",
                        place(1, raw.trim())
                    ),
                ));
            }
            if at.insert(name.clone(), i).is_some() {
                return Err(sheet_error(
                    LoadErrorKind::Schema,
                    format!("{}: the column is named twice", place(1, &name)),
                ));
            }
            if let Some(g) = group {
                if !link_groups.contains(&g) {
                    link_groups.push(g);
                }
            }
            names.push(name);
        }
        link_groups.sort_unstable();
        Ok(Header {
            names,
            at,
            link_groups,
        })
    }
}

/// The link group a column belongs to (`link_kind` is 1, `link3_to` 3),
/// if it is a link column.
fn link_group_of(name: &str) -> Option<usize> {
    if link_columns(1).iter().any(|c| c == name) {
        return Some(1);
    }
    let rest = name.strip_prefix("link")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let n: usize = digits.parse().ok()?;
    (n >= 2 && link_columns(n).iter().any(|c| c == name)).then_some(n)
}

/// One data row.
struct Row<'a> {
    number: usize,
    record: &'a csv::StringRecord,
    header: &'a Header,
}

impl Row<'_> {
    /// The cell as written, when the column exists and the cell is not
    /// blank (blank: empty or only whitespace).
    fn raw(&self, column: &str) -> Option<&str> {
        let i = *self.header.at.get(column)?;
        self.record.get(i).filter(|c| !c.trim().is_empty())
    }

    /// A code, id, number or date cell: trimmed, `None` when blank.
    fn cell(&self, column: &str) -> Option<&str> {
        self.raw(column).map(str::trim)
    }

    /// A free-text cell, as written (`None` when blank).
    fn text(&self, column: &str) -> Option<String> {
        self.raw(column).map(str::to_string)
    }

    fn number(&self, column: &str) -> Result<Option<f64>, Error> {
        self.cell(column)
            .map(|t| parse_number(t, self.number, column))
            .transpose()
    }

    fn date(&self, column: &str) -> Result<Option<Date>, Error> {
        self.cell(column)
            .map(|t| parse_date(t, self.number, column))
            .transpose()
    }

    /// A list cell (`T1; T2`): the trimmed, non-empty items.
    fn list(&self, column: &str) -> Option<Vec<String>> {
        let items: Vec<String> = self
            .cell(column)?
            .split(LIST_SEPARATOR)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        (!items.is_empty()).then_some(items)
    }

    /// One of a few words (case-insensitive).
    fn choice<T: Copy>(&self, column: &str, options: &[(&str, T)]) -> Result<Option<T>, Error> {
        let Some(text) = self.cell(column) else {
            return Ok(None);
        };
        options
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(text))
            .map(|&(_, v)| Some(v))
            .ok_or_else(|| {
                let words: Vec<&str> = options.iter().map(|(w, _)| *w).collect();
                sheet_error(
                    LoadErrorKind::Schema,
                    format!(
                        "{}: `{text}` is not one of {}",
                        place(self.number, column),
                        words.join(", ")
                    ),
                )
            })
    }

    /// The first of `columns` with a value, if any.
    fn first_filled<'c>(&self, columns: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
        columns.into_iter().find(|c| self.raw(c).is_some())
    }

    /// The row's links: its link groups with a value, in order; `None`
    /// when every link cell is blank.
    fn links(&self) -> Result<Option<Vec<Link>>, Error> {
        let mut links = Vec::new();
        for &g in &self.header.link_groups {
            let [kind_c, to_c, weight_c, contribution_c] = link_columns(g);
            let filled = [&kind_c, &to_c, &weight_c, &contribution_c]
                .iter()
                .any(|c| self.raw(c).is_some());
            if !filled {
                continue;
            }
            let kind = self.choice(
                &kind_c,
                &[
                    ("direct", LinkKind::Direct),
                    ("responding", LinkKind::Responding),
                ],
            )?;
            let Some(kind) = kind else {
                return Err(self.missing(&kind_c, "a link needs its kind: direct or responding"));
            };
            let Some(to) = self.cell(&to_c) else {
                return Err(self.missing(&to_c, "a link needs its target's id"));
            };
            links.push(Link {
                kind,
                to: to.to_string(),
                weight: self.number(&weight_c)?,
                contribution: self.text(&contribution_c),
            });
        }
        Ok((!links.is_empty()).then_some(links))
    }

    fn missing(&self, column: &str, why: &str) -> Error {
        sheet_error(
            LoadErrorKind::Schema,
            format!("{}: blank, but {why}", place(self.number, column)),
        )
    }
}

/// A value given by some row: the value, the row, and the cell as written
/// (to quote in a conflict).
struct Given<T> {
    value: T,
    row: usize,
    text: String,
}

/// Fills `slot` with `new` (a blank cell leaves it), or checks that `new`
/// equals what an earlier row gave.
fn fill<T: PartialEq>(
    slot: &mut Option<Given<T>>,
    new: Option<T>,
    text: impl FnOnce() -> String,
    row: usize,
    column: &str,
    owner: &str,
) -> Result<(), Error> {
    let Some(value) = new else {
        return Ok(());
    };
    match slot {
        None => {
            *slot = Some(Given {
                value,
                row,
                text: text(),
            });
            Ok(())
        }
        Some(old) if old.value == value => Ok(()),
        Some(old) => Err(sheet_error(
            LoadErrorKind::Schema,
            format!(
                "{}: {owner} has `{}` on row {}, but `{}` here: leave the cell blank or repeat the value",
                place(row, column),
                old.text,
                old.row,
                text()
            ),
        )),
    }
}

fn take<T>(slot: Option<Given<T>>) -> Option<T> {
    slot.map(|g| g.value)
}

/// The list cells' text, for messages.
fn list_text(items: &[String]) -> String {
    items.join("; ")
}

fn links_text(links: &[Link]) -> String {
    links
        .iter()
        .map(|l| {
            let kind = match l.kind {
                LinkKind::Direct => "direct",
                LinkKind::Responding => "responding",
            };
            format!("{kind} to {}", l.to)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Default)]
struct CycleCells {
    id: Option<Given<String>>,
    start: Option<Given<Date>>,
    end: Option<Given<Date>>,
    as_of: Option<Given<Date>>,
    themes_published: Option<Given<Date>>,
}

#[derive(Default)]
struct UnitCells {
    id: String,
    row: usize,
    name: Option<Given<String>>,
    kind: Option<Given<UnitKind>>,
    parent: Option<Given<String>>,
    mode: Option<Given<UnitMode>>,
}

#[derive(Default)]
struct ObjectiveCells {
    id: String,
    row: usize,
    unit: String,
    title: Option<Given<String>>,
    themes: Option<Given<Vec<String>>>,
    cadence: Option<Given<Cadence>>,
    owner: Option<Given<String>>,
    created: Option<Given<Date>>,
    due: Option<Given<Date>>,
    dropped: Option<Given<Date>>,
    carried_from: Option<Given<String>>,
    depends_on: Option<Given<Vec<String>>>,
    visibility: Option<Given<Visibility>>,
    audience: Option<Given<Vec<String>>>,
    links: Option<Given<Vec<Link>>>,
}

#[derive(Default)]
struct ThemeCells {
    id: String,
    row: usize,
    title: Option<Given<String>>,
}

/// Items by id, in the order rows first name them.
struct Named<T> {
    items: Vec<T>,
    /// Position in `items` of each id.
    at: HashMap<String, usize>,
}

impl<T> Default for Named<T> {
    fn default() -> Self {
        Named {
            items: Vec::new(),
            at: HashMap::new(),
        }
    }
}

impl<T> Named<T> {
    fn get(&self, id: &str) -> Option<&T> {
        self.at.get(id).and_then(|&i| self.items.get(i))
    }

    /// The item `id`, made by `new` when no row has named it yet.
    #[expect(
        clippy::indexing_slicing,
        reason = "INVARIANT: `at` holds positions in `items`"
    )]
    fn entry(&mut self, id: &str, new: impl FnOnce() -> T) -> &mut T {
        let i = match self.at.get(id) {
            Some(&i) => i,
            None => {
                self.at.insert(id.to_string(), self.items.len());
                self.items.push(new());
                self.items.len() - 1
            }
        };
        &mut self.items[i]
    }
}

/// The words of a visibility cell.
const VISIBILITIES: &[(&str, Visibility)] = &[
    ("public", Visibility::Public),
    ("restricted", Visibility::Restricted),
];

/// The sheet read so far.
#[derive(Default)]
struct Sheet {
    cycle: CycleCells,
    themes: Named<ThemeCells>,
    units: Named<UnitCells>,
    objectives: Named<ObjectiveCells>,
    key_results: Vec<KeyResult>,
    key_result_row: HashMap<String, usize>,
}

/// The columns that describe a key result (a row without `key_result`
/// leaves them blank): those after it.
fn kr_columns() -> impl Iterator<Item = &'static str> + Clone {
    columns_from("kr_title", None)
}

/// The columns that describe an objective, but its id and links.
fn objective_columns() -> impl Iterator<Item = &'static str> + Clone {
    columns_from("objective_title", Some("link_kind"))
}

/// The columns that describe a unit, but its id.
fn unit_columns() -> impl Iterator<Item = &'static str> + Clone {
    columns_from("unit_name", Some("objective"))
}

impl Sheet {
    fn add(&mut self, row: &Row<'_>) -> Result<(), Error> {
        let n = row.number;
        // Cells under an unnamed column.
        for (i, name) in row.header.names.iter().enumerate() {
            if name.is_empty() && row.record.get(i).is_some_and(|c| !c.trim().is_empty()) {
                return Err(sheet_error(
                    LoadErrorKind::Schema,
                    format!(
                        "row {n}, column {}: a value under a column without a name",
                        i + 1
                    ),
                ));
            }
        }
        self.add_cycle(row)?;
        self.add_theme(row)?;
        let kr = row.cell("key_result");
        let objective = row.cell("objective");
        let unit = row.cell("unit");
        if kr.is_none() {
            if let Some(c) = row.first_filled(kr_columns()) {
                return Err(sheet_error(
                    LoadErrorKind::Schema,
                    format!(
                        "{}: a key result's cell, but the row has no `key_result`",
                        place(n, c)
                    ),
                ));
            }
        }
        if objective.is_none() {
            if let Some(k) = kr {
                return Err(sheet_error(
                    LoadErrorKind::Schema,
                    format!(
                        "{}: blank, but key result `{k}` needs its objective",
                        place(n, "objective")
                    ),
                ));
            }
            let link_cols: Vec<String> = row
                .header
                .link_groups
                .iter()
                .flat_map(|&g| link_columns(g))
                .collect();
            if let Some(c) = row.first_filled(
                objective_columns()
                    .map(|c| -> &str { c })
                    .chain(link_cols.iter().map(String::as_str)),
            ) {
                return Err(sheet_error(
                    LoadErrorKind::Schema,
                    format!(
                        "{}: an objective's cell, but the row has no `objective`",
                        place(n, c)
                    ),
                ));
            }
        }
        // The row's unit: its own cell, else its objective's.
        let known_unit = objective
            .and_then(|o| self.objectives.get(o))
            .map(|o| (o.unit.clone(), o.row));
        let unit_id = match (unit, &known_unit, objective) {
            (Some(u), Some((known, first)), Some(o)) if u != known => {
                return Err(sheet_error(
                    LoadErrorKind::Schema,
                    format!(
                        "{}: objective `{o}` has unit `{known}` on row {first}, but `{u}` here: leave the cell blank or repeat the value",
                        place(n, "unit")
                    ),
                ))
            }
            (Some(u), _, _) => Some(u.to_string()),
            (None, Some((known, _)), _) => Some(known.clone()),
            (None, None, Some(o)) => {
                return Err(sheet_error(
                    LoadErrorKind::Schema,
                    format!(
                        "{}: blank, but objective `{o}` needs its unit (first named here)",
                        place(n, "unit")
                    ),
                ))
            }
            (None, None, None) => None,
        };
        let Some(unit_id) = unit_id else {
            if let Some(c) = row.first_filled(unit_columns()) {
                return Err(sheet_error(
                    LoadErrorKind::Schema,
                    format!("{}: a unit's cell, but the row has no `unit`", place(n, c)),
                ));
            }
            return Ok(());
        };
        self.add_unit(row, &unit_id)?;
        if let Some(o) = objective {
            self.add_objective(row, o, &unit_id)?;
            if let Some(k) = kr {
                self.add_key_result(row, k, o)?;
            }
        }
        Ok(())
    }

    fn add_cycle(&mut self, row: &Row<'_>) -> Result<(), Error> {
        let n = row.number;
        let c = &mut self.cycle;
        let owner = "the cycle";
        let id = row.cell("cycle").map(str::to_string);
        let shown = id.clone().unwrap_or_default();
        fill(&mut c.id, id, || shown, n, "cycle", owner)?;
        for (column, slot) in [
            ("cycle_start", &mut c.start),
            ("cycle_end", &mut c.end),
            ("as_of", &mut c.as_of),
            ("themes_published", &mut c.themes_published),
        ] {
            let d = row.date(column)?;
            fill(
                slot,
                d,
                || d.map(|d| d.to_string()).unwrap_or_default(),
                n,
                column,
                owner,
            )?;
        }
        Ok(())
    }

    fn add_theme(&mut self, row: &Row<'_>) -> Result<(), Error> {
        let n = row.number;
        let Some(id) = row.cell("theme") else {
            if row.raw("theme_title").is_some() {
                return Err(sheet_error(
                    LoadErrorKind::Schema,
                    format!(
                        "{}: a theme's title, but the row has no `theme`",
                        place(n, "theme_title")
                    ),
                ));
            }
            return Ok(());
        };
        let t = self.themes.entry(id, || ThemeCells {
            id: id.to_string(),
            row: n,
            title: None,
        });
        let title = row.text("theme_title");
        let shown = title.clone().unwrap_or_default();
        fill(
            &mut t.title,
            title,
            || shown,
            n,
            "theme_title",
            &format!("theme `{id}`"),
        )?;
        Ok(())
    }

    fn add_unit(&mut self, row: &Row<'_>, id: &str) -> Result<(), Error> {
        let n = row.number;
        let kind = row.choice(
            "unit_kind",
            &[
                ("company", UnitKind::Company),
                ("function", UnitKind::Function),
                ("team", UnitKind::Team),
            ],
        )?;
        let mode = row.choice(
            "unit_mode",
            &[("okr", UnitMode::Okr), ("mandate", UnitMode::Mandate)],
        )?;
        let u = self.units.entry(id, || UnitCells {
            id: id.to_string(),
            row: n,
            ..UnitCells::default()
        });
        let owner = format!("unit `{id}`");
        let name = row.text("unit_name");
        let shown = name.clone().unwrap_or_default();
        fill(&mut u.name, name, || shown, n, "unit_name", &owner)?;
        let shown = row.cell("unit_kind").unwrap_or_default().to_string();
        fill(&mut u.kind, kind, || shown, n, "unit_kind", &owner)?;
        let parent = row.cell("parent_unit").map(str::to_string);
        let shown = parent.clone().unwrap_or_default();
        fill(&mut u.parent, parent, || shown, n, "parent_unit", &owner)?;
        let shown = row.cell("unit_mode").unwrap_or_default().to_string();
        fill(&mut u.mode, mode, || shown, n, "unit_mode", &owner)?;
        Ok(())
    }

    fn add_objective(&mut self, row: &Row<'_>, id: &str, unit: &str) -> Result<(), Error> {
        let n = row.number;
        let cadence = row.choice(
            "governance",
            &[
                ("weekly", Cadence::Weekly),
                ("biweekly", Cadence::Biweekly),
                ("monthly", Cadence::Monthly),
            ],
        )?;
        let visibility = row.choice("objective_visibility", VISIBILITIES)?;
        let links = row.links()?;
        let dates = [
            row.date("objective_created")?,
            row.date("objective_due")?,
            row.date("objective_dropped")?,
        ];
        let o = self.objectives.entry(id, || ObjectiveCells {
            id: id.to_string(),
            row: n,
            unit: unit.to_string(),
            ..ObjectiveCells::default()
        });
        let owner = format!("objective `{id}`");
        let text = |c: &str| row.text(c);
        let shown = |v: &Option<String>| v.clone().unwrap_or_default();
        let title = text("objective_title");
        let s = shown(&title);
        fill(&mut o.title, title, || s, n, "objective_title", &owner)?;
        let themes = row.list("objective_themes");
        let s = themes.as_deref().map(list_text).unwrap_or_default();
        fill(&mut o.themes, themes, || s, n, "objective_themes", &owner)?;
        let s = row.cell("governance").unwrap_or_default().to_string();
        fill(&mut o.cadence, cadence, || s, n, "governance", &owner)?;
        let gov_owner = text("governance_owner");
        let s = shown(&gov_owner);
        fill(&mut o.owner, gov_owner, || s, n, "governance_owner", &owner)?;
        for (column, slot, d) in [
            ("objective_created", &mut o.created, dates[0]),
            ("objective_due", &mut o.due, dates[1]),
            ("objective_dropped", &mut o.dropped, dates[2]),
        ] {
            fill(
                slot,
                d,
                || d.map(|d| d.to_string()).unwrap_or_default(),
                n,
                column,
                &owner,
            )?;
        }
        let carried = row.cell("objective_carried_from").map(str::to_string);
        let s = shown(&carried);
        fill(
            &mut o.carried_from,
            carried,
            || s,
            n,
            "objective_carried_from",
            &owner,
        )?;
        let deps = row.list("objective_depends_on");
        let s = deps.as_deref().map(list_text).unwrap_or_default();
        fill(
            &mut o.depends_on,
            deps,
            || s,
            n,
            "objective_depends_on",
            &owner,
        )?;
        let s = row
            .cell("objective_visibility")
            .unwrap_or_default()
            .to_string();
        fill(
            &mut o.visibility,
            visibility,
            || s,
            n,
            "objective_visibility",
            &owner,
        )?;
        let audience = row.list("objective_audience");
        let s = audience.as_deref().map(list_text).unwrap_or_default();
        fill(
            &mut o.audience,
            audience,
            || s,
            n,
            "objective_audience",
            &owner,
        )?;
        let s = links.as_deref().map(links_text).unwrap_or_default();
        fill(&mut o.links, links, || s, n, "link_kind", &owner)?;
        Ok(())
    }

    fn add_key_result(&mut self, row: &Row<'_>, id: &str, objective: &str) -> Result<(), Error> {
        let n = row.number;
        if let Some(first) = self.key_result_row.get(id) {
            return Err(sheet_error(
                LoadErrorKind::Schema,
                format!(
                    "{}: key result `{id}` is already on row {first}: a sheet has one row per key result",
                    place(n, "key_result")
                ),
            ));
        }
        let Some(title) = row.text("kr_title") else {
            return Err(row.missing("kr_title", &format!("key result `{id}` needs a title")));
        };
        let metric = metric(row, id)?;
        let source = row
            .choice(
                "source",
                &[
                    ("metric", Source::Metric),
                    ("children", Source::Children),
                    ("parts", Source::Parts),
                ],
            )?
            .unwrap_or_default();
        let visibility = row
            .choice("kr_visibility", VISIBILITIES)?
            .unwrap_or_default();
        self.key_results.push(KeyResult {
            id: id.to_string(),
            objective: objective.to_string(),
            title: Some(title),
            metric: Some(metric),
            source,
            part_of: row.cell("part_of").map(str::to_string),
            weight: row.number("kr_weight")?,
            confidence: row.number("confidence")?,
            created: row.date("kr_created")?,
            due: row.date("kr_due")?,
            dropped: row.date("kr_dropped")?,
            carried_from: row.cell("kr_carried_from").map(str::to_string),
            score: row.number("score")?,
            depends_on: row.list("kr_depends_on").unwrap_or_default(),
            visibility,
            audience: row.list("kr_audience").unwrap_or_default(),
            redacted: false,
        });
        self.key_result_row.insert(id.to_string(), n);
        Ok(())
    }

    fn finish(self, header: &Header) -> Result<Document, Error> {
        let c = self.cycle;
        let required = |column: &str, what: &str| {
            let why = if header.at.contains_key(column) {
                "no row gives it"
            } else {
                "the sheet has no such column"
            };
            sheet_error(
                LoadErrorKind::Schema,
                format!("column `{column}`: {what} is required, but {why}"),
            )
        };
        let id = take(c.id).ok_or_else(|| required("cycle", "the cycle's id"))?;
        let start =
            take(c.start).ok_or_else(|| required("cycle_start", "the cycle's first day"))?;
        let end = take(c.end).ok_or_else(|| required("cycle_end", "the cycle's last day"))?;
        let mut themes = Vec::with_capacity(self.themes.items.len());
        for t in self.themes.items {
            let Some(title) = take(t.title) else {
                return Err(sheet_error(
                    LoadErrorKind::Schema,
                    format!(
                        "{}: theme `{}` (first named here) needs a title",
                        place(t.row, "theme_title"),
                        t.id
                    ),
                ));
            };
            themes.push(Theme { id: t.id, title });
        }
        let mut units = Vec::with_capacity(self.units.items.len());
        for u in self.units.items {
            let Some(kind) = take(u.kind) else {
                return Err(sheet_error(
                    LoadErrorKind::Schema,
                    format!(
                        "{}: unit `{}` (first named here) needs its kind: company, function or team",
                        place(u.row, "unit_kind"),
                        u.id
                    ),
                ));
            };
            units.push(Unit {
                id: u.id,
                name: take(u.name),
                kind,
                parent: take(u.parent),
                mode: take(u.mode).unwrap_or_default(),
            });
        }
        let mut objectives = Vec::with_capacity(self.objectives.items.len());
        for o in self.objectives.items {
            let Some(title) = take(o.title) else {
                return Err(sheet_error(
                    LoadErrorKind::Schema,
                    format!(
                        "{}: objective `{}` (first named here) needs a title",
                        place(o.row, "objective_title"),
                        o.id
                    ),
                ));
            };
            let governance = match (take(o.cadence), o.owner) {
                (Some(cadence), owner) => Some(Governance {
                    cadence,
                    owner: take(owner),
                }),
                (None, None) => None,
                (None, Some(owner)) => {
                    return Err(sheet_error(
                        LoadErrorKind::Schema,
                        format!(
                            "{}: objective `{}` has a governance owner but no cadence (weekly, biweekly or monthly)",
                            place(owner.row, "governance"),
                            o.id
                        ),
                    ))
                }
            };
            objectives.push(Objective {
                id: o.id,
                unit: o.unit,
                title: Some(title),
                themes: take(o.themes).unwrap_or_default(),
                governance,
                links: take(o.links).unwrap_or_default(),
                created: take(o.created),
                due: take(o.due),
                dropped: take(o.dropped),
                carried_from: take(o.carried_from),
                depends_on: take(o.depends_on).unwrap_or_default(),
                visibility: take(o.visibility).unwrap_or_default(),
                audience: take(o.audience).unwrap_or_default(),
                redacted: false,
            });
        }
        Ok(Document {
            okr: FormatVersion,
            view: None,
            cycle: Cycle {
                id,
                start,
                end,
                as_of: take(c.as_of),
                themes_published: take(c.themes_published),
            },
            units,
            themes,
            objectives,
            key_results: self.key_results,
            contributions: Vec::new(),
            mandates: Vec::new(),
            initiatives: Vec::new(),
            sprint_goals: Vec::new(),
            check_ins: Vec::new(),
        })
    }
}

/// The key result's metric from its cells.
fn metric(row: &Row<'_>, id: &str) -> Result<Metric, Error> {
    #[derive(Clone, Copy)]
    enum Kind {
        Increase,
        Decrease,
        StayAbove,
        StayBelow,
        Milestone,
    }
    let kind = row.choice(
        "metric",
        &[
            ("increase", Kind::Increase),
            ("decrease", Kind::Decrease),
            ("stay_above", Kind::StayAbove),
            ("stay_below", Kind::StayBelow),
            ("milestone", Kind::Milestone),
        ],
    )?;
    let Some(kind) = kind else {
        return Err(row.missing(
            "metric",
            &format!(
                "key result `{id}` needs its metric: increase, decrease, stay_above, stay_below or milestone"
            ),
        ));
    };
    let (name, allowed): (&str, &[&str]) = match kind {
        Kind::Increase => (
            "an increase",
            &["start", "target", "current", "measure", "metric_name"],
        ),
        Kind::Decrease => (
            "a decrease",
            &["start", "target", "current", "measure", "metric_name"],
        ),
        Kind::StayAbove => (
            "a stay_above",
            &["threshold", "current", "measure", "metric_name"],
        ),
        Kind::StayBelow => (
            "a stay_below",
            &["threshold", "current", "measure", "metric_name"],
        ),
        Kind::Milestone => ("a milestone", &["done"]),
    };
    // The metric's columns: `start` to `done`.
    for column in columns_from("start", Some("source")) {
        if !allowed.contains(&column) && row.raw(column).is_some() {
            return Err(sheet_error(
                LoadErrorKind::Schema,
                format!(
                    "{}: {name} metric has no `{column}` (it uses {})",
                    place(row.number, column),
                    allowed.join(", ")
                ),
            ));
        }
    }
    let required = |column: &str| -> Result<f64, Error> {
        row.number(column)?
            .ok_or_else(|| row.missing(column, &format!("{name} metric needs its `{column}`")))
    };
    let current = row.number("current")?;
    let measure = row.text("measure");
    let metric_name = row.cell("metric_name").map(str::to_string);
    Ok(match kind {
        Kind::Increase => Metric::Increase {
            start: required("start")?,
            target: required("target")?,
            current,
            measure,
            name: metric_name,
        },
        Kind::Decrease => Metric::Decrease {
            start: required("start")?,
            target: required("target")?,
            current,
            measure,
            name: metric_name,
        },
        Kind::StayAbove => Metric::StayAbove {
            threshold: required("threshold")?,
            current,
            measure,
            name: metric_name,
        },
        Kind::StayBelow => Metric::StayBelow {
            threshold: required("threshold")?,
            current,
            measure,
            name: metric_name,
        },
        Kind::Milestone => Metric::Milestone {
            done: row
                .choice(
                    "done",
                    &[
                        ("true", true),
                        ("false", false),
                        ("yes", true),
                        ("no", false),
                    ],
                )?
                .unwrap_or(false),
        },
    })
}
