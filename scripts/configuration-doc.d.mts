export declare const docPath: string;
export declare function configurationDoc(): Promise<string>;
