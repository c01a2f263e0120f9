// The `okr` binary for the browser tests: $OKR_BIN when set, else the
// workspace's debug build (built here with cargo when missing or stale;
// cargo does nothing when it is current).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function okrBinary() {
  if (process.env.OKR_BIN) return process.env.OKR_BIN;
  execFileSync('cargo', ['build', '-q', '-p', 'okr-cli'], { cwd: repo, stdio: 'inherit' });
  const target = process.env.CARGO_TARGET_DIR ?? path.join(repo, 'target');
  const bin = path.join(target, 'debug', process.platform === 'win32' ? 'okr.exe' : 'okr');
  if (!existsSync(bin)) throw new Error(`${bin} is missing after cargo build -p okr-cli`);
  return bin;
}

// Runs the CLI and parses its JSON output.
export function okrJson(bin, ...args) {
  return JSON.parse(execFileSync(bin, args, { maxBuffer: 1 << 30 }).toString());
}
