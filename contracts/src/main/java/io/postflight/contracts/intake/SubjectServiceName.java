package io.postflight.contracts.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which service a CDEvents {@code subject.id} names, when {@code customData.postflight.service}
 * does not say. Ids in the wild put the service with other words: {@code checkout},
 * {@code service/checkout}, {@code prod/checkout}, {@code checkout/production} (what an SDK user
 * naming service and environment writes), {@code team/ns/checkout}. The rules, in order:
 * <ol>
 *   <li>a segment equal to the environment (ignoring case) is never the service, nor is the word
 *       {@code service} or {@code services} (a kind, not a name);</li>
 *   <li>one segment left: that is the service;</li>
 *   <li>several left (ambiguous): the artifact's package URL name, which names what was built and
 *       deployed, when there is one; else the last segment, the usual place of a name in a path;</li>
 *   <li>none left (the id is only the environment): the artifact's name, else none.</li>
 * </ol>
 * Taking the last segment alone made {@code checkout/production} the service {@code production}
 * of the slot {@code production/production}.
 */
final class SubjectServiceName {

    private static final Set<String> KIND_WORDS = Set.of("service", "services");

    private SubjectServiceName() {
    }

    /**
     * @param subjectId the CDEvent {@code subject.id}
     * @param environment the CDEvent {@code subject.content.environment.id}
     * @param artifactName the artifact's package URL name, or {@code null}
     * @return the service name, or {@code null} when neither the id nor the artifact gives one
     */
    static String resolve(String subjectId, String environment, String artifactName) {
        List<String> candidates = new ArrayList<>();
        for (String segment : subjectId.strip().split("/")) {
            String s = segment.strip();
            if (!s.isEmpty() && !s.equalsIgnoreCase(environment) && !KIND_WORDS.contains(s.toLowerCase(Locale.ROOT))) {
                candidates.add(s);
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (artifactName != null && !artifactName.equalsIgnoreCase(environment)) {
            return artifactName;
        }
        return candidates.isEmpty() ? null : candidates.get(candidates.size() - 1);
    }
}
