/**
 * Native notifications (K2): missed calls, incoming calls when the popup is turned off, and chat
 * messages (D5); later voicemail through the same door. A click is the only interaction relied on
 * (action buttons are unreliable on Windows and absent on many Linux desktops): a missed-call
 * notification opens the call log, an incoming-call one brings the phone forward.
 */
import type { NotificationRequest, View } from '../../src-preload/contract';

export interface NotificationOptions {
  title: string;
  body: string;
  silent: boolean;
  urgency?: 'normal' | 'critical' | 'low';
}

/** The part of an Electron Notification used here. */
export interface NotificationHandle {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  show(): void;
  close(): void;
}

export interface NotificationServiceOptions {
  isSupported(): boolean;
  create(options: NotificationOptions): NotificationHandle;
  /** Show, restore and focus the main window, then open the view. */
  showWindow(view?: View): void;
}

export interface NotificationService {
  /** False when the OS has no notification service (nothing was shown). */
  notify(request: NotificationRequest): boolean;
  /** How many notifications are alive (kept referenced until clicked or closed). */
  live(): number;
}

/** Notifications still on screen; older ones are let go beyond this. */
const MAX_LIVE = 20;

/** Where a click on this kind of notification takes the user. */
export function clickTarget(kind: NotificationRequest['kind']): View | undefined {
  if (kind === 'missed-call') return 'history';
  // The renderer opens the chat of its newest notification when told to show 'chat'.
  if (kind === 'chat-message') return 'chat';
  return undefined;
}

export function notificationOptionsFor(request: NotificationRequest): NotificationOptions {
  return {
    title: request.title,
    body: request.body,
    // The renderer already rings for an incoming call; the notification must not add a second sound.
    silent: request.kind === 'incoming-call',
    urgency: request.kind === 'incoming-call' ? 'critical' : 'normal',
  };
}

export function createNotificationService({ isSupported, create, showWindow }: NotificationServiceOptions): NotificationService {
  // Electron drops a Notification's handlers when the object is garbage-collected: keep each one
  // referenced until it is clicked or closed.
  const live = new Map<NotificationHandle, string | undefined>();
  const incomingByCall = new Map<string, NotificationHandle>();

  function forget(handle: NotificationHandle): void {
    const callId = live.get(handle);
    live.delete(handle);
    if (callId !== undefined && incomingByCall.get(callId) === handle) incomingByCall.delete(callId);
  }

  return {
    notify(request) {
      if (!isSupported()) return false;
      const callId = request.kind === 'incoming-call' ? request.callId : undefined;
      // The same ringing call notified again (e.g. its name resolved): replace, don't stack.
      if (callId !== undefined) {
        const previous = incomingByCall.get(callId);
        if (previous) {
          forget(previous);
          previous.close();
        }
      }
      const handle = create(notificationOptionsFor(request));
      const view = clickTarget(request.kind);
      handle.on('click', () => {
        forget(handle);
        showWindow(view);
      });
      handle.on('close', () => forget(handle));
      handle.on('failed', () => forget(handle));
      live.set(handle, callId);
      if (callId !== undefined) incomingByCall.set(callId, handle);
      while (live.size > MAX_LIVE) forget(live.keys().next().value!);
      handle.show();
      return true;
    },
    live: () => live.size,
  };
}
