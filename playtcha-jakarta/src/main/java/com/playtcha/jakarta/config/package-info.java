/**
 * Reads settings: a filter's init-params, MicroProfile Config when it is present, otherwise the
 * environment and Java system properties, then the defaults; precedence lives in
 * {@code SettingsLoader}. The only package that imports MicroProfile Config, and only after
 * checking that it is there.
 *
 * <p>May import: {@code core}. Not {@code servlet}, {@code cdi} or anything internal.
 */
package com.playtcha.jakarta.config;
