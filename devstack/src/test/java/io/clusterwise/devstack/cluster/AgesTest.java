package io.clusterwise.devstack.cluster;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class AgesTest {

    @ParameterizedTest
    @CsvSource({
            "PT45S, 45s",
            "PT119S, 119s",
            "PT2M30S, 2m30s",
            "PT9M, 9m",
            "PT59M, 59m",
            "PT3H, 3h",
            "PT7H15M, 7h15m",
            "PT25H, 25h",
            "PT123H, 5d3h",
            "PT240H, 10d",
            "PT-0.5S, 0s"
    })
    void shouldWriteAgesAsKubectlDoesWhenDurationsVary(Duration age, String shown) {
        assertThat(Ages.human(age)).isEqualTo(shown);
    }
}
