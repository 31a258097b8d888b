package io.hookbridge.journal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/** Event ids: version 7 UUIDs, ordered by creation time so that they index well. */
public final class EventIds {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public EventIds(Clock clock) {
        this.clock = clock;
    }

    public String next() {
        long millis = clock.millis();
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
