//! Any bytes: reading YAML gives a document or a placed error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use okr_core::{load, Cascade, Limits, Policy, RollupOptions};

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = load::from_yaml_bytes(data, &Limits::default()) {
        let c = Cascade::new(doc).expect("a loaded document indexes");
        let _ = c.validate(&Policy::default());
        let _ = c.rollup(&RollupOptions::default());
    }
});
