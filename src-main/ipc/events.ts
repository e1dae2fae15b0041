/**
 * Main → renderer events (`MainEvents` in the contract), sent to the main window's WebContents on
 * `eventChannel(name)`. The preload forwards only these names to `window.offhook.on`.
 */
import { eventChannel, type MainEventName, type MainEvents } from '../../src-preload/contract';

/** The part of WebContents used to send. */
export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/** Sends one event; false when there is no live main window to send it to. */
export type SendEvent = <K extends MainEventName>(name: K, payload: MainEvents[K]) => boolean;

export function createEventSender(getTarget: () => EventTarget | null | undefined): SendEvent {
  return (name, payload) => {
    const target = getTarget();
    if (!target || target.isDestroyed()) return false;
    target.send(eventChannel(name), payload);
    return true;
  };
}
