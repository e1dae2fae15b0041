/** Signs a bench page in through the real form and waits until the status says registered. */
import type { Page } from '@playwright/test';

export async function signInAt(page: Page, base: string, wsPort: number, ext: string, timeoutMs = 30_000): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('Server').fill(`ws://127.0.0.1:${wsPort}`);
  await page.getByLabel('Extension').fill(ext);
  await page.getByLabel('Password', { exact: true }).fill(`pw${ext}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.reg[data-state="registered"]').waitFor({ timeout: timeoutMs });
}
