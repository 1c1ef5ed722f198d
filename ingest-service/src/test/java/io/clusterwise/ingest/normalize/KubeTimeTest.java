package io.clusterwise.ingest.normalize;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class KubeTimeTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-20T09:04:51Z", "2026-11-20T09:04:51.123456Z", "2026-11-20T09:04:51.5Z",
            "2024-02-29T23:59:59.999999999Z", "2026-11-20T10:04:51+01:00", "1970-01-01T00:00:00Z"})
    void shouldReadLikeTheGeneralParserWhenTimestampIsRfc3339(String timestamp) {
        assertThat(KubeTime.parse(timestamp)).isEqualTo(OffsetDateTime.parse(timestamp).toInstant());
    }

    @ParameterizedTest
    @CsvSource({"2026-02-30T09:04:51Z", "2026-13-20T09:04:51Z", "2026-11-20 09:04:51Z", "2026-11-20T09:04:5xZ",
            "yesterday"})
    void shouldTreatTimestampAsAbsentWhenItIsNotRfc3339(String timestamp) {
        assertThat(KubeTime.parse(timestamp)).isNull();
    }
}
