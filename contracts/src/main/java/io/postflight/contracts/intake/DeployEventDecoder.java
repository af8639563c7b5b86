package io.postflight.contracts.intake;

import io.postflight.contracts.DeployEvent;
import java.util.Map;

/**
 * Turns one Kafka record from the deploy-events topic into a {@link DeployEvent}: CDEvents
 * ({@code service.deployed}, {@code service.upgraded}, {@code service.rolledback}) in binary-mode
 * CloudEvents ({@code ce_*} headers) or structured mode ({@code application/cloudevents+json}),
 * or the plain {@code postflight.deploy/1} JSON form.
 */
public interface DeployEventDecoder {

    /**
     * @param headers record headers, last value per name, as UTF-8 strings
     * @param value record value bytes (may be {@code null} for a tombstone)
     * @return the decoded event
     * @throws RejectedEventException with the reason and a message a human can act on
     */
    DeployEvent decode(Map<String, String> headers, byte[] value) throws RejectedEventException;
}
