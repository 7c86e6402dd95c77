import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import { requireDisableReason } from '../../scripts/eslint/require-disable-reason.mjs';

// RuleTester declares its own cases through the test framework's describe/it.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

new RuleTester().run('require-disable-reason', requireDisableReason, {
  valid: [
    'run(); // no directive at all',
    '// eslint-disable-next-line no-undef -- a global the page script provides\nrun();',
    'run(); // eslint-disable-line no-undef -- a global the page script provides',
    '/* eslint-disable no-undef -- globals of the browser test page */\nrun();\n/* eslint-enable no-undef */',
    '// a comment that mentions eslint-disable in passing',
  ],
  invalid: [
    {
      code: '// eslint-disable-next-line no-undef\nrun();',
      errors: [{ messageId: 'missingReason', data: { directive: 'eslint-disable-next-line' } }],
    },
    {
      code: 'run(); // eslint-disable-line no-undef',
      errors: [{ messageId: 'missingReason', data: { directive: 'eslint-disable-line' } }],
    },
    {
      code: '/* eslint-disable no-undef */\nrun();\n/* eslint-enable no-undef */',
      errors: [{ messageId: 'missingReason', data: { directive: 'eslint-disable' } }],
    },
  ],
});
