/** J13: what a BLF key's lamp shows, from the colleague's presence (dialog state wins). */
import type { PresenceState } from '../telephony/presence-types';

export type Lamp = 'idle' | 'ringing' | 'busy' | 'offline' | 'unknown';

export function blfLamp(state: PresenceState): Lamp {
  switch (state) {
    case 'ringing':
      return 'ringing';
    case 'on-call':
      return 'busy';
    case 'unregistered':
      return 'offline';
    case 'unknown':
      return 'unknown';
    default:
      // A chosen status (away, lunch …) does not make the line busy: the key still calls.
      return 'idle';
  }
}
