/**
 * SPI, servlet side: the web side through the Servlet API, once for every integration that answers so: a request read
 * ({@code ServletRequestView}), a rejection written ({@code ServletRejection}), a login's answer told to the client
 * and the page ({@code ServletLoginAnswer}, over {@code spi.web}'s renderer). Each type's Javadoc begins "SPI:".
 *
 * <p>May import: {@code core}; {@code spi.web}; {@code spi.login}, whose account a request names;
 * {@code spi.door}, its header names; the Servlet API ({@code jakarta.servlet}).
 */
package com.playtcha.jakarta.spi.servlet;
