/**
 * Only pages from the app's own origin may call main. A frame that navigated elsewhere, an
 * injected iframe or a destroyed frame (no URL) is refused.
 */
import { isSameOrigin } from '../app/app-origin';

export type SenderCheck = (frameUrl: string | null | undefined) => boolean;

export function createSenderCheck(appOrigin: string): SenderCheck {
  return (frameUrl) => isSameOrigin(frameUrl, appOrigin);
}
