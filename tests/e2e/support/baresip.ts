/** A baresip phone registered on the PBX of the whole test run (global set-up). */
import { startBaresip, type BaresipPeer } from '../../pbx/peers/baresip';
import type { Pbx } from '../../pbx/pbx';
import { PBX_UDP_PORT, PBX_WS_URL } from './env';

export function startTestBaresip(extension: string, toneHz: number): Promise<BaresipPeer> {
  // baresip only needs to know where the PBX is; the run's set-up owns it.
  const pbx = { domain: '127.0.0.1', udpPort: PBX_UDP_PORT, wsUrl: PBX_WS_URL } as Pbx;
  return startBaresip({ pbx, extension, toneHz });
}
