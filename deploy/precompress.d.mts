export declare function precompressDir(dir: string): number;
