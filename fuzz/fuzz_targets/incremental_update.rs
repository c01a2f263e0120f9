//! A document, then a tail of update operations: after every incremental
//! update the figures equal a full recompute.
#![no_main]
use libfuzzer_sys::fuzz_target;
use okr_core::{load, Cascade, CheckIn, Limits, RollupOptions};

fuzz_target!(|data: &[u8]| {
    // Split at the last 0xFF byte: document before, operations after.
    let split = data.iter().rposition(|&b| b == 0xFF).unwrap_or(data.len());
    let (text, ops) = data.split_at(split);
    let Ok(doc) = load::from_json_bytes(text, &Limits::default()) else { return };
    let mut c = Cascade::new(doc).expect("a loaded document indexes");
    let n = c.document().key_results.len();
    if n == 0 {
        return;
    }
    let options = RollupOptions::default();
    let mut r = c.rollup(&options);
    for op in ops.chunks(4).skip(1).take(32) {
        let [a, b, v, d] = [op[0], *op.get(1).unwrap_or(&0), *op.get(2).unwrap_or(&0), *op.get(3).unwrap_or(&0)];
        let kr = c.document().key_results[(usize::from(a) << 8 | usize::from(b)) % n].id.clone();
        let value = f64::from(v) - 100.0;
        if d & 1 == 0 {
            let date = c.document().cycle.start.add_days(i32::from(d >> 1) - 20);
            let _ = c.record_check_in(&mut r, CheckIn { key_result: kr, date, value, confidence: None });
        } else {
            let _ = c.set_current(&mut r, &kr, Some(value));
        }
        let full = Cascade::new(c.document().clone())
            .expect("it indexes")
            .rollup(&options);
        assert_eq!(r, full, "incremental equals full recompute");
    }
});
