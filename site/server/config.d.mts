import type { z } from 'zod';
import type { PreviewConfig } from './preview.mjs';

export declare const siteServerSchema: z.ZodObject<Record<string, z.ZodTypeAny>>;
export interface SiteServerConfig {
  siteDir: string;
  host: string;
  port: number;
  cmsUrl: URL | null;
  cmsPublicUrl: string;
  siteIsHttps: boolean;
  preview: PreviewConfig | null;
  previewDataStore: string | undefined;
}
export declare function siteServerConfig(env?: Record<string, string | undefined>): SiteServerConfig;
