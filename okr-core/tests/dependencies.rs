//! The dependency graph in views: a stub loses `depends_on`, so a hidden
//! item's declared dependency is not in the view's graph.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use okr_core::{Cascade, EdgeKind, Policy};

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
    let g = c.dependencies(&Policy::default());
    assert_eq!(g.edges.len(), 1);
    assert_eq!(g.edges[0].kind, EdgeKind::Declared);
    assert_eq!(g.edges[0].via, vec!["KR2"]);

    let view = c.view_for("data").unwrap();
    let kr2 = view.key_results.iter().find(|k| k.id == "KR2").unwrap();
    assert!(kr2.redacted && kr2.depends_on.is_empty());
    let vc = Cascade::try_from(view).unwrap();
    assert!(vc.dependencies(&Policy::default()).edges.is_empty());
    assert_eq!(vc.dependencies(&Policy::default()).units.len(), 4);
    // The owner still sees it.
    let own = Cascade::try_from(c.view_for("pay").unwrap()).unwrap();
    assert_eq!(own.dependencies(&Policy::default()).edges.len(), 1);
}

#[test]
fn touching_keeps_the_units_edges_and_their_ends() {
    let c = Cascade::from_json(DOC).unwrap();
    let g = c.dependencies(&Policy::default());
    let pay = g.touching("pay");
    assert_eq!(pay.edges, g.edges);
    assert_eq!(pay.units.keys().collect::<Vec<_>>(), vec!["data", "pay"]);
    let acme = g.touching("acme");
    assert!(acme.edges.is_empty());
    assert_eq!(acme.units.keys().collect::<Vec<_>>(), vec!["acme"]);
    assert_eq!(g.touching("nobody"), okr_core::Dependencies::default());
}

/// A company KR that `n` teams derive from directly.
fn hub(n: usize) -> Cascade {
    let mut units = vec![r#"{"id": "acme", "kind": "company"}"#.to_string()];
    let mut objectives = vec![r#"{"id": "O0", "unit": "acme", "title": "Grow"}"#.to_string()];
    let mut krs = vec![r#"{"id": "KR0", "objective": "O0", "title": "k", "metric": {"kind": "increase", "start": 0, "target": 1}}"#.to_string()];
    for i in 0..n {
        units.push(format!(
            r#"{{"id": "t{i:04}", "kind": "team", "parent": "acme"}}"#
        ));
        objectives.push(format!(
            r#"{{"id": "O{}", "unit": "t{i:04}", "title": "Help", "links": [{{"kind": "direct", "to": "KR0"}}]}}"#,
            i + 1
        ));
        krs.push(format!(r#"{{"id": "KR{}", "objective": "O{}", "title": "k", "metric": {{"kind": "increase", "start": 0, "target": 1}}}}"#, i + 1, i + 1));
    }
    Cascade::from_json(&format!(
        r#"{{"okr": "1", "cycle": {{"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"}},
        "units": [{}], "objectives": [{}], "key_results": [{}]}}"#,
        units.join(","),
        objectives.join(","),
        krs.join(",")
    ))
    .unwrap()
}

#[test]
fn a_kr_with_many_co_owners_is_shared_not_a_clique() {
    let c = hub(2_000);
    let g = c.dependencies(&Policy::default());
    // 2,000 co-owners would be 3,998,000 co-owns edges; the answer stays
    // linear.
    assert!(g.edges.is_empty());
    assert_eq!(g.shared.len(), 1);
    assert_eq!(g.shared[0].key_result, "KR0");
    assert_eq!(g.shared[0].units.len(), 2_000);
    assert_eq!(g.units["t0007"].shares, vec!["KR0"]);
    assert!(g.units["acme"].shares.is_empty());
    assert_eq!(g.touching("t0007").shared, g.shared);

    let small = hub(8);
    let g = small.dependencies(&Policy::default());
    assert_eq!(g.edges.len(), 8 * 7);
    assert!(g.shared.is_empty());
    let wide = Policy::builder().max_co_owners(300).build().unwrap();
    assert_eq!(hub(300).dependencies(&wide).edges.len(), 300 * 299);
}
