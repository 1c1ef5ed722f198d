package io.clusterwise.contracts;

/** Kubernetes' own event types. */
public enum EventType { Normal, Warning }
