// Types for the tests that import the rule (tests/unit/lint-disable-reason.unit.test.ts).
import type { ESLint, Rule } from 'eslint';

export declare const requireDisableReason: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
