/** Screenshots for people to look at, with a check that every visible control has an accessible name. */
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS } from './env';

export const SHOTS = join(ARTIFACTS, 'screens');

export const LOOKS = [
  ['en', 'light'],
  ['en', 'dark'],
  ['zh-CN', 'light'],
  ['zh-CN', 'dark'],
] as const;

/** Controls a screen reader could not name. */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const named = (el: Element): boolean => {
      const label = el.getAttribute('aria-label') ?? '';
      const labelledBy = el.getAttribute('aria-labelledby');
      const id = el.getAttribute('id');
      const forLabel = id ? document.querySelector(`label[for="${id}"]`) : null;
      const wrapped = el.closest('label');
      return Boolean(label.trim() || labelledBy || forLabel || wrapped || (el.textContent ?? '').trim());
    };
    return [...document.querySelectorAll('button, input, select, textarea, a[href]')]
      .filter((el) => (el as HTMLElement).offsetParent !== null && !named(el))
      .map((el) => el.outerHTML.slice(0, 120));
  });
}

export async function look(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(150); // let transitions settle
  await page.mouse.move(0, 0); // no hover highlight in the picture
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  expect(await unnamedControls(page), `unnamed controls on ${name}`).toEqual([]);
}

/**
 * Switches language and theme live through Settings (no reload, so calls in progress stay up),
 * then returns to `view`.
 */
export async function switchLook(page: Page, language: 'en' | 'zh-CN', theme: 'light' | 'dark', view = 'phone'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.evaluate(() => (location.hash = '#settings'));
  await page.locator('#language').selectOption(language);
  await page.locator('#theme').selectOption(theme);
  await page.evaluate((v) => (location.hash = `#${v}`), view);
}
