/**
 * The rules of alerts by neighbourhood that the privacy page states and the CMS applies: one
 * definition, so what we say is what we do.
 */

/** A confirmation link works this long; an alert request never confirmed is erased after it. */
export const alertConfirmationDays = 7;

/** Confirmation messages one email or number can receive in 24 hours, whoever asks: no flooding anyone through us. */
export const alertConfirmationsPerDay = 3;
