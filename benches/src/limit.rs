//! The limit: the same objective progress as the full rollup, computed by
//! a minimal pass over flat arrays (structure of arrays, CSR adjacency,
//! nodes in topological order). Building [`Flat`] is not timed; [`Flat::run`]
//! is. It resolves each KR's current value from its check-ins like the
//! rollup does, then KR progress, `source: children` means and objective
//! means: nothing else (no status, forecast, units or themes).

use okr_core::{Document, LinkKind, Metric, Source};
use std::collections::HashMap;

const TREND: u8 = 0;
const ABOVE: u8 = 1;
const BELOW: u8 = 2;
const FIXED: u8 = 3;
const CHILDREN: u8 = 4;

/// The cascade as flat arrays.
#[derive(Clone, Debug, Default)]
pub struct Flat {
    /// Topological order: KR `k` as `k`, objective `o` as `o | OBJ`.
    order: Vec<u32>,
    kind: Vec<u8>,
    /// start (trend), threshold (above/below), progress (fixed).
    a: Vec<f64>,
    /// target - start (trend).
    b: Vec<f64>,
    /// `metric.current`, NaN when absent.
    fallback: Vec<f64>,
    /// Check-ins per KR, sorted by (date, position).
    ci_start: Vec<u32>,
    ci_date: Vec<i32>,
    ci_value: Vec<f64>,
    /// Direct links into each KR: owning objective and weight.
    in_start: Vec<u32>,
    in_obj: Vec<u32>,
    in_w: Vec<f64>,
    /// KRs of each objective and their weights.
    obj_start: Vec<u32>,
    obj_kr: Vec<u32>,
    obj_w: Vec<f64>,
    as_of: i32,
}

const OBJ: u32 = 1 << 31;

