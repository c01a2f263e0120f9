//! Any bytes: reading YAML gives a document or a placed error, never a panic;
//! a document that loads can be written as JSON and read back unchanged.
#![no_main]
use libfuzzer_sys::fuzz_target;
use okr_core::{load, Cascade, Limits, Policy, RollupOptions};

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = load::from_yaml_bytes(data, &Limits::default()) {
        let c = Cascade::try_from(doc).expect("a loaded document passes the loader's checks");
        let _ = c.validate(&Policy::default());
        let _ = c.rollup(&RollupOptions::default());
        let text = c.to_json().expect("a loaded document can be written");
        let again = Cascade::from_json(&text).expect("a serialised document reloads");
        assert_eq!(again.document(), c.document(), "YAML -> JSON round trip");
    }
});
