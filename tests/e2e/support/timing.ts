/**
 * In-page timing of "Call pressed → In call shown", run inside the page (no test-runner round trips).
 * Types the number first like a person, which lets the app warm the microphone.
 */
export async function placeCallTimed(target: string): Promise<number> {
  const box = document.querySelector<HTMLInputElement>('input[type="search"]')!;
  box.focus();
  box.value = target;
  box.dispatchEvent(new Event('input'));
  await new Promise((r) => setTimeout(r, 300));
  const button = document.querySelector<HTMLButtonElement>('button[aria-label="Call"]')!;
  const inCall = (): boolean =>
    [...document.querySelectorAll('.call-panel')].some((p) => p.querySelector('.status')?.textContent?.trim() === 'In call');
  const t0 = performance.now();
  button.click();
  await new Promise<void>((resolve) => {
    const observer = new MutationObserver(() => {
      if (inCall()) {
        observer.disconnect();
        resolve();
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return performance.now() - t0;
}

/** The far end presses Answer the moment the button appears (in the page, no runner round trip). */
export function autoAnswerInPage(): void {
  new MutationObserver(() => {
    const answer = document.querySelector<HTMLButtonElement>('button[aria-label="Answer"]');
    if (answer && !answer.dataset.autoAnswered) {
      answer.dataset.autoAnswered = '1';
      answer.click();
    }
  }).observe(document.body, { subtree: true, childList: true });
}
