// Every unit test fails when its fixtures or the admin's requests left @hub/api's contract
// (test/helpers/fakeHub.ts records what).
import { afterEach } from 'vitest';
import { takeViolations } from '../helpers/fakeHub';

afterEach(() => {
  const found = takeViolations();
  if (found.length) throw new Error(`Outside the @hub/api contract:\n  ${[...new Set(found)].join('\n  ')}`);
});
