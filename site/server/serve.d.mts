import type { Server } from 'node:http';
export declare const securityHeaders: Record<string, string>;
export declare function createSiteServer(): Server;
