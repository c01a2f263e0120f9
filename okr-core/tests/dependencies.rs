//! The dependency graph in views: a stub loses `depends_on`, so a hidden
//! item's declared dependency is not in the view's graph.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use okr_core::{Cascade, EdgeKind};

const DOC: &str = r#"{
  "okr": "1",
  "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"},
  "units": [
    {"id": "acme", "kind": "company"},
    {"id": "eng", "kind": "function", "parent": "acme"},
    {"id": "pay", "kind": "team", "parent": "eng"},
    {"id": "data", "kind": "team", "parent": "eng"}
  ],
  "objectives": [
    {"id": "O1", "unit": "acme", "title": "Win", "governance": {"cadence": "weekly"}},
    {"id": "O2", "unit": "pay", "title": "Pay", "links": [{"kind": "responding", "to": "O1", "contribution": "c"}]},
    {"id": "O3", "unit": "data", "title": "Data", "links": [{"kind": "responding", "to": "O1", "contribution": "c"}]}
  ],
  "key_results": [
    {"id": "KR1", "objective": "O1", "title": "k", "metric": {"kind": "increase", "start": 0, "target": 1}},
    {"id": "KR2", "objective": "O2", "title": "k", "metric": {"kind": "increase", "start": 0, "target": 1, "name": "x"},
     "depends_on": ["KR3"], "visibility": "restricted"},
    {"id": "KR3", "objective": "O3", "title": "k", "metric": {"kind": "increase", "start": 0, "target": 1}}
  ]
}"#;

#[test]
fn a_stub_loses_depends_on_and_its_edge() {
    let c = Cascade::from_json(DOC).unwrap();
    let g = c.dependencies();
    assert_eq!(g.edges.len(), 1);
    assert_eq!(g.edges[0].kind, EdgeKind::Declared);
    assert_eq!(g.edges[0].via, vec!["KR2"]);

    let view = c.view_for("data").unwrap();
    let kr2 = view.key_results.iter().find(|k| k.id == "KR2").unwrap();
    assert!(kr2.redacted && kr2.depends_on.is_empty());
    let vc = Cascade::try_from(view).unwrap();
    assert!(vc.dependencies().edges.is_empty());
    assert_eq!(vc.dependencies().units.len(), 4);
    // The owner still sees it.
    let own = Cascade::try_from(c.view_for("pay").unwrap()).unwrap();
    assert_eq!(own.dependencies().edges.len(), 1);
}
