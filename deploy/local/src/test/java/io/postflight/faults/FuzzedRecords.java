package io.postflight.faults;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Hostile deploy-event records, reproducible from a seed: random bytes, deep nesting, huge numbers,
 * invalid UTF-8 and wrong CloudEvents headers. None of them describes a usable deployment, so each
 * must end as exactly one dead letter.
 *
 * @param value the record's bytes
 * @param headers its Kafka headers
 * @param kind which family of hostile input it is
 */
record FuzzedRecords(byte[] value, Map<String, String> headers, String kind) {
    static final int KINDS = 6;

    static FuzzedRecords next(Random random, int i) {
        return switch (i % KINDS) {
            case 0 -> randomBytes(random);
            case 1 -> deepNesting(random);
            case 2 -> hugeNumbers(random);
            case 3 -> invalidUtf8(random);
            case 4 -> wrongCloudEventsHeaders(random);
            default -> wrongContentType(random);
        };
    }

    private static FuzzedRecords randomBytes(Random random) {
        byte[] b = new byte[1 + random.nextInt(4000)];
        random.nextBytes(b);
        return new FuzzedRecords(b, Map.of("content-type", "application/json"), "random bytes");
    }

    private static FuzzedRecords deepNesting(Random random) {
        int depth = 500 + random.nextInt(20_000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String s = open.repeat(depth) + "1" + close.repeat(depth);
        return new FuzzedRecords(s.getBytes(StandardCharsets.UTF_8), Map.of("content-type", "application/json"),
                "deep nesting");
    }

    private static FuzzedRecords hugeNumbers(Random random) {
        String huge = "9".repeat(1000 + random.nextInt(20_000));
        String s = "{\"schema\":\"postflight.deploy/1\",\"deploymentId\":" + huge + ",\"service\":\"fuzz\","
                + "\"environment\":\"it\",\"version\":1e" + huge + "}";
        return new FuzzedRecords(s.getBytes(StandardCharsets.UTF_8), Map.of("content-type", "application/json"),
                "huge numbers");
    }

    private static FuzzedRecords invalidUtf8(Random random) {
        byte[] head = ("{\"schema\":\"postflight.deploy/1\",\"deploymentId\":\"fuzz-" + random.nextInt()
                + "\",\"service\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xFF};
        byte[] tail = "\",\"environment\":\"it\",\"version\":\"1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
        return new FuzzedRecords(all, Map.of("content-type", "application/json"), "invalid UTF-8");
    }

    private static FuzzedRecords wrongCloudEventsHeaders(Random random) {
        Map<String, String> h = new LinkedHashMap<>();
        switch (random.nextInt(4)) {
            case 0 -> h.put("ce_specversion", "9.9");
            case 1 -> h.put("ce_specversion", "1.0"); // no id, source or type
            case 2 -> {
                h.put("ce_specversion", "1.0");
                h.put("ce_id", "x");
                h.put("ce_source", "/cd");
                h.put("ce_type", "dev.cdevents.service.deployed.9.9.9-" + random.nextInt());
            }
            default -> {
                h.put("ce_specversion", "1.0");
                h.put("ce_id", "");
                h.put("ce_source", "::not a uri::");
                h.put("ce_type", "dev.cdevents.service.deployed.0.2.0");
            }
        }
        h.put("content-type", "application/json");
        return new FuzzedRecords("{\"context\":{},\"subject\":{}}".getBytes(StandardCharsets.UTF_8), h,
                "wrong CloudEvents headers");
    }

    private static FuzzedRecords wrongContentType(Random random) {
        return new FuzzedRecords("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/cd\",\"type\":\"t\"}"
                .getBytes(StandardCharsets.UTF_8), Map.of("content-type",
                random.nextBoolean() ? "application/cloudevents-batch+json" : "text/\u0000plain"),
                "wrong content type");
    }
}
