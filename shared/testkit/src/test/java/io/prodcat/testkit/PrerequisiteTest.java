package io.prodcat.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class PrerequisiteTest {

    @Test
    void aMissingPrerequisiteSkipsOnADevelopersMachineAndFailsUnderCi() {
        assertThatCode(() -> Prerequisite.require(true, "anything", true)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Prerequisite.require(false, "../shared/data is absent", false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("../shared/data is absent");
        assertThatThrownBy(() -> Prerequisite.require(false, "../shared/data is absent", true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("../shared/data is absent")
                .hasMessageContaining("CI=true");
    }
}
