/**
 * The missed-call count on the app's icon: a dock badge on macOS, a launcher count on Linux
 * (Unity/KDE/… launchers that read it; elsewhere a no-op), an overlay on the taskbar button on
 * Windows (which has no numeric badge; the description carries the number for screen readers).
 */
import type { Language } from '../../src-preload/contract';
import { mainStrings } from '../app/strings';

export type BadgeDecision =
  | { kind: 'count'; count: number }
  | { kind: 'overlay'; show: boolean; description: string };

export function badgeFor(platform: NodeJS.Platform, missedCalls: number, language: Language): BadgeDecision {
  const count = Math.max(0, Math.floor(missedCalls));
  if (platform === 'win32') {
    return { kind: 'overlay', show: count > 0, description: count > 0 ? mainStrings(language).missedCalls(count) : '' };
  }
  return { kind: 'count', count };
}

/** app.setBadgeCount and the main window's setOverlayIcon, as main.ts wires them. */
export interface BadgePort {
  setBadgeCount(count: number): void;
  /** Shows the missed-call overlay image, or clears it (show=false). Needs a window; may no-op without one. */
  setOverlay(show: boolean, description: string): void;
}

export interface BadgeService {
  update(missedCalls: number, language: Language): void;
  /** Apply the last decision again, e.g. to a newly created main window. */
  reapply(): void;
}

export function createBadgeService({ platform, port }: { platform: NodeJS.Platform; port: BadgePort }): BadgeService {
  let last: BadgeDecision | null = null;

  const apply = (decision: BadgeDecision) => {
    if (decision.kind === 'count') port.setBadgeCount(decision.count);
    else port.setOverlay(decision.show, decision.description);
  };

  return {
    update(missedCalls, language) {
      const decision = badgeFor(platform, missedCalls, language);
      if (last && JSON.stringify(last) === JSON.stringify(decision)) return;
      last = decision;
      apply(decision);
    },
    reapply() {
      if (last) apply(last);
    },
  };
}
