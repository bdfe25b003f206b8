/**
 * Test support, never published: a real {@code redis-server} as a child process
 * ({@link com.playtcha.jakarta.testredis.RedisServer}), shared by the Spring Boot starter's test modules
 * (the application's own Redis, two reactive login nodes on one Redis) and examples/quarkus-login (two
 * instances on one Redis) so that they do not each keep a copy. It imports only the JDK and JUnit's assumptions (a test is skipped where redis-server is not
 * installed), nothing of the library or of a Redis client.
 */
package com.playtcha.jakarta.testredis;
