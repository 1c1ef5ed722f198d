package io.clusterwise.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum Severity {
    @JsonProperty("critical") CRITICAL,
    @JsonProperty("warning") WARNING,
    @JsonProperty("info") INFO
}
