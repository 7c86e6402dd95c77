import { errors } from '@strapi/utils';
import { normaliseEmail, normalisePhone } from '@passerelle/shared/participation';
import type { DocumentMiddleware } from '../../document-middlewares/types';
import { practitionerUid } from './sessions';

/**
 * A member's email and mobile are stored in one spelling (lower-case email, E.164 mobile), however
 * an OC typed them: sign-in matches on them, and so do the Law 25 export and erasure, which find a
 * person by the exact stored phone. A value that is neither is refused with a message in the admin.
 */
const messages = {
  email: 'Le courriel n’est pas valide, par exemple nom@groupe.org (not a valid email).',
  phone: 'Le cellulaire doit être un numéro nord-américain à 10 chiffres, par exemple 514 555-1234 (not a valid North American mobile number).',
  contact: 'Indiquez un courriel ou un cellulaire : la personne se connecte avec l’un des deux (an email or a mobile is required).',
};

function refuse(path: string, message: string): never {
  throw new errors.ValidationError(message, { errors: [{ path: [path], message, name: 'ValidationError' }] });
}

export function normaliseMembers(): DocumentMiddleware {
  return async (ctx, next) => {
    if (ctx.uid !== practitionerUid || (ctx.action !== 'create' && ctx.action !== 'update')) return next();
    const data = (ctx.params.data ?? {}) as Record<string, unknown>;
    for (const [field, normalise] of [
      ['email', normaliseEmail],
      ['phone', normalisePhone],
    ] as const) {
      if (!(field in data)) continue;
      const value = typeof data[field] === 'string' ? data[field].trim() : data[field];
      if (value === '' || value === null || value === undefined) data[field] = null;
      else data[field] = (typeof value === 'string' && normalise(value)) || refuse(field, messages[field]);
    }
    if (ctx.action === 'create' && !data.email && !data.phone) refuse('email', messages.contact);
    ctx.params.data = data;
    return next();
  };
}
