package org.citywatch.analytics.alert;

/** The store contract on the embedded store. */
class InMemoryAlertStoreContractTest extends AlertStoreContract {

    @Override
    protected AlertStore newStore(int maxAlerts) {
        return new InMemoryAlertStore(maxAlerts);
    }
}
