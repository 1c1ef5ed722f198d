package io.clusterwise.ingest.publish;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs for envelope ids, as {@link UUID#randomUUID()} makes them, but from a fast generator
 * seeded once from {@link SecureRandom}: an id only has to be unique, not unpredictable, and {@code randomUUID}
 * reads the operating system's entropy under a global lock for every record (JFR: ~6 % of the sender thread).
 * Not thread-safe: one per sending thread.
 */
final class EnvelopeIds {

    private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());

    String get() {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long least = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
        return new UUID(most, least).toString();
    }
}
