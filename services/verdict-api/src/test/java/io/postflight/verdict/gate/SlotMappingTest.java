package io.postflight.verdict.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlotMappingTest {

    @Test
    void byDefaultTheNameIsTheServiceAndTheNamespaceTheEnvironment() {
        assertThat(new SlotMapping(List.of()).slotOf("prod", "shop")).isEqualTo("shop/prod");
    }

    @Test
    void aConfiguredEntryNamesTheSlot() {
        SlotMapping mapping = new SlotMapping(List.of("shop-prod/storefront = shop/prod", "test/podinfo=podinfo/staging"));
        assertThat(mapping.slotOf("shop-prod", "storefront")).isEqualTo("shop/prod");
        assertThat(mapping.slotOf("test", "podinfo")).isEqualTo("podinfo/staging");
        assertThat(mapping.slotOf("test", "other")).as("others keep the default").isEqualTo("other/test");
    }

    @Test
    void malformedOrDuplicateEntriesAreRefusedAtStartUp() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SlotMapping(List.of("shop=shop/prod")))
                .withMessageContaining("namespace/name=service/environment");
        assertThatIllegalArgumentException().isThrownBy(() -> new SlotMapping(List.of("a/b=c/")));
        assertThatIllegalArgumentException().isThrownBy(() -> new SlotMapping(List.of("a/b=c/d=e")));
        assertThatIllegalArgumentException().isThrownBy(() -> new SlotMapping(List.of("a/b=c/d", "a/b=e/f")))
                .withMessageContaining("mapped twice");
    }
}
