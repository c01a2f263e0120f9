//! Documents that load: validate is total and deterministic, lineage of
//! every id terminates with sorted, simple paths.
#![no_main]
use libfuzzer_sys::fuzz_target;
use okr_core::{load, Cascade, Limits, Policy};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = load::from_json_bytes(data, &Limits::default()) else { return };
    let ids: Vec<String> = doc.objectives.iter().map(|o| o.id.clone())
        .chain(doc.key_results.iter().map(|k| k.id.clone()))
        .chain(doc.units.iter().map(|u| u.id.clone()))
        .collect();
    let mut unique: Vec<String> = ids.clone();
    unique.push(doc.cycle.id.clone());
    unique.extend(doc.themes.iter().map(|x| x.id.clone()));
    unique.extend(doc.contributions.iter().map(|x| x.id.clone()));
    unique.extend(doc.mandates.iter().map(|x| x.id.clone()));
    unique.extend(doc.initiatives.iter().map(|x| x.id.clone()));
    unique.extend(doc.sprint_goals.iter().map(|x| x.id.clone()));
    let all = unique.len();
    unique.sort();
    unique.dedup();
    // With a duplicated id (E001) two distinct items share a name, so a
    // path that is simple in items may repeat an id string.
    let ids_unique = unique.len() == all;
    let c = Cascade::new(doc).expect("a loaded document indexes");
    let a = c.validate(&Policy::default());
    let b = c.validate(&Policy::default());
    assert_eq!(a, b);
    let limits = Limits { max_lineage_paths: 50, ..Limits::default() };
    for id in ids.iter().take(64) {
        let l = c.lineage_with_limits(id, &limits).expect("known id");
        for p in &l.paths {
            let mut seen = p.clone();
            seen.sort();
            seen.dedup();
            if ids_unique {
                assert_eq!(seen.len(), p.len(), "paths are simple");
            }
        }
        assert!(l.paths.windows(2).all(|w| w[0].len() <= w[1].len()), "shortest first");
    }
});
