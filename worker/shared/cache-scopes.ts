/**
 * Epoch scopes (RateLimiter.admit / CacheService): a user's cached sessions and profile share one.
 * Named here, in shared/, because both ends use it: http/ reads the epoch with the rate limit,
 * the services bump it when they change what is cached.
 */
export const cacheScopes = {
  user: (userId: string) => `user:${userId}`,
};
