/**
 * The topology panel under the terminal: it draws the VM's real state, shows a cable made in
 * the terminal within two seconds, offers the same facts as text and on keyboard focus, draws
 * the exercise's target beside it, and asks the VM for nothing while closed.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LESSON_TWO, siteUrl, typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';

const openPage = useChromium({ needsVm: true });
let page: Page;
beforeAll(async () => {
  page = await openPage({ serviceWorkers: 'block' });
  await page.goto(siteUrl(LESSON_TWO));
});

const panel = (selector = '') => page.locator(`stacklab-topology ${selector}`.trim());
const current = (selector: string) => panel(`[data-part="current"] ${selector}`);

describe('the topology panel', () => {
  it('opens under the terminal and draws the host, its uplinks and the outside world', async () => {
    await waitForPrompt(page);
    expect(await panel('[data-action="toggle"]').getAttribute('aria-expanded')).toBe('false');
    await panel('[data-action="toggle"]').click();
    expect(await panel('[data-action="toggle"]').getAttribute('aria-expanded')).toBe('true');
    await current('g[data-if="/eth0"]').waitFor({ timeout: 60_000 });
    expect(await current('g[data-if="/eth1"]').getAttribute('class')).toContain('is-down');
    expect(await current('g[data-outside="outside:isp"]').count()).toBe(1);
    expect(await current('path[data-from="/eth0"][data-to="outside:isp"]').count()).toBe(1);
  });

  it('shows a veth pair made in the terminal, from the host into a namespace, within two seconds', async () => {
    // Timestamps taken in the page: when the command's output appears, and when the cable does.
    await page.evaluate(() => {
      const times: { made?: number; drawn?: number } = {};
      (window as unknown as { e2eTimes: typeof times }).e2eTimes = times;
      const cable = 'stacklab-topology [data-part="current"] path[data-from="/e2e-host"][data-to="e2e-topo/e2e-ns"]';
      new MutationObserver(() => {
        times.made ??= document.querySelector('.terminal-host .xterm-rows')?.textContent?.includes('E2E-MADE') ? performance.now() : undefined;
        times.drawn ??= document.querySelector(cable) ? performance.now() : undefined;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    // The quotes keep the typed line from matching: only the command's output reads E2E-MADE.
    await typeCommand(page, "ip netns add e2e-topo; ip link add e2e-host type veth peer name e2e-ns netns e2e-topo; echo E2E-''MADE");
    const times = () => page.evaluate(() => (window as unknown as { e2eTimes: { made?: number; drawn?: number } }).e2eTimes);
    await expect.poll(async () => (await times()).made !== undefined && (await times()).drawn !== undefined, { timeout: 30_000 }).toBe(true);
    const { made, drawn } = await times();
    const refreshes = await panel().evaluate((e) => (e as HTMLElement & { recentRefreshes: Array<{ at: number; totalMs: number; agentMs: number[]; changed: boolean }> }).recentRefreshes);
    const around = refreshes.filter((r) => r.at + r.totalMs > made! - 1_000).map((r) => `${Math.round(r.at - made!)}ms: ${r.changed ? 'collected' : 'checked'} in ${Math.round(r.totalMs)} ms (agent ${r.agentMs.join('+')} ms)`);
    console.log(`topology: the new cable was drawn ${Math.round(drawn! - made!)} ms after the command's output appeared; refreshes: ${around.join('; ')}`);
    expect(drawn! - made!).toBeLessThan(2_000);
    expect(await current('g[data-if="e2e-topo/e2e-ns"]').getAttribute('class')).toMatch(/is-down.*no-address/);
    await expect.poll(() => panel('[data-part="announce"]').textContent()).toContain('New cable: e2e-host in host to e2e-ns in e2e-topo');
  });

  it('marks the cable up once both ends are up and addressed', async () => {
    await typeCommand(page, 'ip addr add 10.77.0.1/24 dev e2e-host; ip link set e2e-host up; ip -n e2e-topo link set e2e-ns up');
    await expect.poll(() => current('path[data-from="/e2e-host"]').getAttribute('class'), { timeout: 20_000 }).not.toContain('is-down');
    await expect.poll(() => current('g[data-if="/e2e-host"]').getAttribute('class'), { timeout: 20_000 }).not.toContain('no-address');
  });

  it("shows an interface's addresses and routes on keyboard focus, and moves with the arrow keys", async () => {
    await current('g[data-if][tabindex="0"]').focus();
    await page.keyboard.press('End');
    const focused = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.if);
    expect(focused).toBe('e2e-topo/e2e-ns');
    await current('g[data-if="/e2e-host"]').focus();
    const details = panel('[data-part="details"]');
    await expect.poll(() => details.isVisible()).toBe(true);
    await expect.poll(() => details.innerText()).toMatch(/10\.77\.0\.1\/24[\s\S]*10\.77\.0\.0\/24 dev e2e-host/);
    await page.keyboard.press('Escape');
    expect(await details.isVisible()).toBe(false);
  });

  it('keeps the details open, with the new facts, when the VM changes under a focused interface; closed ones stay closed', async () => {
    const details = panel('[data-part="details"]');
    const focusedInterface = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.if);
    // The change lands while the learner is on the interface: the panel redraws under their focus.
    await typeCommand(page, 'sleep 2; ip addr add 10.77.0.9/24 dev e2e-host');
    await current('g[data-if="/e2e-host"]').focus();
    await expect.poll(() => details.isVisible()).toBe(true);
    await expect.poll(() => details.innerText(), { timeout: 20_000 }).toContain('10.77.0.9/24');
    expect(await details.isVisible()).toBe(true);
    expect(await focusedInterface()).toBe('/e2e-host');

    await typeCommand(page, 'sleep 2; ip addr del 10.77.0.9/24 dev e2e-host');
    await current('g[data-if="/e2e-host"]').focus();
    await expect.poll(() => details.isVisible()).toBe(true);
    const drawnBefore = await panel().getAttribute('data-updated');
    await page.keyboard.press('Escape');
    await expect.poll(() => panel().getAttribute('data-updated'), { timeout: 20_000 }).not.toBe(drawnBefore);
    expect(await current('g[data-if="/e2e-host"]').getAttribute('aria-label')).not.toContain('10.77.0.9');
    expect(await details.isVisible()).toBe(false);
    expect(await focusedInterface()).toBe('/e2e-host');
  });

  it('gives the same facts as text, reachable from the keyboard', async () => {
    await panel('[data-action="text"]').focus();
    await page.keyboard.press('Enter');
    expect(await panel('[data-action="text"]').getAttribute('aria-pressed')).toBe('true');
    try {
      const text = await current('').innerText();
      expect(text).toMatch(/e2e-topo\s+namespace/);
      expect(text).toContain('cable to e2e-ns in e2e-topo');
      expect(text).toContain('10.77.0.1/24');
    } finally {
      await panel('[data-action="text"]').click();
    }
    await current('svg').waitFor();
  });

  it("draws the exercise's target beside the current picture", async () => {
    await panel('[data-action="target"]').click();
    const target = panel('[data-part="target"]');
    await target.locator('svg').waitFor({ timeout: 10_000 });
    expect(await target.locator('g[data-ns="red"]').count()).toBe(1);
    expect(await target.locator('g[data-ns="blue"]').count()).toBe(1);
    await panel('[data-action="target"]').click();
    expect(await panel('[data-view="target"]').isVisible()).toBe(false);
  });

  it('asks the VM for nothing while closed', async () => {
    await panel('[data-action="toggle"]').click();
    await page.waitForTimeout(500);
    const before = await panel().getAttribute('data-refreshes');
    await page.waitForTimeout(2_000);
    expect(await panel().getAttribute('data-refreshes')).toBe(before);
    // Deleting the namespace takes its end of the cable, and so the host's end, with it.
    await typeCommand(page, "ip netns del e2e-topo; echo E2E-''CLEAN");
    await waitForTerminalText(page, /E2E-CLEAN/, 60_000);
  });
});
