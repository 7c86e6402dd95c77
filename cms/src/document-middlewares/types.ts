import type { Core } from '@strapi/strapi';

/**
 * The slice of a document-service middleware context we use. Strapi's own type is a union over
 * every content type and action, too wide to narrow usefully here.
 */
export interface DocumentActionContext {
  uid: string;
  action: string;
  contentType: { options?: { draftAndPublish?: boolean } };
  params: Record<string, any>;
}

export type DocumentMiddleware = (ctx: DocumentActionContext, next: () => Promise<unknown>) => Promise<unknown>;

export type StrapiInstance = Core.Strapi;
