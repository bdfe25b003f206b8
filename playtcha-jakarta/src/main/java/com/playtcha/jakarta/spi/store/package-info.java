/**
 * SPI, stores: the contracts the cluster and Redis modules implement ({@code Budgets}, {@code LoginFailures},
 * {@code LedgerStore} and {@code SharedStore}, each with a {@code Provider} found through
 * {@code META-INF/services}), what a holder hands them ({@code Resources}), and what keeps them alike on every
 * node ({@code VerifierClock}, {@code AddressKey}, {@code AccountKey}'s hashes, {@code StoredEntry},
 * {@code TokenDigest}). Each type's Javadoc begins "SPI:" and says who implements or calls it.
 *
 * <p>May import: {@code core}; {@code spi} in {@code Resources}, whose Javadoc names the factory that hands
 * it on. Nothing of the web side nor of the doors.
 */
package com.playtcha.jakarta.spi.store;
