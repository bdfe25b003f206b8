package com.playtcha.jakarta.internal.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import org.junit.jupiter.api.Test;

/** Which budgets a verifier spends from: none, this node's, or the cluster module's, which the core alone does not have. */
class BudgetsTest {

    @Test
    void noSharedStore_isThisNodesBuckets_andOffIsNone() {
        PlaytchaSettings.Builder settings = PlaytchaSettings.builder("sk_test_budgets");
        Budgets budgets = Stores.budgets(settings.build(), VerifierClock.SYSTEM, "playtcha-verifier-test", Resources.NONE);
        assertInstanceOf(ClientBudgets.class, budgets);
        assertNull(budgets.away(), "nothing shared, nothing away");
        assertNull(Stores.budgets(settings.clientBudgetEnabled(false).clientBudgetCache("budgets").build(), VerifierClock.SYSTEM, "x", Resources.NONE));
    }

    @Test
    void aCacheWithoutTheClusterModule_failsStartUp_namingTheKeyAndTheModule() {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_budgets").clientBudgetCache("playtcha-budgets").build();
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> PlaytchaVerifier.create(settings).close());
        assertEquals(Setting.CLIENT_BUDGET_CACHE, e.setting());
        assertTrue(e.getMessage().contains("com.playtcha:playtcha-jakarta-cluster"), e.getMessage());
    }

    @Test
    void aDataSourceWithoutTheClusterModule_failsStartUp_alsoWithTheLedgerOff() {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_budgets").ledgerEnabled(false)
                .ledgerDataSource("java:comp/DefaultDataSource").build();
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> PlaytchaVerifier.create(settings).close());
        assertEquals(Setting.LEDGER_DATASOURCE, e.setting());
        assertTrue(e.getMessage().contains("client budgets") && e.getMessage().contains("com.playtcha:playtcha-jakarta-cluster"),
                e.getMessage());
    }
}
