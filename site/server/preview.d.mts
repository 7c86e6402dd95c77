import type { IncomingMessage, ServerResponse } from 'node:http';

export interface PreviewConfig {
  secret: string;
  apiToken: string;
  cmsUrl: string;
  frameAncestors: string[];
}
export declare const PREVIEW_PATH: '/apercu/';
export declare function previewConfig(env?: NodeJS.ProcessEnv): PreviewConfig | null;
export declare function secretMatches(given: string | null | undefined, expected: string): boolean;
export declare function previewHeaders(config: PreviewConfig, securityHeaders: Record<string, string>): Record<string, string>;
export declare function answerPreview(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  config: PreviewConfig,
  securityHeaders: Record<string, string>,
): Promise<void>;
