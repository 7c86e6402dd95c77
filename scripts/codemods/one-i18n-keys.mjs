/**
 * How the keys of the two former string tables map to the one dictionary (shared/src/i18n/).
 * Shared by the codemod and by its check. Keys become camelCase (`err_name_required` →
 * `errNameRequired`, `callKind_public_meeting` → `callKindPublicMeeting`); the three keys that
 * existed in both tables are settled explicitly below.
 */

export const camel = (key) => key.replace(/_([a-zA-Z0-9])/g, (_, c) => c.toUpperCase());

/**
 * Same key, different text: both sides get a new name, so that a call site the codemod missed
 * fails the type check (or the site build) instead of silently showing the other text.
 */
export const uiRenames = { phone: 'contactPhone', postalCodeHint: 'postalCodeFsaHint' };
export const participationRenames = { phone: 'petitionPhone', postalCodeHint: 'petitionPostalCodeHint' };
/** Same key, same text in both languages (`email`: Courriel / Email): one key serves both. */
export const sharedKeys = ['email'];

export const newUiKey = (key) => uiRenames[key] ?? camel(key);
export const newParticipationKey = (key) => participationRenames[key] ?? camel(key);
