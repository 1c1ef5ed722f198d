package io.clusterwise.devstack;

public final class Main {
    public static void main(String[] args) {
        throw new UnsupportedOperationException("not yet");
    }
}
