/** One Chromium process per party, so that each has its own fake microphone tone. */
import { chromium, type Browser, type Page } from '@playwright/test';
import { ensureTone } from './tones';

export const CHROMIUM = process.env.OFFHOOK_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumArgs(toneFile?: string): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    ...(toneFile ? [`--use-file-for-fake-audio-capture=${toneFile}`] : []),
  ];
}

export async function launchParty(toneHz: number): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(ensureTone(toneHz)) });
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: 'en-US' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page ${toneHz} Hz]`, e));
  return { browser, page };
}
