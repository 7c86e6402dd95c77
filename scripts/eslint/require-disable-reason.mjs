/**
 * A local ESLint rule: every `eslint-disable*` comment must say why after ` -- ` (ESLint's own
 * description syntax), so a silenced check always carries its reason to the next reader.
 * Turning a rule off for a whole part of the code belongs in eslint.config.mjs, with a comment.
 */

/** `eslint-disable`, `eslint-disable-line`, `eslint-disable-next-line`, at the start of a comment. */
const DIRECTIVE = /^\s*eslint-disable(?:-line|-next-line)?(?:\s|$)/;
/** ESLint reads what follows ` -- ` (two dashes with whitespace before) as the description. */
const REASON = /\s--\s+\S/;

/** @type {import('eslint').Rule.RuleModule} */
export const requireDisableReason = {
  meta: {
    type: 'suggestion',
    docs: { description: 'Require a reason (`-- because …`) on every eslint-disable comment' },
    schema: [],
    messages: {
      missingReason: 'Say why this check is disabled: `{{directive}} -- <reason>`.',
    },
  },
  create(context) {
    return {
      Program() {
        for (const comment of context.sourceCode.getAllComments()) {
          if (!DIRECTIVE.test(comment.value) || REASON.test(comment.value)) continue;
          const directive = comment.value.trim().split(/\s/)[0] ?? 'eslint-disable';
          context.report({ loc: comment.loc ?? { line: 1, column: 0 }, messageId: 'missingReason', data: { directive } });
        }
      },
    };
  },
};

/** The plugin object eslint.config.mjs registers as `local`. */
export default { rules: { 'require-disable-reason': requireDisableReason } };
