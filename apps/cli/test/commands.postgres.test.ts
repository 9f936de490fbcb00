import { accountsSuite } from './suites/accounts.js';
import { commandsSuite } from './suites/commands.js';

commandsSuite('postgres');
accountsSuite('postgres');
