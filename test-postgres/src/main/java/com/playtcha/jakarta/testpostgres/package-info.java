/**
 * Test support, never published: a real PostgreSQL server started from zonky's binaries on Maven
 * Central ({@link com.playtcha.jakarta.testpostgres.TestPostgres}) and JNDI outside a container
 * ({@link com.playtcha.jakarta.testpostgres.TestNaming}), shared by the library's tests, the
 * integration tests and the ledger benchmark, so that the three do not each keep a copy.
 */
package com.playtcha.jakarta.testpostgres;
