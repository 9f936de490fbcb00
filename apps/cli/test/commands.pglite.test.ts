import { accountsSuite } from './suites/accounts.js';
import { commandsSuite } from './suites/commands.js';

commandsSuite('pglite');
accountsSuite('pglite');
