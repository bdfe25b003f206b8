/**
 * The Quarkus login guard: {@code QuarkusLoginGuard}, an identity provider of user names and passwords at the top
 * priority, decides every Quarkus Security password check by the SPI's login policy ({@code WebLogin}) before the
 * application's providers judge it, then asks them in the manager's order ({@code ProviderChain}, built from
 * {@code ApplicationProviders}, the one place that knows them) and counts what they answered; it reads a check's request
 * from the check, or where its caller forgot it, from {@code RequestsUnderWay}; {@code LoginRefusals} writes the JSON
 * envelope of a refusal for a client that prefers JSON; {@code QuarkusGuardSettings} is what it reads of the
 * configuration. What the guard cannot stand in front of fails the build ({@code GuardBuildCheck}, a CDI Lite extension:
 * a provider the application's code holds) or the start ({@code GuardStartCheck}: the Quarkus line, the providers, the
 * mechanisms, and what the build handed on in {@code BuildFindings}).
 *
 * <p>May import: {@code core}; the SPI's login policy ({@code spi.login}), its web side ({@code spi.web}), the login
 * protocol's names ({@code spi.door}) and the stores' contracts ({@code spi.store}); Quarkus's APIs
 * ({@code io.quarkus}: Security, its runtime SPI, Vert.x HTTP's routing context and mechanisms, ArC's client proxy, the
 * start event), Vert.x's ({@code io.vertx}), Mutiny's ({@code io.smallrye.mutiny}), SmallRye's Vert.x context locals
 * ({@code io.smallrye.common.vertx}), CDI's ({@code jakarta.enterprise}, its CDI Lite build API and language model
 * included; {@code jakarta.inject}) and MicroProfile Config's ({@code org.eclipse.microprofile.config}), all of which a
 * Quarkus application has. Never {@code internal}, {@code config}, {@code servlet} nor {@code cdi}.
 * It is a jar of its own, playtcha-jakarta-quarkus, beside the core, which names nothing of it.
 */
package com.playtcha.jakarta.quarkus;
