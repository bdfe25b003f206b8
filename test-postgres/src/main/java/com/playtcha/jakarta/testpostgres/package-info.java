/**
 * Test support, never published: a real PostgreSQL server started from zonky's binaries on Maven
 * Central ({@link com.playtcha.jakarta.testpostgres.TestPostgres}) and JNDI outside a container
 * ({@link com.playtcha.jakarta.testpostgres.TestNaming}), shared by the library's tests, the
 * integration tests, the Spring test modules and the ledger benchmark, so that they do not each keep a
 * copy. The module's other package, {@link com.playtcha.jakarta.testredis}, does the same for Redis.
 */
package com.playtcha.jakarta.testpostgres;
