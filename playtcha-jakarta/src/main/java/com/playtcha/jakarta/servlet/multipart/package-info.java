/**
 * The filter's multipart reader: finds one field of a {@code multipart/form-data} body for servlets
 * without {@code @MultipartConfig}, reading no more of the body than it must and handing it on intact
 * ({@code MultipartPrefix}), its headers read strictly ({@code HeaderParameters}), what two parsers could
 * read two ways refused. Why it reads as it does: design/multipart.md.
 *
 * <p>Public: {@code MultipartPrefix}, for {@code servlet}: {@code find} (and its {@code Found}, {@code Unread},
 * {@code MAX_PREFIX_BYTES}) and {@code printable}; and {@code MultipartField}, the same reading fed buffers instead
 * of a stream, for a caller that must not block (the Spring Boot starter's WebFlux filter), and its {@code charset}. The
 * scanner, the delimiter search, the part headers and the header parser are package-private.
 *
 * <p>May import: the Servlet API ({@code jakarta.servlet}) in {@code MultipartPrefix}, the one class a
 * servlet calls; the others, {@code MultipartField} among them, the JDK alone, since a WebFlux application has
 * no Servlet API. Nothing of the library's own: not {@code servlet}, which calls it, not {@code core},
 * {@code config}, {@code spi} nor anything internal, so that the reader can be read and tested as a parser alone.
 */
package com.playtcha.jakarta.servlet.multipart;
