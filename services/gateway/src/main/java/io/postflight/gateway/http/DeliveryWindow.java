package io.postflight.gateway.http;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook delivery ids seen lately, to refuse a replayed delivery: bounded in time
 * ({@code window}) and in size (the oldest forgotten first), kept in this process only, so an
 * instance cannot see another's deliveries and a restart forgets them all (docs/adr/0022).
 * A delivery is claimed before its event is written and released when the write fails, so that
 * the sender's retry of a failed delivery is not taken for a replay. Time is a parameter.
 */
public final class DeliveryWindow {
    private final long windowNanos;
    private final int maxEntries;
    /** delivery id → when it was claimed (nanoTime), in claim order. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    public DeliveryWindow(Duration window, int maxEntries) {
        this.windowNanos = window.toNanos();
        this.maxEntries = maxEntries;
    }

    /** Claims {@code id}; {@code false} when it was claimed within the window (a replay). */
    public synchronized boolean claim(String id, long nowNanos) {
        forgetOld(nowNanos);
        Long at = seen.get(id);
        if (at != null) {
            return false;
        }
        seen.put(id, nowNanos);
        if (seen.size() > maxEntries) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** Forgets a claim whose event could not be written: the sender may try it again. */
    public synchronized void release(String id) {
        seen.remove(id);
    }

    synchronized int size() {
        return seen.size();
    }

    private void forgetOld(long nowNanos) {
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (nowNanos - e.getValue() < windowNanos) {
                return; // claim order is time order: the rest are younger
            }
            it.remove();
        }
    }
}
