export function startUpstashRest(opts: { port: number; host?: string; redisUrl: string; token: string }): Promise<{ url: string; close: () => Promise<void> }>;
