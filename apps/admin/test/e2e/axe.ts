// axe-core in the page: the violations a person using a screen reader or the keyboard would hit.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export interface Violation { id: string; impact: string; help: string; nodes: string[] }

/** Serious and critical violations of WCAG 2.x A/AA rules on the page as it is now. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  // Colours are checked as they end up, not halfway through naive-ui's fade-in transitions.
  await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; animation: none !important; }' });
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}
