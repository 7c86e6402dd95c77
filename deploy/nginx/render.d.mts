export declare const nginxDir: string;
export declare function renderNginxConfig(options: {
  listen: string;
  siteRoot: string;
  runDir: string;
  logDir?: string;
  cmsServers: string[];
  cmsPublicUrl?: string;
  modulesDir?: string;
  workerProcesses?: string;
  user?: string;
  maxFails?: number;
  failTimeout?: string;
  adminMaxBody?: string;
}): string;
