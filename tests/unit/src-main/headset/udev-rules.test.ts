/** build/udev/70-offhook-headsets.rules: uaccess for the headset vendors, before 73-seat-late. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const file = new URL('../../../../build/udev/70-offhook-headsets.rules', import.meta.url);
const text = readFileSync(file, 'utf8');
const rules = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));

describe('udev rule for headsets', () => {
  it('sorts before 73-seat-late.rules, which acts on the uaccess tag', () => {
    expect(Number(file.pathname.split('/').pop()!.slice(0, 2))).toBeLessThan(73);
  });

  it('tags hidraw nodes of the headset vendors with uaccess', () => {
    const vendors = rules.flatMap((l) => [...l.matchAll(/ATTRS\{idVendor\}=="([0-9a-f]{4})"/g)].map((m) => m[1]));
    expect(vendors).toEqual(expect.arrayContaining(['0b0e', '047f', '1395', '6993', '046d']));
    for (const line of rules.filter((l) => l.includes('idVendor'))) expect(line).toMatch(/, TAG\+="uaccess"$/);
    expect(rules).toContain('SUBSYSTEM!="hidraw", GOTO="offhook_headsets_end"');
    expect(rules[rules.length - 1]).toBe('LABEL="offhook_headsets_end"');
  });

  it('uses only well-formed key/operator/value pairs and never opens devices to everyone', () => {
    for (const line of rules) {
      for (const pair of line.split(/,\s*/)) expect(pair, line).toMatch(/^[A-Z]+(\{[A-Za-z]+\})?(==|!=|\+=|=|:=)"[^"]*"$/);
    }
    expect(rules.join('\n')).not.toMatch(/MODE|GROUP/);
  });
});
