/** Real descriptors copied from ../shared/headsets (see fixtures/README.md) and small helpers. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseHexBytes } from '../../../../src-main/headset/core/hex';

export const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** ../shared/headsets beside the repository, when it is there. */
export const SHARED_DIR = fileURLToPath(new URL('../../../../../shared/headsets/', import.meta.url));

export const FIXTURE_NAMES = ['jabra-evolve-link-ms', 'epos-impact-d1', 'poly-blackwire3220-col-telephony', 'logitech-g535'] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

export function fixturePath(name: FixtureName): string {
  return `${FIXTURES_DIR}${name}.hex`;
}

export function loadFixture(name: FixtureName): Uint8Array {
  return parseHexBytes(readFileSync(fixturePath(name), 'utf8'));
}

/** Bytes from a readable hex string; the edge-case descriptors in the tests are written this way. */
export function hex(text: string): Uint8Array {
  return parseHexBytes(text.replace(/\/\/[^\n]*/g, ''));
}
