import type { IncomingMessage, ServerResponse } from 'node:http';

export interface PreviewConfig {
  secret: string;
  apiToken: string;
  cmsUrl: string;
  frameAncestors: string[];
}
export declare const PREVIEW_PATH: '/apercu/';
export declare function previewConfig(env: Record<string, string | undefined>): PreviewConfig | null;
export interface PreviewTarget {
  type: string;
  documentId: string;
  locale: string;
  status: string;
}
export type PreviewCheck = { ok: true; target: PreviewTarget } | { ok: false; failure: 'refused' | 'expired' | 'bad-request' };
export declare function previewSignature(secret: string, target: PreviewTarget, exp: string): string;
export declare function signPreviewQuery(secret: string, target: PreviewTarget, exp: number): URLSearchParams;
export declare function verifyPreviewQuery(query: URLSearchParams, secret: string, now?: number): PreviewCheck;
export declare function previewHeaders(config: PreviewConfig, securityHeaders: Record<string, string>): Record<string, string>;
export declare function answerPreview(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  config: PreviewConfig,
  securityHeaders: Record<string, string>,
  rendererOptions?: { dataStoreFile?: string },
): Promise<void>;
