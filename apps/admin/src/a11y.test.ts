import { describe, expect, it } from 'vitest';
import { mendHeadings } from './a11y';

describe('mendHeadings', () => {
  it('gives a lone heading a level and takes the role off a heading that wraps another', () => {
    document.body.innerHTML = '<div class="n-card-header" role="heading"><div class="n-card-header__main" role="heading">Sign in</div></div><h2 role="heading" aria-level="2">kept</h2>';
    mendHeadings();
    expect(document.querySelector('.n-card-header')!.hasAttribute('role')).toBe(false);
    expect(document.querySelector('.n-card-header__main')!.getAttribute('aria-level')).toBe('3');
    expect(document.querySelector('h2')!.getAttribute('aria-level')).toBe('2');
  });
});
