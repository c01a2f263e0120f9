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
    let c = Cascade::try_from(doc).expect("a loaded document passes the loader's checks");
    let n = c.document().key_results.len();
    if n == 0 {
        return;
    }
    let options = RollupOptions::default();
    let mut live = c.live(options.clone());
    for op in ops.chunks(4).skip(1).take(32) {
        let [a, b, v, d] = [op[0], *op.get(1).unwrap_or(&0), *op.get(2).unwrap_or(&0), *op.get(3).unwrap_or(&0)];
        let kr = live.cascade().document().key_results[(usize::from(a) << 8 | usize::from(b)) % n].id.clone();
        let value = f64::from(v) - 100.0;
        if d & 1 == 0 {
            let date = live.cascade().document().cycle.start.add_days(i32::from(d >> 1) - 20);
            let _ = live.record_check_in(CheckIn { key_result: kr, date, value, confidence: None });
        } else {
            let _ = live.set_current(&kr, Some(value));
        }
        let full = Cascade::try_from(live.cascade().document().clone())
            .expect("the updated document passes the loader's checks")
           .rollup(&options);
        assert_eq!(live.rollup(), &full, "incremental equals full recompute");
    }
});
