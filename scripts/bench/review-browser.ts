/**
 * What the review benchmark measures inside the page, in Chromium: key presses dispatched as
 * real KeyboardEvents, timed from dispatch to the first frame painted after the console's
 * cursor (or queue) changed.
 */
import type { Page } from '@playwright/test';

/** Per press: until the DOM showed the change (the console's work), and until the next frame. */
export interface PressTimes {
  update: number[];
  frame: number[];
}

/**
 * Presses `key` `times` times. For each press: the time from dispatch until the DOM showed the
 * moved cursor (a MutationObserver sees it), and until the next animation frame after that.
 */
export function timeKeyPresses(
  page: Page,
  key: { key: string; code: string },
  times: number,
): Promise<PressTimes> {
  return page.evaluate(
    async ({ key, times }) => {
      const grid = document.querySelector('[role="grid"]');
      if (!grid) throw new Error('no review grid on the page');
      const currentId = () =>
        document
          .querySelector('[data-testid="review-row"][aria-current="true"]')
          ?.getAttribute('data-item-id') ?? null;
      const update: number[] = [];
      const frame: number[] = [];
      for (let index = 0; index < times; index += 1) {
        const before = currentId();
        if (before === null) break;
        const changed = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            if (currentId() !== before) {
              observer.disconnect();
              resolve(performance.now());
            }
          });
          observer.observe(grid, { subtree: true, attributes: true, childList: true });
        });
        const started = performance.now();
        window.dispatchEvent(
          new KeyboardEvent('keydown', { key: key.key, code: key.code, bubbles: true }),
        );
        const updatedAt = await Promise.race([
          changed,
          new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), 2000)),
        ]);
        if (Number.isNaN(updatedAt)) break;
        await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        update.push(updatedAt - started);
        frame.push(performance.now() - started);
      }
      return { update, frame };
    },
    { key, times },
  );
}

/** Sends one batch of decisions through the app's tRPC endpoint; returns the round trip in ms. */
export function timeBatch(
  page: Page,
  reviewItemIds: string[],
): Promise<{ ms: number; ok: number }> {
  return page.evaluate(async (ids) => {
    const started = performance.now();
    const response = await fetch('/api/trpc/review.decide', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        json: { decisions: ids.map((reviewItemId) => ({ reviewItemId, verdict: 'approved' })) },
      }),
    });
    const body = (await response.json()) as { result?: { data?: { json?: { ok: boolean }[] } } };
    return {
      ms: performance.now() - started,
      ok: (body.result?.data?.json ?? []).filter((result) => result.ok).length,
    };
  }, reviewItemIds);
}
