/**
 * The starter's WebFlux side: {@link com.playtcha.jakarta.spring.webflux.PlaytchaWebFilter} guards the form
 * posts of a reactive web application from {@code playtcha.url-patterns}, reading the token from a header, a
 * form field or a multipart part without blocking and without taking the body from the application, and
 * {@link com.playtcha.jakarta.spring.webflux.ReactivePlaytchaVerifier} answers a {@code Mono} for code that
 * verifies by hand. Both verify through the verifier's non-blocking verify. Made by
 * {@code PlaytchaWebFluxAutoConfiguration}. The guide: docs/webflux.md.
 *
 * <p>May import: the library's {@code core}, {@code spi} (the web guard, the path decoder of {@code spi.door}) and
 * the multipart reader's {@code MultipartField} (no other class of {@code servlet.multipart}, and nothing of
 * {@code servlet}: a WebFlux application has no Servlet API), Spring's and Reactor's APIs and the JDK; never
 * {@code internal} nor {@code config}.
 */
package com.playtcha.jakarta.spring.webflux;
