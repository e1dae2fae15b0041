import { describe, expect, it, vi } from 'vitest';
import { claimProtocolsOnce, PROTOCOLS_CLAIMED_KEY } from '../../../../src-main/links/protocol-client';
import { MemoryStore } from '../support/fakes';

describe('claimProtocolsOnce', () => {
  it('claims every link scheme at the first run of an installed app, then never again', () => {
    const store = new MemoryStore();
    const app = { setAsDefaultProtocolClient: vi.fn(() => true) };
    expect(claimProtocolsOnce({ store, isPackaged: true, app })).toEqual({
      kind: 'claimed',
      schemes: { sip: true, sips: true, tel: true, callto: true, offhook: true },
    });
    expect(store.get(PROTOCOLS_CLAIMED_KEY)).toBe(true);
    expect(claimProtocolsOnce({ store, isPackaged: true, app })).toEqual({ kind: 'skipped', reason: 'already-claimed' });
    expect(app.setAsDefaultProtocolClient).toHaveBeenCalledTimes(5);
  });

  it('does nothing unpackaged', () => {
    const store = new MemoryStore();
    const app = { setAsDefaultProtocolClient: vi.fn(() => true) };
    expect(claimProtocolsOnce({ store, isPackaged: false, app })).toEqual({ kind: 'skipped', reason: 'not-packaged' });
    expect(app.setAsDefaultProtocolClient).not.toHaveBeenCalled();
    expect(store.writes).toBe(0);
  });

  it('records a scheme the OS refused and still does not retry', () => {
    const store = new MemoryStore();
    const app = {
      setAsDefaultProtocolClient: vi.fn((scheme: string) => {
        if (scheme === 'tel') throw new Error('denied');
        return scheme !== 'callto';
      }),
    };
    expect(claimProtocolsOnce({ store, isPackaged: true, app })).toMatchObject({ schemes: { tel: false, callto: false, sip: true } });
    expect(claimProtocolsOnce({ store, isPackaged: true, app }).kind).toBe('skipped');
  });
});
