/**
 * The starter's WebFlux side: {@link com.playtcha.jakarta.spring.webflux.PlaytchaWebFilter} guards the form
 * posts of a reactive web application from {@code playtcha.url-patterns}, reading the token from a header, a
 * form field or a multipart part without blocking and without taking the body from the application, and
 * {@link com.playtcha.jakarta.spring.webflux.ReactivePlaytchaVerifier} answers a {@code Mono} for code that
 * verifies by hand. Both verify through the verifier's non-blocking verify. Made by
 * {@code PlaytchaWebFluxAutoConfiguration}. The guide: docs/webflux.md.
 *
 * <p>May import: {@code core}; the SPI's web guard ({@code spi.web}) and its path decoder ({@code spi.door});
 * {@code spi.store} in {@code PlaytchaWebFilter} (its {@code LogThrottle});
 * the multipart reader ({@code servlet.multipart}), its JDK-only {@code MultipartField} alone; Spring's and
 * Reactor's APIs ({@code org.springframework}, {@code reactor.core}, {@code org.reactivestreams}); Reactor
 * Netty's {@code reactor.netty} in {@code ExchangeLoop}, which loads it only where it is present. Nothing of
 * {@code servlet} (a WebFlux application has no Servlet API), never {@code internal} nor {@code config}.
 */
package com.playtcha.jakarta.spring.webflux;
