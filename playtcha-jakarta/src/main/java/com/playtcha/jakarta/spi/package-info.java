/**
 * The library's service provider interface: what its own other jars implement or call (the cluster
 * module, the Jakarta Security module, the Spring Boot starter), and nothing else. A contract between
 * jars of one release: versioned with the library, a jar of another version is not supported. Not for
 * applications, which use {@code core} and the integrations. See design/spi.md.
 *
 * <p>May import: {@code core} and the JDK; {@code Holders} alone names the engine's one factory.
 */
package com.playtcha.jakarta.spi;
