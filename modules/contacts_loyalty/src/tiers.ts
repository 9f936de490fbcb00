/** Loyalty tiers by points: bronze below 100, silver below 500, gold from 500. */
export type Tier = 'bronze' | 'silver' | 'gold';

export const TIERS: readonly { tier: Tier; from: number }[] = [
  { tier: 'gold', from: 500 },
  { tier: 'silver', from: 100 },
  { tier: 'bronze', from: 0 },
];

export function tierOf(points: number): Tier {
  return TIERS.find((t) => points >= t.from)?.tier ?? 'bronze';
}
