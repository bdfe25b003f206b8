package com.playtcha.jakarta.internal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Setting;
import org.junit.jupiter.api.Test;

/** The core alone has no database ledger: naming a DataSource without the cluster module fails start-up, saying what to add. */
class SharedStoreTest {

    @Test
    void aDataSourceWithoutTheClusterModule_failsStartUp_namingTheKeyAndTheModule() {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_no_cluster").ledgerDataSource("java:comp/DefaultDataSource")
                .build();
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> PlaytchaVerifier.create(settings).close());
        assertEquals(Setting.LEDGER_DATASOURCE, e.setting());
        assertTrue(e.getMessage().startsWith("playtcha.ledger.datasource")
                && e.getMessage().contains("com.playtcha:playtcha-jakarta-cluster")
                && e.getMessage().contains("next to playtcha-jakarta"), e.getMessage());
    }
}
