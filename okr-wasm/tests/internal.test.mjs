// An internal error (a Rust panic, which the engine is written never to
// raise) reaches JS as a thrown exception, not a process abort. Its own
// file: a panic traps the wasm instance, so nothing else runs after it here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { okr } from './okr.mjs';

test('a forced internal error is a thrown exception and the process goes on', () => {
  let caught;
  try {
    okr.__internalErrorForTests();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error, `expected an Error, got ${caught}`);
  // Still here: the process did not abort; plain JS keeps running.
  assert.equal(1 + 1, 2);
});
