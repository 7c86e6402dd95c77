import type { Server } from 'node:http';
import type { SiteServerConfig } from './config.mjs';
export declare const securityHeadersFor: (cmsPublicUrl: string) => Record<string, string>;
export declare function createSiteServer(config: SiteServerConfig): Server;
export declare const MAX_FORM_BYTES: number;
export declare const UPLOAD_PATH: string;
export declare const MAX_UPLOAD_BYTES: number;
export declare function sameSitePath(target: unknown): string | null;
