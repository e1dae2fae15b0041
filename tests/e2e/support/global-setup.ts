/** Starts the SIP server for the whole run and makes the tone files; returns the teardown. */
import { mkdirSync } from 'node:fs';
import { startPbx } from '../../pbx/pbx';
import { ARTIFACTS, PBX_UDP_PORT, PBX_WS_PORT } from './env';
import { ensureTone } from './tones';

export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const pbx = await startPbx({ wsPort: PBX_WS_PORT, udpPort: PBX_UDP_PORT, rtpengine: process.env.OFFHOOK_E2E_RTPENGINE !== '0' });
  for (const hz of [500, 800, 1200]) ensureTone(hz);
  return async () => {
    await pbx.stop();
  };
}
