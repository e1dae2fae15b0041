/**
 * Making Offhook the handler for sip:, sips:, tel:, callto: and offhook: links, once: at the first
 * run of an installed app. Claiming them on every start would override a later choice the user
 * made for another app (FaceTime, Teams, …) in the OS settings.
 */
import type { KeyValueStore } from '../settings/store-port';
import { LINK_SCHEMES } from './link-router';

export const PROTOCOLS_CLAIMED_KEY = 'protocolClientsClaimed';

export interface ProtocolClientPort {
  setAsDefaultProtocolClient(scheme: string): boolean;
}

export type ClaimOutcome = { kind: 'claimed'; schemes: Record<string, boolean> } | { kind: 'skipped'; reason: 'not-packaged' | 'already-claimed' };

export function claimProtocolsOnce({ store, isPackaged, app }: { store: KeyValueStore; isPackaged: boolean; app: ProtocolClientPort }): ClaimOutcome {
  // Unpackaged, the registration would point the OS at bare Electron without our app path.
  if (!isPackaged) return { kind: 'skipped', reason: 'not-packaged' };
  if (store.get(PROTOCOLS_CLAIMED_KEY) === true) return { kind: 'skipped', reason: 'already-claimed' };
  const schemes: Record<string, boolean> = {};
  for (const scheme of LINK_SCHEMES) {
    try {
      schemes[scheme] = app.setAsDefaultProtocolClient(scheme);
    } catch {
      schemes[scheme] = false;
    }
  }
  store.set(PROTOCOLS_CLAIMED_KEY, true);
  return { kind: 'claimed', schemes };
}
