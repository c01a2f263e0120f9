//! Any bytes: reading JSON gives a document or a placed error, never a panic;
//! a document that loads survives every algorithm and round-trips.
#![no_main]
use libfuzzer_sys::fuzz_target;
use okr_core::{load, Cascade, Limits, Policy, RollupOptions};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    match load::from_json_bytes(data, &limits) {
        Ok(doc) => {
            let c = Cascade::new(doc).expect("a loaded document indexes");
            let _ = c.validate(&Policy::default());
            let _ = c.rollup(&RollupOptions::default());
            let again = Cascade::from_json(&c.to_json()).expect("a serialised document reloads");
            assert_eq!(again.document(), c.document(), "JSON round trip");
        }
        Err(e) => assert!(!e.message.is_empty()),
    }
});