fn csr(n: usize, pairs: &mut [(u32, u32, f64)]) -> (Vec<u32>, Vec<u32>, Vec<f64>) {
    pairs.sort_by_key(|p| p.0);
    let mut start = vec![0u32; n + 1];
    for p in pairs.iter() {
        start[p.0 as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    (
        start,
        pairs.iter().map(|p| p.1).collect(),
        pairs.iter().map(|p| p.2).collect(),
    )
}

impl Flat {
    /// Flattens an error-free document (untimed preparation).
    pub fn new(doc: &Document) -> Flat {
        let nk = doc.key_results.len();
        let no = doc.objectives.len();
        let obj_ix: HashMap<&str, u32> = doc
            .objectives
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.as_str(), i as u32))
            .collect();
        let kr_ix: HashMap<&str, u32> = doc
            .key_results
            .iter()
            .enumerate()
            .map(|(i, k)| (k.id.as_str(), i as u32))
            .collect();
        let mut f = Flat {
            as_of: doc.cycle.as_of.map_or(i32::MAX, |d| d.days()),
            ..Flat::default()
        };
        for kr in &doc.key_results {
            let (kind, a, b, cur) = match (kr.source, kr.metric.as_ref()) {
                (Source::Children, _) => (CHILDREN, 0.0, 0.0, None),
                (
                    _,
                    Some(Metric::Increase {
                        start,
                        target,
                        current,
                        ..
                    }),
                )
                | (
                    _,
                    Some(Metric::Decrease {
                        start,
                        target,
                        current,
                        ..
                    }),
                ) => (TREND, *start, target - start, *current),
                (
                    _,
                    Some(Metric::StayAbove {
                        threshold, current, ..
                    }),
                ) => (ABOVE, *threshold, 0.0, *current),
                (
                    _,
                    Some(Metric::StayBelow {
                        threshold, current, ..
                    }),
                ) => (BELOW, *threshold, 0.0, *current),
                (_, Some(Metric::Milestone { done })) => {
                    (FIXED, f64::from(u8::from(*done)), 0.0, None)
                }
                (_, None) => (FIXED, f64::NAN, 0.0, None),
            };
            f.kind.push(kind);
            f.a.push(a);
            f.b.push(b);
            f.fallback.push(cur.unwrap_or(f64::NAN));
        }
        let mut cis: Vec<(u32, i32, usize, f64)> = doc
            .check_ins
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                Some((
                    *kr_ix.get(c.key_result.as_str())?,
                    c.date.days(),
                    i,
                    c.value,
                ))
            })
            .collect();
        cis.sort_by_key(|c| (c.0, c.1, c.2));
        f.ci_start = vec![0; nk + 1];
        for c in &cis {
            f.ci_start[c.0 as usize + 1] += 1;
        }
        for i in 0..nk {
            f.ci_start[i + 1] += f.ci_start[i];
        }
        f.ci_date = cis.iter().map(|c| c.1).collect();
        f.ci_value = cis.iter().map(|c| c.3).collect();

        let mut ins = Vec::new();
        for (o, obj) in doc.objectives.iter().enumerate() {
            for l in &obj.links {
                if l.kind == LinkKind::Direct {
                    if let Some(&k) = kr_ix.get(l.to.as_str()) {
                        ins.push((k, o as u32, l.weight()));
                    }
                }
            }
        }
        (f.in_start, f.in_obj, f.in_w) = csr(nk, &mut ins);
        let mut krs: Vec<(u32, u32, f64)> = doc
            .key_results
            .iter()
            .enumerate()
            .filter_map(|(k, kr)| {
                Some((*obj_ix.get(kr.objective.as_str())?, k as u32, kr.weight()))
            })
            .collect();
        (f.obj_start, f.obj_kr, f.obj_w) = csr(no, &mut krs);

        // Topological order (Kahn): every KR not fed by children first, then
        // objectives and children KRs as their inputs complete.
        let mut pending_obj: Vec<u32> = (0..no)
            .map(|o| f.obj_start[o + 1] - f.obj_start[o])
            .collect();
        let mut pending_kr: Vec<u32> = (0..nk)
            .map(|k| {
                if f.kind[k] == CHILDREN {
                    f.in_start[k + 1] - f.in_start[k]
                } else {
                    0
                }
            })
            .collect();
        // Objectives feeding each children KR (reverse of `in_*`).
        let mut feeds: Vec<(u32, u32, f64)> = ins
            .iter()
            .filter(|p| f.kind[p.0 as usize] == CHILDREN)
            .map(|p| (p.1, p.0, 0.0))
            .collect();
        let (feed_start, feed_kr, _) = csr(no, &mut feeds);
        let kr_obj: Vec<u32> = doc
            .key_results
            .iter()
            .map(|kr| {
                obj_ix
                    .get(kr.objective.as_str())
                    .copied()
                    .unwrap_or(u32::MAX)
            })
            .collect();
        let mut queue: std::collections::VecDeque<u32> = (0..nk as u32)
            .filter(|&k| pending_kr[k as usize] == 0)
            .collect();
        for o in 0..no as u32 {
            if pending_obj[o as usize] == 0 {
                queue.push_back(o | OBJ);
            }
        }
        while let Some(n) = queue.pop_front() {
            f.order.push(n);
            if n & OBJ == 0 {
                let o = kr_obj[n as usize];
                if o != u32::MAX {
                    pending_obj[o as usize] -= 1;
                    if pending_obj[o as usize] == 0 {
                        queue.push_back(o | OBJ);
                    }
                }
            } else {
                let o = (n & !OBJ) as usize;
                for &k in &feed_kr[feed_start[o] as usize..feed_start[o + 1] as usize] {
                    pending_kr[k as usize] -= 1;
                    if pending_kr[k as usize] == 0 {
                        queue.push_back(k);
                    }
                }
            }
        }
        f
    }

    /// Number of KRs.
    pub fn key_results(&self) -> usize {
        self.kind.len()
    }

    /// Objective progress (NaN for null), written into `obj` (resized);
    /// `kr` is scratch space for KR progress.
    pub fn run(&self, kr: &mut Vec<f64>, obj: &mut Vec<f64>) {
        kr.clear();
        kr.resize(self.kind.len(), 0.0);
        obj.clear();
        obj.resize(self.obj_start.len() - 1, f64::NAN);
        for &n in &self.order {
            if n & OBJ == 0 {
                let k = n as usize;
                let p = match self.kind[k] {
                    CHILDREN => {
                        let (mut s, mut w) = (0.0, 0.0);
                        for i in self.in_start[k] as usize..self.in_start[k + 1] as usize {
                            let v = obj[self.in_obj[i] as usize];
                            if !v.is_nan() {
                                s += v * self.in_w[i];
                                w += self.in_w[i];
                            }
                        }
                        if w > 0.0 {
                            (s / w).clamp(0.0, 1.0)
                        } else {
                            0.0
                        }
                    }
                    FIXED => self.a[k],
                    kind => {
                        let (lo, hi) = (self.ci_start[k] as usize, self.ci_start[k + 1] as usize);
                        let mut cur = self.fallback[k];
                        for i in (lo..hi).rev() {
                            if self.ci_date[i] <= self.as_of {
                                cur = self.ci_value[i];
                                break;
                            }
                        }
                        let raw = match kind {
                            TREND if cur.is_nan() => 0.0,
                            TREND => (cur - self.a[k]) / self.b[k],
                            ABOVE => f64::from(u8::from(cur >= self.a[k])),
                            _ => f64::from(u8::from(cur <= self.a[k])),
                        };
                        raw.clamp(0.0, 1.0)
                    }
                };
                kr[k] = p;
            } else {
                let o = (n & !OBJ) as usize;
                let (mut s, mut w) = (0.0, 0.0);
                for i in self.obj_start[o] as usize..self.obj_start[o + 1] as usize {
                    let p = kr[self.obj_kr[i] as usize];
                    if !p.is_nan() {
                        s += p * self.obj_w[i];
                        w += self.obj_w[i];
                    }
                }
                obj[o] = if w > 0.0 {
                    (s / w).clamp(0.0, 1.0)
                } else {
                    f64::NAN
                };
            }
        }
    }
}
