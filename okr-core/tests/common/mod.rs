//! Random cascade documents for property tests: small, adversarial (broken
//! references, cycles, bad numbers, restricted items), built from a seed so
//! every failure is reproducible.
#![allow(dead_code, clippy::indexing_slicing, clippy::unwrap_used, missing_docs)]

use okr_core::*;

/// splitmix64: tiny, deterministic.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn num(&mut self) -> f64 {
        (self.below(2001) as f64 - 500.0) / 10.0
    }
}

pub fn date(day: i32) -> Date {
    Date::from_ymd(2026, 1, 1).unwrap().add_days(day)
}

fn metric(r: &mut Rng) -> Metric {
    let current = if r.chance(70) { Some(r.num()) } else { None };
    match r.below(5) {
        0 => {
            let start = r.num();
            Metric::Increase {
                start,
                target: start + 1.0 + r.below(50) as f64 - if r.chance(5) { 60.0 } else { 0.0 },
                current,
                measure: None,
                name: None,
            }
        }
        1 => {
            let start = r.num();
            Metric::Decrease {
                start,
                target: start - 1.0 - r.below(50) as f64,
                current,
                measure: Some("%".into()),
                name: None,
            }
        }
        2 => Metric::StayAbove {
            threshold: r.num(),
            current,
            measure: None,
            name: None,
        },
        3 => Metric::StayBelow {
            threshold: r.num(),
            current,
            measure: None,
            name: None,
        },
        _ => Metric::Milestone { done: r.chance(50) },
    }
}

