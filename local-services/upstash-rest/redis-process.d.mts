export function hasRedisServer(): boolean;
export function startRedisServer(port: number): Promise<{ port: number; stop: () => Promise<void> }>;
