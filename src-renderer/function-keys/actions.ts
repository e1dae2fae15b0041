/**
 * J13: what pressing a function key does, decided from the key, the PBX's feature codes and the
 * moment (a call under way, the colleague's lamp). Pure, so every type × state is unit-tested;
 * the panel only carries the result out through the phone store.
 */
import type { FunctionKeySettings } from '../../src-preload/contract';
import type { PresenceState } from '../telephony/presence-types';

export type FunctionKey = FunctionKeySettings['keys'][number];
export type FeatureCodes = FunctionKeySettings['codes'];

/** The call a key acts on (DTMF, park): only an answered call takes digits or a transfer. */
export interface CurrentCall {
  id: string;
  state: 'dialing' | 'ringing-out' | 'incoming' | 'connecting' | 'active' | 'ended';
}

export interface KeyContext {
  codes: FeatureCodes;
  /** The number that reaches voicemail (settings.voicemail.number). */
  voicemailNumber: string;
  current: CurrentCall | null;
  presence: (extension: string) => PresenceState;
}

export type KeyAction =
  | { kind: 'call'; number: string }
  | { kind: 'dtmf'; callId: string; digits: string }
  | { kind: 'transfer'; callId: string; target: string }
  | { kind: 'none'; reason: 'empty' | 'no-call' | 'no-value' | 'no-code' };

const none = (reason: Extract<KeyAction, { kind: 'none' }>['reason']): KeyAction => ({ kind: 'none', reason });

/** Feature code plus the key's value (a queue, a parking slot, an extension). */
function withCode(code: string, value: string): KeyAction {
  const number = `${code.trim()}${value}`;
  return number ? { kind: 'call', number } : none('no-code');
}

export function actionFor(key: FunctionKey, ctx: KeyContext): KeyAction {
  const value = key.value.trim();
  const answered = ctx.current && ctx.current.state === 'active' ? ctx.current : null;
  switch (key.type) {
    case 'none':
      return none('empty');
    case 'blf':
      if (!value) return none('no-value');
      // FreePBX/Asterisk directed pickup: the pickup code followed by the ringing extension.
      if (ctx.presence(value) === 'ringing') {
        return ctx.codes.pickup.trim() ? { kind: 'call', number: `${ctx.codes.pickup.trim()}${value}` } : none('no-code');
      }
      return { kind: 'call', number: value };
    case 'speed-dial':
      return value ? { kind: 'call', number: value } : none('no-value');
    case 'dtmf':
      if (!value) return none('no-value');
      return answered ? { kind: 'dtmf', callId: answered.id, digits: value } : none('no-call');
    case 'voicemail':
      // The lamp watches the key's mailbox; the voicemail number asks which mailbox when it is not ours.
      return ctx.voicemailNumber.trim() ? { kind: 'call', number: ctx.voicemailNumber.trim() } : none('no-code');
    case 'park': {
      if (!answered) return none('no-call');
      // Parking is a blind transfer to the park code; the PBX announces the slot to the caller's peer.
      const target = `${ctx.codes.park.trim()}${value}`;
      return target ? { kind: 'transfer', callId: answered.id, target } : none('no-code');
    }
    case 'retrieve':
      return withCode(ctx.codes.retrieve, value);
    case 'intercom':
      if (!value) return none('no-value');
      return ctx.codes.intercom.trim() ? withCode(ctx.codes.intercom, value) : none('no-code');
    case 'agent-login':
      return ctx.codes.agentLogin.trim() ? withCode(ctx.codes.agentLogin, value) : none('no-code');
    case 'agent-logout':
      return ctx.codes.agentLogout.trim() ? withCode(ctx.codes.agentLogout, value) : none('no-code');
    case 'agent-pause':
      return ctx.codes.agentPause.trim() ? withCode(ctx.codes.agentPause, value) : none('no-code');
    case 'agent-unpause':
      return ctx.codes.agentUnpause.trim() ? withCode(ctx.codes.agentUnpause, value) : none('no-code');
  }
}
