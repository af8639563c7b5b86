package io.postflight.gateway;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * One entry of the target map ({@code postflight.targets[n]}): the instances of a service in an
 * environment, for CD systems whose deploy events do not carry instance URLs.
 *
 * <pre>
 * postflight:
 *   targets:
 *     - service: checkout
 *       environment: prod
 *       urls: [http://checkout-0:8080, http://checkout-1:8080]
 * </pre>
 */
@EachProperty(value = "postflight.targets", list = true)
public record TargetMapEntry(@Parameter int index, @NotBlank String service, @NotBlank String environment,
                             @NotEmpty List<String> urls) {
}
