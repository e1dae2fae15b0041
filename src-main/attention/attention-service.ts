/**
 * Draws the user's eye to a ringing call without taking focus away from what they are typing:
 * flash the taskbar entry, bounce the macOS dock, and bring a minimised window back inactive.
 */
import type { AttentionRequest } from '../../src-preload/contract';

/** The part of BrowserWindow used here. */
export interface AttentionWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  isVisible(): boolean;
  isFocused(): boolean;
  showInactive(): void;
  flashFrame(flag: boolean): void;
}

/** app.dock on macOS; absent elsewhere. */
export interface DockPort {
  bounce(type: 'critical'): number;
  cancelBounce(id: number): void;
}

export interface AttentionService {
  drawAttention(request: AttentionRequest): void;
  /** Stop flashing and bouncing, e.g. when the window closes. */
  stop(): void;
}

export interface AttentionServiceOptions {
  getWindow: () => AttentionWindow | null;
  dock?: DockPort | null;
  /**
   * Whether a hidden or minimised window is brought back (inactive) for a ringing call. When the
   * incoming-call popup is on, the popup is the surface and the window stays in the tray; the
   * taskbar entry still flashes. Default: always.
   */
  raiseHiddenWindow?: () => boolean;
}

export function createAttentionService({ getWindow, dock, raiseHiddenWindow = () => true }: AttentionServiceOptions): AttentionService {
  let ringing = false;
  let flashing = false;
  let bounceId: number | null = null;

  const liveWindow = (): AttentionWindow | null => {
    const win = getWindow();
    return win && !win.isDestroyed() ? win : null;
  };

  function start(): void {
    // Repeated "ringing" (several calls, re-renders) must not stack bounces or re-raise.
    if (ringing) return;
    ringing = true;
    const win = liveWindow();
    if (win) {
      if ((win.isMinimized() || !win.isVisible()) && raiseHiddenWindow()) win.showInactive();
      if (!win.isFocused()) {
        win.flashFrame(true);
        flashing = true;
      }
    }
    // 'critical' keeps bouncing until the app is activated or the bounce is cancelled.
    if (dock) bounceId = dock.bounce('critical');
  }

  function stop(): void {
    ringing = false;
    if (flashing) {
      liveWindow()?.flashFrame(false);
      flashing = false;
    }
    if (dock && bounceId !== null) {
      dock.cancelBounce(bounceId);
    }
    bounceId = null;
  }

  return {
    drawAttention: (request) => (request.ringing ? start() : stop()),
    stop,
  };
}
