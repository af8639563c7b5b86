package io.postflight.contracts.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.DeployAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CdEventTypeTest {

    @ParameterizedTest
    @CsvSource({
        "dev.cdevents.service.deployed.0.1.0, DEPLOYED",
        "dev.cdevents.service.deployed.0.1.1, DEPLOYED",
        "dev.cdevents.service.deployed.0.2.0, DEPLOYED",
        "dev.cdevents.service.deployed.0.3.0, DEPLOYED",
        "dev.cdevents.service.deployed.0.3.0-draft, DEPLOYED",
        "dev.cdevents.service.upgraded.0.1.1, UPGRADED",
        "dev.cdevents.service.upgraded.0.2.0, UPGRADED",
        "dev.cdevents.service.rolledback.0.1.1, ROLLED_BACK",
        "dev.cdevents.service.rolledback.0.2.0, ROLLED_BACK",
    })
    void acceptedTypes(String type, DeployAction action) throws RejectedEventException {
        assertThat(CdEventType.actionOf(type)).isEqualTo(action);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "dev.cdevents.service.removed.0.2.0",
        "dev.cdevents.service.published.0.2.0",
        "dev.cdevents.environment.created.0.2.0",
        "dev.cdevents.service.deployed.1.0.0",
        "dev.cdevents.service.deployed",
        "dev.cdevents.service.deployed.0.2",
        "com.example.deployed",
    })
    void refusedTypes(String type) {
        try {
            CdEventType.actionOf(type);
            org.assertj.core.api.Assertions.fail("accepted " + type);
        } catch (RejectedEventException e) {
            assertThat(e.reason()).isEqualTo(RejectReason.UNKNOWN_TYPE);
            assertThat(e.getMessage()).contains("'" + type + "'").contains(CdEventType.ACCEPTED);
        }
    }

    @Test
    void sameEventIgnoresTheEventVersion() {
        CdEventType v011 = CdEventType.parse("dev.cdevents.service.deployed.0.1.1");

        assertThat(v011.version()).isEqualTo("0.1.1");
        assertThat(v011.sameEventAs(CdEventType.parse("dev.cdevents.service.deployed.0.2.0"))).isTrue();
        assertThat(v011.sameEventAs(CdEventType.parse("dev.cdevents.service.upgraded.0.1.1"))).isFalse();
        assertThat(v011.sameEventAs(null)).isFalse();
    }
}
