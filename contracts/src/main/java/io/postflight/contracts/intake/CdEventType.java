package io.postflight.contracts.intake;

import io.postflight.contracts.DeployAction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CDEvents event type, {@code dev.cdevents.<subject>.<predicate>.<major>.<minor>.<patch>}, and
 * whether Postflight handles it. Accepted: subject {@code service}, predicate {@code deployed},
 * {@code upgraded} or {@code rolledback}, any event version with major 0. CDEvents has only ever
 * shipped 0.x event versions (service.deployed 0.1.0 in spec 0.1, 0.1.1 in 0.2/0.3, 0.2.0 in 0.4,
 * 0.3.0 in 0.5); minor bumps renamed or added optional fields, which the lenient reading absorbs.
 * A pre-release suffix ({@code 0.3.0-draft}, from SDKs built off the spec's main branch) is accepted.
 * A major 1 would announce a breaking change, so it is refused until someone reads it.
 *
 * @param subject e.g. {@code service}
 * @param predicate e.g. {@code deployed}
 * @param version e.g. {@code 0.2.0}
 * @param action the deploy action when Postflight handles this type, else {@code null}
 */
public record CdEventType(String subject, String predicate, String version, DeployAction action) {

    public static final String ACCEPTED =
            "dev.cdevents.service.{deployed,upgraded,rolledback}.0.<minor>.<patch>";

    private static final Pattern TYPE = Pattern.compile(
            "^dev\\.cdevents\\.([a-zA-Z]+)\\.([a-zA-Z]+)\\.(\\d+)\\.(\\d+)\\.(\\d+)(-[0-9A-Za-z.-]+)?$");

    /** Parses {@code type}; {@code null} when it is not a CDEvents type at all. */
    public static CdEventType parse(String type) {
        Matcher m = type == null ? null : TYPE.matcher(type);
        if (m == null || !m.matches()) {
            return null;
        }
        String subject = m.group(1);
        String predicate = m.group(2);
        String version = type.substring(m.start(3));
        DeployAction action = null;
        if ("service".equals(subject) && "0".equals(m.group(3))) {
            action = switch (predicate) {
                case "deployed" -> DeployAction.DEPLOYED;
                case "upgraded" -> DeployAction.UPGRADED;
                case "rolledback" -> DeployAction.ROLLED_BACK;
                default -> null;
            };
        }
        return new CdEventType(subject, predicate, version, action);
    }

    /**
     * The deploy action of a CloudEvent {@code type}.
     *
     * @throws RejectedEventException UNKNOWN_TYPE if Postflight does not handle that type
     */
    public static DeployAction actionOf(String type) throws RejectedEventException {
        CdEventType parsed = parse(type);
        if (parsed == null) {
            throw new RejectedEventException(RejectReason.UNKNOWN_TYPE,
                    "CloudEvent type '" + type + "' is not a CDEvents type; accepted: " + ACCEPTED);
        }
        if (parsed.action == null) {
            boolean deployPredicate = "service".equals(parsed.subject)
                    && java.util.Set.of("deployed", "upgraded", "rolledback").contains(parsed.predicate);
            String why = deployPredicate
                    ? "event version " + parsed.version + " is a major version Postflight does not read"
                    : "Postflight verifies only service deployments, upgrades and rollbacks";
            throw new RejectedEventException(RejectReason.UNKNOWN_TYPE,
                    "CDEvents type '" + type + "' is not handled (" + why + "); accepted: " + ACCEPTED);
        }
        return parsed.action;
    }

    /** Whether {@code other} names the same subject and predicate, whatever the event version. */
    public boolean sameEventAs(CdEventType other) {
        return other != null && subject.equals(other.subject) && predicate.equals(other.predicate);
    }
}
