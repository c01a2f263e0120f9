// A small typed use of the package, compiled by the tests with
// `tsc --strict --noEmit -p okr-wasm/tests/typed` against the generated
// .d.ts files (Node build and web build). It is never run.
import {
  Cascade,
  diff,
  ruleCodes,
  type Alerts,
  type AlertsDelta,
  type Diff,
  type DiffKind,
  type Scorecard,
  type CheckInArgs,
  type Code,
  type Diagnostic,
  type Document,
  type ErrorCode,
  type Explanation,
  type KeyResultFigures,
  type Lineage,
  type LiveRollup,
  type OkrError,
  type Policy,
  type Report,
  type RollupDelta,
  type RollupFigures,
  type Status,
  type TrendPoint,
  type TrendSeries,
} from "../../pkg-node/okr_cascade.js";
import init, { Cascade as WebCascade } from "../../pkg-web/okr_cascade.js";

const doc: Document = {
  okr: "1",
  cycle: { id: "Q3", start: "2026-07-01", end: "2026-09-30", as_of: "2026-08-15" },
  units: [
    { id: "acme", kind: "company" },
    { id: "eng", kind: "function", parent: "acme" },
  ],
  themes: [{ id: "T1", title: "Win the mid-market" }],
  objectives: [
    { id: "O1", unit: "acme", title: "Grow mid-market revenue", themes: ["T1"], governance: { cadence: "weekly" } },
    { id: "O2", unit: "eng", title: "Remove the blockers", links: [{ kind: "direct", to: "KR1", weight: 2 }] },
  ],
  key_results: [
    { id: "KR1", objective: "O1", title: "Increase ARR", metric: { kind: "increase", start: 12, target: 20, current: 16 } },
    { id: "KR2", objective: "O2", title: "Cut p95 latency", metric: { kind: "stay_below", threshold: 300, measure: "ms" } },
  ],
};

function describe(status: Status | null): string {
  switch (status) {
    case "done":
    case "dropped":
      return status;
    case "on_track":
    case "at_risk":
    case "off_track":
      return status.replace("_", " ");
    case "dropped":
      return "off the board";
    case null:
      return "no pace";
  }
}

export function main(): void {
  const cascade = new Cascade(doc);
  const fromText: Cascade = Cascade.fromJson(JSON.stringify(doc));
  const fromBytes: Cascade = Cascade.fromJsonBytes(new TextEncoder().encode(JSON.stringify(doc)));
  const rollupBytes: Uint8Array = fromBytes.rollupJsonBytes();
  console.log(rollupBytes.length);

  const policy: Policy = { disabled: ["W103"], limits: { max_lineage_paths: 10 } };
  const report: Report = cascade.validate(policy);
  const first: Diagnostic | undefined = report.diagnostics[0];
  const errors: number = report.summary.errors;
  const code: Code | undefined = first?.code;
  console.log(code, first?.severity, errors);
  const codes: Code[] = ruleCodes();
  console.log(codes.includes("W104"));
  // @ts-expect-error: W106 is not a rule code
  const unknown: Policy = { disabled: ["W106"] };
  console.log(unknown);

  const figures: RollupFigures = fromText.rollup("2026-08-01");
  const kr: KeyResultFigures | undefined = figures.key_results["KR1"];
  const progress: number | null | undefined = kr?.progress;
  console.log(progress, describe(kr?.status ?? null), figures.mandates);

  const lineage: Lineage = cascade.lineage("O2");
  const paths: string[][] = lineage.paths;
  console.log(lineage.traces, paths, lineage.answer);

  // Where a number comes from: the rule, the inputs to drill into.
  const why: Explanation = cascade.explain("KR1", "2026-08-12");
  const formula: string = why.rule.formula;
  const drill: string[] = why.inputs.map((i) => i.id);
  const elapsed: number | null = why.status_rule?.elapsed ?? null;
  console.log(why.kind, formula, drill, elapsed, why.text);

  const checkIn: CheckInArgs = { keyResult: "KR1", date: "2026-08-10", value: 17, confidence: 0.8 };
  const live: LiveRollup = cascade.live("2026-08-12");
  const changed: RollupDelta = live.recordCheckIn(checkIn);
  const week: RollupDelta = live.checkInCsv("key_result,date,value\nKR1,2026-08-02,15\n");
  const sheet: string = cascade.toCsvLossy().csv;
  const leftOut: string[] = cascade.toCsvLossy().left_out;
  const fromSheet: Cascade = Cascade.fromCsv(sheet);
  const history: string = fromSheet.checkInsToCsv();
  void week, leftOut, history;
  const again: RollupDelta = live.setCurrent("KR1", null);
  const dropped: RollupDelta = live.drop("KR1", "2026-08-01");
  const undropped: RollupDelta = live.drop("KR1", null);
  console.log(dropped.key_results, undropped.objectives);
  const current: RollupFigures = live.rollup();
  console.log(Object.keys(changed.objectives), again.units, current.mandates, live.document().check_ins);
  const alertChanges: AlertsDelta | undefined = changed.alerts;
  const appeared: Diagnostic[] = alertChanges?.appeared ?? [];
  const nowAlerts: Alerts = live.alerts();
  console.log(appeared.length, nowAlerts.alerts.length);

  const trend: TrendSeries = cascade.trend(7, "2026-08-12");
  const path: TrendPoint[] = trend.objectives["O1"] ?? [];
  const last: number | null = path[path.length - 1]?.progress ?? null;
  const weekly: TrendSeries = cascade.trend();
  console.log(last, path.map((p) => p.status), Object.keys(weekly.units));

  const later: Cascade = new Cascade({ ...doc, cycle: { ...doc.cycle, as_of: "2026-08-26" } });
  const changes: Diff = diff(cascade, later);
  const kinds: DiffKind[] = changes.added.map((a) => a.kind);
  const moved: (number | null)[] = changes.figures.map((f) => f.progress[1]);
  console.log(kinds, moved, changes.changed.map((c) => c.fields.map((f) => f.field)), changes.lineage.lost);
  const card: Scorecard = cascade.scorecard();
  const judged: boolean = card.key_results["KR1"]?.judgement ?? false;
  const draft: Document = cascade.carry("2026-Q4", "2026-10-01", "2026-12-31");
  console.log(judged, card.objectives, draft.key_results?.map((k) => k.carried_from));

  const view: Document = cascade.viewFor("eng");
  console.log(view.key_results?.filter((k) => k.redacted).map((k) => k.id));

  try {
    Cascade.fromJson("{");
  } catch (e) {
    const err = e as OkrError;
    const which: ErrorCode = err.code;
    if (which === "unreadable") console.log(err.kind, err.line, err.column, err.path);
  }
}

export async function inPage(): Promise<number> {
  await init();
  const cascade = new WebCascade(doc);
  return cascade.validate().summary.warnings;
}
