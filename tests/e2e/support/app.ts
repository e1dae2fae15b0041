/** Page-object helpers: what a person does in Offhook, by accessible names. */
import { expect, type Page } from '@playwright/test';
import { APP_URL, PBX_WS_URL } from './env';

export async function signIn(page: Page, extension: string, password = `pw${extension}`): Promise<void> {
  await page.goto(APP_URL);
  await page.getByLabel('Server').fill(PBX_WS_URL);
  await page.getByLabel('Extension').fill(extension);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function expectOnline(page: Page): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: 'Online' })).toBeVisible();
}

export async function dial(page: Page, target: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search or dial' }).fill(target);
  await page.getByRole('button', { name: 'Call', exact: true }).click();
}

export function callPanel(page: Page) {
  return page.getByRole('region', { name: 'Current call' });
}

/** The call's own status line (the panel has other live regions: transfer progress, quality warnings). */
export function callStatus(page: Page) {
  return callPanel(page).getByRole('status').first();
}

export async function expectInCall(page: Page): Promise<void> {
  await expect(callStatus(page)).toHaveText('In call');
}

export async function hangUpAll(...pages: Page[]): Promise<void> {
  for (const page of pages) {
    for (let i = 0; i < 3; i++) {
      const hangUp = page.getByRole('button', { name: 'Hang up', exact: true });
      const endHeld = page.getByRole('button', { name: 'End held call' });
      const decline = page.getByRole('button', { name: 'Decline', exact: true });
      if (await endHeld.isVisible()) await endHeld.click();
      else if (await hangUp.isVisible()) await hangUp.click();
      else if (await decline.isVisible()) await decline.click();
      else break;
      await page.waitForTimeout(150);
    }
  }
}

/** A screenshot of the whole (scrolling) work area: the viewport is made tall for the picture. */
export async function screenshotTall(page: Page, path: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1100, height: 760 };
  await page.setViewportSize({ width: size.width, height: 2200 });
  await page.waitForTimeout(100);
  await page.screenshot({ path });
  await page.setViewportSize(size);
}