/// A random document. `valid_refs` keeps every reference resolvable and
/// every id unique (for tests that need a clean namespace).
pub fn document(seed: u64, valid_refs: bool) -> Document {
    let mut r = Rng(seed);
    let n_units = 1 + r.below(7);
    let n_obj = r.below(12);
    let n_kr = r.below(20);
    let unit_id = |i: usize| format!("u{i}");
    let mut units = Vec::new();
    for i in 0..n_units {
        let kind = if i == 0 {
            UnitKind::Company
        } else if r.chance(40) {
            UnitKind::Function
        } else {
            UnitKind::Team
        };
        let parent = if i == 0 {
            None
        } else if !valid_refs && r.chance(5) {
            Some(unit_id(r.below(n_units)))
        } else {
            Some(unit_id(r.below(i)))
        };
        let mode = if r.chance(15) {
            UnitMode::Mandate
        } else {
            UnitMode::Okr
        };
        units.push(Unit {
            id: unit_id(i),
            name: Some(format!("Unit {i}")),
            kind,
            parent,
            mode,
        });
    }
    let themes = vec![
        Theme {
            id: "t0".into(),
            title: "Win the market".into(),
        },
        Theme {
            id: "t1".into(),
            title: "Be reliable".into(),
        },
    ];
    let titles = [
        "Grow revenue in the mid market",
        "Reduce churn",
        "Ship the new billing",
        "Grow revenue in the mid market now",
        "Delight customers",
        "Launch AI features",
    ];
    let target = |r: &mut Rng| -> String {
        if !valid_refs && r.chance(5) {
            "nowhere".into()
        } else if n_kr > 0 && r.chance(60) {
            format!("k{}", r.below(n_kr))
        } else if n_obj > 0 {
            format!("o{}", r.below(n_obj))
        } else {
            "nowhere".into()
        }
    };
    let mut objectives = Vec::new();
    for i in 0..n_obj {
        let mut links = Vec::new();
        for _ in 0..r.below(3).min(r.below(3)) {
            let kind = if r.chance(50) {
                LinkKind::Direct
            } else {
                LinkKind::Responding
            };
            let to = target(&mut r);
            if valid_refs && (to == "nowhere" || (kind == LinkKind::Direct && !to.starts_with('k')))
            {
                continue;
            }
            links.push(Link {
                kind,
                to,
                weight: if r.chance(30) {
                    Some(r.below(4) as f64)
                } else {
                    None
                },
                contribution: if r.chance(80) {
                    Some("Because it helps".into())
                } else {
                    None
                },
            });
        }
        objectives.push(Objective {
            id: format!("o{i}"),
            unit: unit_id(r.below(n_units)),
            title: Some(titles[r.below(titles.len())].into()),
            themes: if r.chance(50) {
                vec![format!("t{}", r.below(2))]
            } else {
                vec![]
            },
            governance: if r.chance(40) {
                Some(Governance {
                    cadence: Cadence::Weekly,
                    owner: None,
                })
            } else {
                None
            },
            links,
            created: if r.chance(30) {
                Some(date(r.below(40) as i32 - 20))
            } else {
                None
            },
            dropped: None,
            carried_from: None,
            depends_on: Vec::new(),
            visibility: if r.chance(20) {
                Visibility::Restricted
            } else {
                Visibility::Public
            },
            audience: if r.chance(30) {
                vec![unit_id(r.below(n_units))]
            } else {
                vec![]
            },
            due: None,
            redacted: false,
        });
    }
    let mut key_results = Vec::new();
    let hub = r.below(n_kr.max(1));
    for i in 0..n_kr {
        if n_obj == 0 && valid_refs {
            break;
        }
        key_results.push(KeyResult {
            id: format!("k{i}"),
            objective: if n_obj == 0 {
                "o0".into()
            } else {
                format!("o{}", r.below(n_obj))
            },
            title: Some(titles[r.below(titles.len())].into()),
            metric: Some(metric(&mut r)),
            source: if r.chance(20) {
                Source::Children
            } else if r.chance(15) || (i == hub && r.chance(70)) {
                Source::Parts
            } else {
                Source::Metric
            },
            // Parts: often of one hub whole (a whole with many parts),
            // sometimes of any KR (a non-whole: E010; a cycle: E003).
            part_of: if r.chance(35) {
                if !valid_refs && r.chance(5) {
                    Some("nope".into())
                } else if r.chance(50) {
                    Some(format!("k{hub}"))
                } else {
                    Some(format!("k{}", r.below(n_kr)))
                }
            } else {
                None
            },
            weight: if r.chance(30) {
                Some(1.0 + r.below(3) as f64)
            } else {
                None
            },
            confidence: if r.chance(30) {
                Some(r.below(11) as f64 / 10.0)
            } else {
                None
            },
            created: None,
            dropped: None,
            carried_from: None,
            score: None,
            depends_on: Vec::new(),
            visibility: if r.chance(20) {
                Visibility::Restricted
            } else {
                Visibility::Public
            },
            audience: if r.chance(30) {
                vec![unit_id(r.below(n_units))]
            } else {
                vec![]
            },
            due: None,
            redacted: false,
        });
    }
    let n_kr = key_results.len();
    let mut check_ins = Vec::new();
    if n_kr > 0 {
        for _ in 0..r.below(25) {
            check_ins.push(CheckIn {
                key_result: format!("k{}", r.below(n_kr)),
                date: date(r.below(12) as i32),
                value: r.num(),
                confidence: None,
            });
        }
    }
    let mut contributions = Vec::new();
    let mut mandates = Vec::new();
    let mut initiatives = Vec::new();
    let mut sprint_goals = Vec::new();
    if n_obj > 0 {
        for i in 0..r.below(3) {
            contributions.push(Contribution {
                id: format!("c{i}"),
                unit: unit_id(r.below(n_units)),
                to: format!("o{}", r.below(n_obj)),
                statement: if r.chance(80) {
                    Some("We help".into())
                } else {
                    None
                },
            });
        }
        for i in 0..r.below(3) {
            mandates.push(Mandate {
                id: format!("m{i}"),
                unit: unit_id(r.below(n_units)),
                title: "Keep it up".into(),
                metric: metric(&mut r),
                supports: vec![format!("o{}", r.below(n_obj))],
            });
        }
    }
    if n_kr > 0 {
        for i in 0..r.below(3) {
            initiatives.push(Initiative {
                id: format!("i{i}"),
                unit: unit_id(r.below(n_units)),
                title: "Work".into(),
                key_results: vec![format!("k{}", r.below(n_kr))],
                done: false,
            });
        }
        for i in 0..r.below(3) {
            sprint_goals.push(SprintGoal {
                id: format!("s{i}"),
                unit: unit_id(r.below(n_units)),
                sprint: None,
                start: None,
                end: None,
                title: "Sprint".into(),
                key_results: vec![format!("k{}", r.below(n_kr))],
                done: false,
            });
        }
    }
    // Part 2 fields, drawn last so the draws above stay as they were.
    for o in &mut objectives {
        if r.chance(15) {
            o.due = Some(date(r.below(11) as i32));
        }
    }
    for k in &mut key_results {
        if r.chance(15) {
            k.due = Some(date(r.below(11) as i32));
        }
    }
    for w in &mut initiatives {
        w.done = r.chance(50);
    }
    for w in &mut sprint_goals {
        w.done = r.chance(50);
    }
    // Change fields (issue 11): dropped items (sometimes outside the cycle,
    // E009), KR creation dates, carried-from ids and closing scores
    // (sometimes outside [0, 1], E004).
    for o in &mut objectives {
        if r.chance(12) {
            o.dropped = Some(date(r.below(13) as i32 - 1));
        }
        if r.chance(10) {
            o.carried_from = Some(format!("old-{}", o.id));
        }
    }
    for k in &mut key_results {
        if r.chance(15) {
            k.dropped = Some(date(r.below(13) as i32 - 1));
        }
        if r.chance(25) {
            k.created = Some(date(r.below(14) as i32 - 2));
        }
        if r.chance(10) {
            k.carried_from = Some(format!("old-{}", k.id));
        }
        if r.chance(15) {
            k.score = Some(r.below(12) as f64 / 10.0);
        }
    }
    Document {
        okr: FormatVersion,
        view: None,
        cycle: Cycle {
            id: "cy".into(),
            start: date(0),
            end: date(10),
            as_of: if r.chance(80) {
                Some(date(r.below(14) as i32 - 2))
            } else {
                None
            },
            themes_published: Some(date(-30)),
        },
        units,
        themes,
        objectives,
        key_results,
        contributions,
        mandates,
        initiatives,
        sprint_goals,
        check_ins,
    }
}

/// Shuffles every array but the check-ins (whose order is meaningful on
/// equal dates).
pub fn shuffle(doc: &Document, seed: u64) -> Document {
    fn mix<T: Clone>(v: &[T], r: &mut Rng) -> Vec<T> {
        let mut out = v.to_vec();
        for i in (1..out.len()).rev() {
            let j = r.below(i + 1);
            out.swap(i, j);
        }
        out
    }
    let mut r = Rng(seed);
    let mut d = doc.clone();
    d.units = mix(&d.units, &mut r);
    d.themes = mix(&d.themes, &mut r);
    d.objectives = mix(&d.objectives, &mut r);
    d.key_results = mix(&d.key_results, &mut r);
    d.contributions = mix(&d.contributions, &mut r);
    d.mandates = mix(&d.mandates, &mut r);
    d.initiatives = mix(&d.initiatives, &mut r);
    d.sprint_goals = mix(&d.sprint_goals, &mut r);
    d
}
