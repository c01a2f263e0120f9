//! Many documents at once: the batch an analytics job or a nightly check
//! runs over every cascade it holds.
//!
//! Each document is read and processed on its own; the results come back
//! in input order, one `Result` per document, so a document that cannot be
//! read is an error in its slot and the others go on. With the `rayon`
//! feature the documents are spread over a thread pool; without it (as in
//! WebAssembly, which has no threads) they run one after another, with the
//! same results.
//!
//! ```
//! use okr_core::{many, Policy};
//!
//! let good = r#"{"okr": "1",
//!   "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"},
//!   "units": [{"id": "acme", "kind": "company"}],
//!   "objectives": [{"id": "O1", "unit": "acme", "title": "Grow"}],
//!   "key_results": [{"id": "KR1", "objective": "O1", "title": "ARR",
//!     "metric": {"kind": "increase", "start": 12, "target": 20, "current": 16}}]}"#;
//! let reports = many::validate_many(&[good, "{not json", good], &Policy::default(), None);
//! assert_eq!(reports.len(), 3);
//! assert!(reports[0].is_ok() && reports[1].is_err() && reports[2].is_ok());
//! ```

use crate::{Cascade, Error, Limits, Policy, Report, Rollup, RollupOptions};

/// Calls `f` on every item and returns the results in input order.
///
/// `threads`: `None` (or `Some(0)`) uses every core (rayon's global pool),
/// `Some(1)` runs on the calling thread, `Some(n)` on a pool of `n`
/// threads made for this call. Without the `rayon` feature the items run
/// one after another whatever `threads` says. `f` must not panic (the
/// crate's functions do not); were it to, the panic is resumed on the
/// caller's thread.
pub fn map<T, R, F>(items: &[T], threads: Option<usize>, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    #[cfg(feature = "rayon")]
    {
        use rayon::prelude::*;
        let run = || items.par_iter().map(&f).collect::<Vec<R>>();
        match threads {
            Some(1) => items.iter().map(&f).collect(),
            None | Some(0) => run(),
            Some(n) => match rayon::ThreadPoolBuilder::new().num_threads(n).build() {
                Ok(pool) => pool.install(run),
                // No pool (the system refused threads): the work still
                // gets done, on the global pool.
                Err(_) => run(),
            },
        }
    }
    #[cfg(not(feature = "rayon"))]
    {
        let _ = threads;
        items.iter().map(f).collect()
    }
}

/// Reads a document from text with `limits`: JSON when its first
/// non-blank character is `{`, else YAML (with the `yaml` feature; without
/// it, JSON always).
pub fn read(text: &str, limits: &Limits) -> Result<Cascade, Error> {
    #[cfg(feature = "yaml")]
    if !text.trim_start().starts_with('{') {
        return Cascade::from_yaml_with_limits(text, limits);
    }
    Cascade::from_json_with_limits(text, limits)
}

/// Reads and validates every text (JSON or YAML, as [`read`] tells them
/// apart) under `policy` (its limits too): one report or error per text,
/// in input order. See [`map`] for `threads`.
pub fn validate_many<S: AsRef<str> + Sync>(
    texts: &[S],
    policy: &Policy,
    threads: Option<usize>,
) -> Vec<Result<Report, Error>> {
    map(texts, threads, |text| {
        read(text.as_ref(), policy.limits()).map(|c| c.validate(policy))
    })
}

/// Reads every text and computes its figures under the policy's margins at
/// `as_of` (else each document's own): one `(cascade, rollup)` or error per
/// text, in input order. The cascade comes back with its figures because
/// its ids name them ([`crate::RollupReport`]). See [`map`] for `threads`.
pub fn rollup_many<S: AsRef<str> + Sync>(
    texts: &[S],
    policy: &Policy,
    as_of: Option<crate::Date>,
    threads: Option<usize>,
) -> Vec<Result<(Cascade, Rollup), Error>> {
    let options = RollupOptions::from_policy(policy).with_as_of(as_of);
    map(texts, threads, |text| {
        read(text.as_ref(), policy.limits()).map(|c| {
            let rollup = c.rollup(&options);
            (c, rollup)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"okr": "1",
      "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30", "as_of": "2026-08-15"},
      "units": [{"id": "acme", "kind": "company"}],
      "objectives": [{"id": "O1", "unit": "acme", "title": "Grow"}],
      "key_results": [{"id": "KR1", "objective": "O1", "title": "ARR",
        "metric": {"kind": "increase", "start": 12, "target": 20, "current": 16}}]}"#;

    #[test]
    fn results_come_back_in_order_with_errors_in_their_slots() {
        let texts = vec![DOC, "{", DOC, "units: [", DOC];
        for threads in [None, Some(1), Some(2), Some(0)] {
            let got = validate_many(&texts, &Policy::default(), threads);
            let ok: Vec<bool> = got.iter().map(Result::is_ok).collect();
            assert_eq!(ok, [true, false, true, false, true]);
        }
    }

    #[test]
    fn many_equals_one_by_one() {
        let texts: Vec<String> = (0..6).map(|_| DOC.to_string()).collect();
        let policy = Policy::default();
        let serial: Vec<Report> = texts
            .iter()
            .filter_map(|t| Cascade::from_json(t).ok())
            .map(|c| c.validate(&policy))
            .collect();
        let batch: Vec<Report> = validate_many(&texts, &policy, Some(2))
            .into_iter()
            .filter_map(Result::ok)
            .collect();
        assert_eq!(batch, serial);
        let rollups = rollup_many(&texts, &policy, None, Some(2));
        for r in rollups {
            let (c, rollup) = r.ok().unwrap_or_else(|| unreachable!());
            assert_eq!(rollup, c.rollup(&RollupOptions::default()));
        }
    }

    #[test]
    fn yaml_text_is_read_as_yaml() {
        let yaml = "okr: '1'\ncycle: {id: Q3, start: 2026-07-01, end: 2026-09-30}\nunits: [{id: acme, kind: company}]\n";
        assert!(read(yaml, &Limits::default()).is_ok());
    }
}
