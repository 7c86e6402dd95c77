import type { Core } from '@strapi/strapi';
import type { RequestState } from '../editorial/review-status';
import type { PreviewTarget } from './preview-url';

/** The slice of the Content Manager's permission checker used here. */
interface ReadChecker {
  can: { read: (entity?: unknown) => boolean };
  cannot: { read: (entity?: unknown) => boolean };
}

/**
 * Whether the admin behind the current request may read this version of this document, decided as
 * the Content Manager decides when it opens one: the user's ability (role permissions with their
 * conditions, such as the community group's "is creator", and their locales) tested against the
 * stored document. Strapi's preview route only checks that someone is signed in to the admin, and
 * its handler gets no request: the request comes from Strapi's request context. Outside an admin
 * request (a script, a content-API call) the answer is no.
 */
export async function mayPreview(strapi: Core.Strapi, target: PreviewTarget): Promise<boolean> {
  const request = strapi.requestContext.get() as { state?: RequestState } | undefined;
  const userAbility = request?.state?.userAbility;
  if (!userAbility || request?.state?.auth?.strategy?.name !== 'admin') return false;

  const checker = strapi
    .plugin('content-manager')
    .service('permission-checker')
    .create({ userAbility, model: target.uid }) as ReadChecker;
  // No read permission on the type at all: no need to load anything.
  if (checker.cannot.read()) return false;

  const document = await strapi.documents(target.uid).findOne({
    documentId: target.documentId,
    locale: target.locale,
    status: target.status,
    // What conditions test: the creator, and the creator's roles ("has same role as creator").
    populate: { createdBy: { fields: ['id'], populate: { roles: { fields: ['id'] } } } },
  });
  return document != null && checker.can.read(document);
}
