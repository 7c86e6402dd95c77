import type { Core, Modules, UID } from '@strapi/strapi';

/**
 * The slice of a document-service middleware context we use. Strapi's own type is a union over
 * every content type and action, too wide to narrow usefully here.
 */
export interface DocumentActionContext {
  uid: UID.ContentType;
  action: string;
  contentType: { options?: { draftAndPublish?: boolean } };
  /** What the action was called with: the fields the middlewares read, the rest left unknown. */
  params: { documentId?: string; locale?: string; data?: Record<string, unknown>; [param: string]: unknown };
}

export type DocumentMiddleware = (ctx: DocumentActionContext, next: () => Promise<unknown>) => Promise<unknown>;

export type StrapiInstance = Core.Strapi;

/**
 * Registers a middleware written against `DocumentActionContext`. The only cast between our
 * middlewares and Strapi's type lives here.
 */
export function useDocumentMiddleware(strapi: Core.Strapi, middleware: DocumentMiddleware): void {
  // why: Strapi types a middleware's result as the union of every action's result over every
  // content type; ours return what `next` returned (or that action's own result), which the union
  // cannot express without generated content types.
  strapi.documents.use(middleware as Modules.Documents.Middleware.Middleware);
}
